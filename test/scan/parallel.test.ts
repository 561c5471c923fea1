import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/scan/types.js";
import { builtCli, fakeKey, storageConnectionString, tempDir, writeFiles } from "../cli/run.js";

const exec = promisify(execFile);

/** A small tree with imports between files, config files and an unreadable one: enough batches for every thread. */
function corpus(): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < 120; i++) {
    const lines = [`import { value${String((i + 1) % 120)} } from "./file${String((i + 1) % 120)}.js";`];
    if (i % 10 === 0) lines.push(`export const value${String(i)} = "${storageConnectionString()}";`);
    else lines.push(`export const value${String(i)} = value${String((i + 1) % 120)};`);
    if (i % 15 === 0) lines.push('import { BlobServiceClient } from "@azure/storage-blob";', `export const c${String(i)} = BlobServiceClient.fromConnectionString(value${String(i)});`);
    files[`src/file${String(i)}.ts`] = `${lines.join("\n")}\n`;
  }
  for (let i = 0; i < 20; i++) files[`config/app${String(i)}.json`] = `{ "Storage": "${i % 4 === 0 ? storageConnectionString() : "UseDevelopmentStorage=true"}", "DbPassword": "${fakeKey(12)}" }\n`;
  files["config/blob.json"] = new Uint8Array([0, 1, 2]);
  return files;
}

describe("worker threads", () => {
  const tmp = tempDir("parallel");
  let bin: string;
  beforeAll(async () => {
    bin = await builtCli();
    await writeFiles(tmp.dir, corpus());
  });
  afterAll(() => {
    tmp.remove();
  });

  const scanWith = async (workers: number): Promise<ScanResult> => {
    const run = await exec(process.execPath, [bin, "scan", "--format", "json", "--include-env"], { cwd: tmp.dir, env: { ...process.env, KEYLESS_WORKERS: String(workers) } }).catch(
      (e: unknown) => e as { stdout: string },
    );
    return JSON.parse(run.stdout) as ScanResult;
  };

  it("report exactly what the main thread alone reports", async () => {
    const [single, parallel] = await Promise.all([scanWith(0), scanWith(2)]);
    expect(single.findings.length).toBeGreaterThan(20);
    expect(parallel.findings).toEqual(single.findings);
    expect(parallel.errors).toEqual(single.errors);
    expect(parallel.stats.files).toBe(single.stats.files);
  });
});
