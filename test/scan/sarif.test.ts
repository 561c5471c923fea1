import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/scan/types.js";
import { fakeKey, keyless, scanJson, storageConnectionString, tempDir, writeFiles } from "../cli/run.js";

/**
 * The official SARIF 2.1.0 schema (JSON Schema draft-04), as shipped by Microsoft's SARIF SDK
 * (@microsoft/jest-sarif, lib/schemas/sarif-2.1.0-rtm.5.json: the schema published with the 2.1.0 standard).
 */
function sarifSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@microsoft/jest-sarif/package.json"));
  return JSON.parse(readFileSync(path.join(dir, "lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as Record<string, unknown>;
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string }; properties: { reason: string } }[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

// A CommonJS module: its default export is reached through `.default` under NodeNext typing (and at run time).
const Ajv = AjvDraft04.default;
const key = fakeKey();

describe("--format sarif", () => {
  const tmp = tempDir("sarif");
  let sarifText: string;
  let sarif: SarifLog;
  let json: ScanResult;
  beforeAll(async () => {
    await writeFiles(tmp.dir, {
      "src/my storage.ts": `import { BlobServiceClient } from "@azure/storage-blob";\nexport const c = BlobServiceClient.fromConnectionString("${storageConnectionString(key)}");\n`,
      "src/env.ts": `import { BlobServiceClient } from "@azure/storage-blob";\nexport const c = BlobServiceClient.fromConnectionString(process.env.CS ?? "");\n`,
      "data/blob.json": new Uint8Array([123, 0, 1, 2, 125]),
    });
    const r = await keyless(["scan", "--format", "sarif", "--include-env"], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    sarifText = r.stdout;
    sarif = JSON.parse(sarifText) as SarifLog;
    json = (await scanJson(["--include-env"], tmp.dir)).result;
  });
  afterAll(() => {
    tmp.remove();
  });

  it("validates against the SARIF 2.1.0 JSON schema", () => {
    // The schema's language pattern ends in a stray `]`, valid only without the `u` flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema());
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(sarif.version).toBe("2.1.0");
    // …and the validator does reject what the schema forbids.
    expect(validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ ...sarif.runs[0]?.results[0], level: "fatal" }] }] })).toBe(false);
  });

  it("describes every keyless rule with its docs link", () => {
    const rules = sarif.runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual([
      "keyless/no-hardcoded-connection-string",
      "keyless/no-hardcoded-credential",
      "keyless/no-hardcoded-secret",
      "keyless/prefer-managed-identity",
    ]);
    for (const r of rules) {
      expect(r.helpUri).toMatch(new RegExp(`/docs/rules/${r.id.replace("keyless/", "")}\\.md$`, "u"));
      expect(r.shortDescription.text).toMatch(/^(?:Disallow|Prefer|Require) /u);
    }
    expect(rules.find((r) => r.id === "keyless/prefer-managed-identity")?.defaultConfiguration.level).toBe("warning");
    expect(sarif.runs[0]?.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/u);
  });

  it("has one result per finding, located and fingerprinted like the JSON output", () => {
    const run = sarif.runs[0];
    expect(run?.results).toHaveLength(json.findings.length);
    json.findings.forEach((f, i) => {
      const r = run?.results[i];
      expect(r?.ruleId).toBe(f.ruleId);
      expect(run?.tool.driver.rules[r?.ruleIndex ?? -1]?.id).toBe(f.ruleId);
      expect(r?.level).toBe(f.severity);
      expect(r?.message.text).toBe(f.message);
      expect(r?.locations[0]?.physicalLocation.region).toEqual({ startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
      if (f.secret) expect(r?.partialFingerprints["secretFingerprint/v1"]).toBe(f.secret.fingerprint);
      else expect(r?.partialFingerprints["secretFingerprint/v1"]).toMatch(/^sha256:/u);
    });
    expect(run?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toContain("src/my%20storage.ts");
  });

  it("lists files it could not scan as tool notifications", () => {
    const notes = sarif.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(notes.map((n) => [n.properties.reason, n.message.text])).toEqual([["binary", expect.stringMatching(/^data\/blob\.json: binary file/u)]]);
  });

  it("holds no raw secret anywhere", () => {
    expect(sarifText).not.toContain(key);
    expect(sarifText).not.toContain(key.slice(0, 12));
  });
});
