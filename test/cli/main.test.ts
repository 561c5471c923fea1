import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/scan/types.js";
import { builtCli, keyless, storageConnectionString, tempDir, writeFiles } from "./run.js";

const run = promisify(execFile);

describe("keyless (main)", () => {
  const cwd = process.cwd();

  it("prints help with the commands and exits 0", async () => {
    const r = await keyless(["--help"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scan \[paths…\]/u);
    expect(r.stdout).toMatch(/migrate/u);
    expect(r.stdout).toMatch(/report/u);
  });

  it("prints scan help with every option", async () => {
    const r = await keyless(["scan", "--help"], { cwd });
    expect(r.code).toBe(0);
    for (const flag of ["--staged", "--format stylish|json|sarif", "--output FILE", "--include-env", "--baseline FILE", "--write-baseline FILE"]) {
      expect(r.stdout).toContain(flag);
    }
  });

  it("prints the version", async () => {
    const r = await keyless(["--version"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/u);
  });

  it.each([
    [[], /Usage: keyless/u],
    [["frobnicate"], /unknown command "frobnicate"/u],
    [["--frobnicate"], /unknown option "--frobnicate"/u],
    [["scan", "--bogus"], /--bogus/u],
    [["scan", "--format", "xml"], /--format must be one of stylish, json, sarif \(got "xml"\)/u],
    [["scan", "--output"], /--output/u],
    [["migrate", "--bogus"], /--bogus/u],
  ])("exits 2 for %j with a clear message", async (args, message) => {
    const r = await keyless(args, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});

describe("the built CLI (bin/keyless.js)", () => {
  let bin: string;
  const tmp = tempDir("bin");
  beforeAll(async () => {
    bin = await builtCli();
    await writeFiles(tmp.dir, { "src/storage.ts": `export const cs = "${storageConnectionString()}";\n`, "src/clean.ts": "export const n = 1;\n" });
  });
  afterAll(() => {
    tmp.remove();
  });

  it("exits 1 with findings and writes the JSON contract", async () => {
    const failure = await run(process.execPath, [bin, "scan", "--format", "json"], { cwd: tmp.dir }).then(
      () => ({ code: 0, stdout: "" }),
      (e: unknown) => e as { code: number; stdout: string },
    );
    expect(failure.code).toBe(1);
    const result = JSON.parse(failure.stdout) as ScanResult;
    expect(result.findings.map((f) => [f.file, f.ruleId])).toEqual([["src/storage.ts", "keyless/no-hardcoded-connection-string"]]);
  });

  it("exits 0 on a clean path", async () => {
    const ok = await run(process.execPath, [bin, "scan", "src/clean.ts"], { cwd: tmp.dir });
    expect(ok.stdout).toMatch(/No hard-coded secrets found/u);
  });
});
