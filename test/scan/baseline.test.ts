import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeKey, keyless, scanJson, storageConnectionString, tempDir, writeFiles } from "../cli/run.js";

const storageKey = fakeKey();
const password = `Pw_${fakeKey(12).replace(/[+/=]/gu, "x")}`;

const original = {
  "src/storage.ts": `import { BlobServiceClient } from "@azure/storage-blob";\nconst cs = "${storageConnectionString(storageKey)}";\nexport const c = BlobServiceClient.fromConnectionString(cs);\n`,
  ".env": `DB_PASSWORD=${password}\nLOG_LEVEL=info\n`,
};

describe("--baseline / --write-baseline", () => {
  const tmp = tempDir("baseline");
  beforeAll(async () => {
    await writeFiles(tmp.dir, original);
  });
  afterAll(() => {
    tmp.remove();
  });
  const baselineFile = () => path.join(tmp.dir, "keyless-baseline.json");

  it("--write-baseline records the findings, reports nothing and exits 0", async () => {
    const r = await keyless(["scan", "--write-baseline", "keyless-baseline.json", "--include-env"], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote 3 fingerprints to keyless-baseline\.json/u);
    const text = readFileSync(baselineFile(), "utf8");
    const baseline = JSON.parse(text) as { version: number; findings: { ruleId: string; fingerprint: string; file: string; kind: string }[] };
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((e) => [e.file, e.ruleId])).toEqual([
      [".env", "keyless/no-hardcoded-secret"],
      ["src/storage.ts", "keyless/no-hardcoded-connection-string"],
      ["src/storage.ts", "keyless/prefer-managed-identity"],
    ]);
    for (const e of baseline.findings) expect(e.fingerprint).toMatch(/^sha256:[\da-f]{16}$/u);
    expect(text).not.toContain(storageKey.slice(0, 12));
    expect(text).not.toContain(password);
  });

  it("--baseline silences known findings after lines move and the code is reformatted", async () => {
    await writeFiles(tmp.dir, {
      "src/storage.ts": `// storage access\n\nimport { BlobServiceClient } from "@azure/storage-blob";\n\nexport const c = BlobServiceClient.fromConnectionString(\n  "${storageConnectionString(storageKey).replace("contosodemo", "contosoother")}",\n);\n`,
      ".env": `LOG_LEVEL=info\n\n# database\nDB_PASSWORD=${password}\n`,
    });
    const { code, result } = await scanJson(["--baseline", "keyless-baseline.json", "--include-env"], tmp.dir);
    expect(result.findings).toEqual([]);
    expect(result.stats.baselined).toBe(3);
    expect(code).toBe(0);
  });

  it("still reports a new secret, even in a baselined file", async () => {
    const newKey = fakeKey(32);
    await writeFile(path.join(tmp.dir, ".env"), `DB_PASSWORD=${password}\nBUS=Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=s;SharedAccessKey=${newKey}\n`);
    const { code, result } = await scanJson(["--baseline", "keyless-baseline.json"], tmp.dir);
    expect(code).toBe(1);
    expect(result.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual([[".env", 2, "keyless/no-hardcoded-connection-string"]]);
  });

  it("exits 2 for a missing or malformed baseline", async () => {
    const missing = await keyless(["scan", "--baseline", "nope.json"], { cwd: tmp.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the baseline nope\.json: ENOENT/u);
    await writeFile(path.join(tmp.dir, "bad.json"), '{"version": 2}');
    const bad = await keyless(["scan", "--baseline", "bad.json"], { cwd: tmp.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a keyless baseline/u);
  });
});
