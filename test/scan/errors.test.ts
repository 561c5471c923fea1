import { execFileSync } from "node:child_process";
import { chmodSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/scan/types.js";
import { fakeKey, scanJson, storageConnectionString, tempDir, writeFiles } from "../cli/run.js";

const key = fakeKey();

describe("files keyless cannot scan", () => {
  const tmp = tempDir("errors");
  let result: ScanResult;
  let code: number;
  beforeAll(async () => {
    await writeFiles(tmp.dir, {
      "secret.ts": `export const cs = "${storageConnectionString(key)}";\n`,
      "image.json": new Uint8Array([0x7b, 0x00, 0x22, 0x7d]),
      "huge.json": `{"data": "${"a".repeat(1024 * 1024)}"}`,
      "broken.ts": `export const cs = "${storageConnectionString()}";\nfunction (\n`,
      "utf16.config": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<add connectionString="${storageConnectionString()}" />\n`, "utf16le")]),
    });
    symlinkSync(path.join(tmp.dir, "missing-target.json"), path.join(tmp.dir, "dangling.json"));
    if (process.getuid?.() !== 0) {
      await writeFiles(tmp.dir, { "locked.env": "A=1\n" });
      chmodSync(path.join(tmp.dir, "locked.env"), 0o000);
    }
    const run = await scanJson([".", "dangling.json", "nowhere/at-all.ts"], tmp.dir);
    result = run.result;
    code = run.code;
  });
  afterAll(() => {
    tmp.remove();
  });

  const errorFor = (file: string) => result.errors.find((e) => e.file === file);

  it("lists a binary file with its reason", () => {
    expect(errorFor("image.json")).toEqual({ file: "image.json", reason: "binary", message: "binary file (contains NUL bytes): not scanned" });
  });

  it("lists a file over 1 MiB with its reason", () => {
    expect(errorFor("huge.json")).toEqual({ file: "huge.json", reason: "too-large", message: "larger than 1 MiB (1.0 MiB): not scanned" });
  });

  it("lists an unreadable path and a missing path", () => {
    expect(errorFor("dangling.json")).toMatchObject({ reason: "unreadable", message: expect.stringMatching(/cannot be read: no such file \(or a broken symbolic link\)/u) as string });
    expect(errorFor("nowhere/at-all.ts")).toEqual({ file: "nowhere/at-all.ts", reason: "not-found", message: "no such file or directory" });
    if (process.getuid?.() !== 0) expect(errorFor("locked.env")).toMatchObject({ reason: "unreadable", message: expect.stringMatching(/permission denied/u) as string });
  });

  it("scans a file that does not parse as plain text, and says so", () => {
    expect(errorFor("broken.ts")).toMatchObject({ reason: "parse-error", message: expect.stringMatching(/^cannot be parsed \(2:\d+: .+\); scanned as plain text instead$/u) as string });
    expect(result.findings.filter((f) => f.file === "broken.ts").map((f) => [f.line, f.ruleId, f.origin])).toEqual([
      [1, "keyless/no-hardcoded-connection-string", "text at broken.ts:1"],
    ]);
  });

  it("reads UTF-16 files with a byte-order mark", () => {
    expect(result.findings.filter((f) => f.file === "utf16.config").map((f) => f.ruleId)).toEqual(["keyless/no-hardcoded-connection-string"]);
  });

  it("never stops the run: the other files are still scanned and the exit code reflects findings", () => {
    expect(code).toBe(1);
    expect(result.findings.some((f) => f.file === "secret.ts")).toBe(true);
    expect(result.stats.files).toBe(3);
  });

  it("keeps going when only errors occur (exit 0: nothing found)", async () => {
    const other = tempDir("errors-only");
    try {
      await writeFiles(other.dir, { "blob.json": new Uint8Array([0, 1, 2]) });
      mkfifoOrSkip(path.join(other.dir, "pipe.yaml"));
      const run = await scanJson([".", "pipe.yaml"], other.dir);
      expect(run.code).toBe(0);
      expect(run.result.errors.map((e) => e.reason).sort()).toEqual(run.result.errors.length === 2 ? ["binary", "unreadable"] : ["binary"]);
    } finally {
      other.remove();
    }
  });
});

function mkfifoOrSkip(file: string): void {
  try {
    execFileSync("mkfifo", [file]);
  } catch {
    // no mkfifo here: the binary file alone makes the point
  }
}
