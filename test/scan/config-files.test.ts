import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/scan/types.js";
import { REPO_ROOT } from "../helpers/shared.js";
import { scanJson } from "../cli/run.js";

/**
 * fixtures/scan/config/<file> holds configuration files as they are written in real projects; beside each,
 * `<file>.expect.json` says what must be reported:
 *   findings:       [{ line, ruleId }]  every secret the scan must report (and nothing else)
 *   todo:           [{ line, ruleId, why }]  secrets the detectors do not recognise yet (not asserted)
 *   falsePositives: [{ line, ruleId, why }]  reports the detectors make today that are not secrets (tolerated)
 */
interface Expected {
  readonly line: number;
  readonly ruleId: string;
  readonly why?: string;
}
interface Expectation {
  readonly findings: readonly Expected[];
  readonly todo?: readonly Expected[];
  readonly falsePositives?: readonly Expected[];
}

const DIR = path.join(REPO_ROOT, "fixtures/scan/config");
const SIDE = ".expect.json";
const cases = readdirSync(DIR).filter((f) => !f.endsWith(SIDE)).sort();
const keyOf = (e: { line: number; ruleId: string }): string => `${String(e.line)} ${e.ruleId}`;

function count(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

describe("config files (fixtures/scan/config)", () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = (await scanJson(["fixtures/scan/config"], REPO_ROOT)).result;
  });

  it("covers every configuration format keyless reads", () => {
    const names = cases.join(" ");
    for (const pattern of [/appsettings\.json/u, /local\.settings\.json/u, /(?:^| )\.env(?: |$)/u, /\.ya?ml/u, /\.toml/u, /\.ini/u, /\.xml/u, /\.config/u, /\.properties/u, /\.tf/u, /\.bicep/u, /\.sh/u]) {
      expect(names).toMatch(pattern);
    }
    for (const c of cases) expect(readdirSync(DIR), `${c} needs ${c}${SIDE}`).toContain(`${c}${SIDE}`);
  });

  it("reports nothing in the expectation files themselves", () => {
    expect(result.findings.filter((f) => f.file.endsWith(SIDE))).toEqual([]);
    expect(result.errors).toEqual([]);
  });

  it.each(cases)("%s", (name) => {
    const expectation = JSON.parse(readFileSync(path.join(DIR, `${name}${SIDE}`), "utf8")) as Expectation;
    const actual = count(result.findings.filter((f) => f.file === `fixtures/scan/config/${name}`).map(keyOf));
    for (const tolerated of expectation.falsePositives ?? []) {
      const k = keyOf(tolerated);
      const n = actual.get(k) ?? 0;
      if (n > 0) actual.set(k, n - 1);
    }
    const got = [...actual].flatMap(([k, n]) => Array.from({ length: n }, () => k)).sort();
    // A todo that is now found means the detectors improved: move it to findings.
    const todo = new Set((expectation.todo ?? []).map(keyOf));
    const label = (k: string): string => (todo.has(k) ? `${k} (listed as todo: now found)` : k);
    expect(got.map(label)).toEqual(expectation.findings.map(keyOf).sort());
  });

  it("places config findings on the key material, with a redacted secret and the config origin", () => {
    const f = result.findings.find((x) => x.file === "fixtures/scan/config/appsettings.json");
    expect(f).toBeDefined();
    if (!f) return;
    const line = readFileSync(path.join(DIR, "appsettings.json"), "utf8").split("\n")[f.line - 1] ?? "";
    expect(line.slice(0, f.column - 1)).toMatch(/AccountKey=$/u);
    expect(f.endColumn - f.column).toBe(88);
    expect(f.secret?.redacted).toMatch(/^Defa…\(\d{3}\)$/u);
    expect(f.origin).toBe(`config value at fixtures/scan/config/appsettings.json:${String(f.line)}`);
    expect(f.kind).toBe("azure-storage-connection-string");
  });
});
