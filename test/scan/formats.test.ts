import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/scan/types.js";
import { fakeKey, keyless, scanJson, storageConnectionString, tempDir, writeFiles } from "../cli/run.js";

const storageKey = fakeKey();
const busKey = fakeKey(32);
const SECRETS = [storageKey, busKey];

const FILES = {
  "src/storage.ts": [
    'import { BlobServiceClient } from "@azure/storage-blob";',
    "",
    `const connectionString = "${storageConnectionString(storageKey)}";`,
    "export const blobs = BlobServiceClient.fromConnectionString(connectionString);",
    "export const fromEnv = BlobServiceClient.fromConnectionString(process.env.STORAGE ?? '');",
    "",
  ].join("\n"),
  "config/.env": `SERVICEBUS=Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${busKey}\n`,
  "src/clean.ts": "export const answer = 42;\n",
};

describe("keyless scan output formats", () => {
  const tmp = tempDir("formats");
  beforeAll(async () => {
    await writeFiles(tmp.dir, FILES);
  });
  afterAll(() => {
    tmp.remove();
  });

  it("--format json follows the version 1 contract", async () => {
    const { code, result } = await scanJson([], tmp.dir);
    expect(code).toBe(1);
    expect(Object.keys(result)).toEqual(["version", "findings", "errors", "stats"]);
    expect(result.version).toBe(1);
    expect(result.errors).toEqual([]);
    expect(result.stats.files).toBe(3);
    expect(typeof result.stats.durationMs).toBe("number");
    expect(result.findings.map((f) => [f.file, f.ruleId])).toEqual([
      ["config/.env", "keyless/no-hardcoded-connection-string"],
      ["src/storage.ts", "keyless/no-hardcoded-connection-string"],
    ]);
    const [env, storage] = result.findings;
    expect(storage).toEqual({
      ruleId: "keyless/no-hardcoded-connection-string",
      messageId: "connectionString",
      kind: "azure-storage-connection-string",
      service: "storage-blob",
      severity: "error",
      confidence: "high",
      file: "src/storage.ts",
      line: 3,
      column: expect.any(Number) as number,
      endLine: 3,
      endColumn: expect.any(Number) as number,
      message: expect.stringMatching(/^Hard-coded Azure Storage connection string .*See https:\/\/\S+no-hardcoded-connection-string\.md#connectionstring$/u) as string,
      secret: { redacted: `Defa…(${String(storageConnectionString(storageKey).length)})`, fingerprint: expect.stringMatching(/^sha256:[\da-f]{16}$/u) as string },
      origin: "literal at src/storage.ts:3 → BlobServiceClient.fromConnectionString at src/storage.ts:4",
      docsUrl: expect.stringMatching(/\/docs\/rules\/no-hardcoded-connection-string\.md#connectionstring$/u) as string,
    });
    expect(storage?.column).toBe((FILES["src/storage.ts"].split("\n")[2] ?? "").indexOf(storageKey) + 1);
    expect((storage?.endColumn ?? 0) - (storage?.column ?? 0)).toBe(storageKey.length);
    expect(env?.service).toBe("service-bus");
    expect(env?.origin).toBe("config value at config/.env:1");
  });

  it("exits 0 with an empty findings list on a clean path", async () => {
    const { code, result } = await scanJson(["src/clean.ts"], tmp.dir);
    expect(code).toBe(0);
    expect(result.findings).toEqual([]);
    expect(result.stats.files).toBe(1);
  });

  it("--include-env adds prefer-managed-identity warnings (env-sourced keys included)", async () => {
    const { result } = await scanJson(["--include-env", "src"], tmp.dir);
    const pmi = result.findings.filter((f) => f.ruleId === "keyless/prefer-managed-identity");
    expect(pmi.map((f) => [f.line, f.severity, f.secret])).toEqual([
      [4, "warning", null],
      [5, "warning", null],
    ]);
    expect(pmi[1]?.message).toMatch(/from process\.env\./u);
  });

  it("stylish prints one line per finding with its docs link, a summary, and no colour off a terminal", async () => {
    const r = await keyless(["scan"], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("src/storage.ts");
    const finding = lines.find((l) => l.startsWith("  3:"));
    expect(finding).toMatch(/^ {2}3:\d+ +error +Hard-coded .* See https:\/\/\S+#connectionstring +keyless\/no-hardcoded-connection-string$/u);
    expect(r.stdout).toMatch(/✖ 2 problems \(2 errors, 0 warnings\) in 2 files · 3 files scanned in \d+ ms/u);
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("stylish colours a terminal, unless NO_COLOR", async () => {
    expect((await keyless(["scan"], { cwd: tmp.dir, tty: true })).stdout).toContain("\u001b[31m");
    expect((await keyless(["scan"], { cwd: tmp.dir, tty: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
  });

  it("--output writes the report to a file and nothing to stdout", async () => {
    const r = await keyless(["scan", "--format", "json", "--output", "report.json"], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const written = JSON.parse(readFileSync(path.join(tmp.dir, "report.json"), "utf8")) as ScanResult;
    expect(written.findings).toHaveLength(2);
  });

  it.each(["stylish", "json", "sarif"])("never prints a secret (--format %s)", async (format) => {
    const r = await keyless(["scan", "--include-env", "--format", format], { cwd: tmp.dir, tty: true });
    for (const secret of SECRETS) {
      expect(r.stdout.includes(secret)).toBe(false);
      expect(r.stdout.includes(secret.slice(0, 16))).toBe(false);
      expect(r.stderr.includes(secret.slice(0, 16))).toBe(false);
    }
  });
});
