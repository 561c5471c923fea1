import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile, parseSourceFile } from "../../src/api.js";
import { HARD_CODED_RULES, label, lint, shortRule } from "../helpers/lint.js";
import { readJsonLines, REPO_ROOT, sharedPath } from "../helpers/shared.js";

interface PeerVector {
  readonly tool: string;
  readonly rule: string;
  readonly expect: "secret" | "not-secret";
  readonly text: string;
}

interface IdentifiableVector {
  readonly kind: string;
  readonly text: string;
  readonly valid: boolean;
}

interface Exception {
  readonly sha256: string;
  readonly tool: string;
  readonly rule: string;
  readonly peerLabel: "secret" | "not-secret";
  readonly reason: string;
}

const sha = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");
const exceptions = new Map(
  (JSON.parse(readFileSync(path.join(REPO_ROOT, "fixtures/peer-vector-exceptions.json"), "utf8")) as Exception[]).map((e) => [e.sha256, e]),
);

/** A vector placed in a TypeScript string, the way the issue asks: `const value = "<text>";`. */
function reported(text: string): boolean {
  const source = `export const value = ${JSON.stringify(text)};\n`;
  return lint(source, "vector.ts").some((m) => (HARD_CODED_RULES as readonly string[]).includes(shortRule(m.ruleId)));
}

describe("peer scanners' own test vectors", () => {
  const vectors = readJsonLines<PeerVector>(sharedPath("corpus/peer-vectors.jsonl"));
  it("are all present", () => {
    expect(vectors.length).toBeGreaterThan(200);
  });
  vectors.forEach((v, i) => {
    const exception = exceptions.get(sha(v.text));
    const want = exception ? v.expect !== "secret" : v.expect === "secret";
    it(`#${String(i)} ${v.tool} ${v.rule} ${v.expect}${exception ? " (documented exception)" : ""} ${label(v.text)}`, () => {
      expect(reported(v.text)).toBe(want);
    });
  });
  it("every documented exception still matches a vector", () => {
    const hashes = new Set(vectors.map((v) => sha(v.text)));
    for (const e of exceptions.values()) expect(hashes.has(e.sha256), e.reason).toBe(true);
  });
});

/** The confidence the shared analysis gives the value (what `keyless scan --format json` prints). */
function confidences(text: string): string[] {
  const sf = parseSourceFile("vector.ts", `export const value = ${JSON.stringify(text)};\n`);
  return analyzeFile(sf).findings.map((f) => f.confidence);
}

describe("Microsoft identifiable key vectors", () => {
  const vectors = readJsonLines<IdentifiableVector>(sharedPath("corpus/identifiable-vectors.jsonl"));
  vectors.forEach((v, i) => {
    it(`#${String(i)} ${v.kind} ${v.valid ? "valid: reported at high confidence" : "invalid: not reported"} ${label(v.text)}`, () => {
      expect(reported(v.text)).toBe(v.valid);
      if (v.valid) expect(confidences(v.text)).toContain("high");
      else expect(confidences(v.text)).not.toContain("high");
    });
  });
});
