import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HARD_CODED_RULES, lint, shortRule } from "../helpers/lint.js";
import { REPO_ROOT } from "../helpers/shared.js";

/**
 * fixtures/detect/ng.<case>.* mark every line holding secret material with `// expect: <rule>[, <rule>]`
 * (or `// expect-next-line: <rule>` on the line before); ok.<case>.* files must produce no hard-coded finding.
 */
const DIR = path.join(REPO_ROOT, "fixtures/detect");
const files = readdirSync(DIR).filter((f) => /^(?:ok|ng)\..+\.[cm]?[jt]sx?$/u.test(f)).sort();
const MARKER = /\/\/\s*expect(?<next>-next-line)?:\s*(?<rules>[\w-]+(?:\s*,\s*[\w-]+)*)/u;

function expectations(text: string): Map<number, Set<string>> {
  const expected = new Map<number, Set<string>>();
  text.split("\n").forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m?.groups) return;
    const target = m.groups.next ? i + 2 : i + 1;
    const set = expected.get(target) ?? new Set<string>();
    for (const r of (m.groups.rules ?? "").split(",")) set.add(r.trim());
    expected.set(target, set);
  });
  return expected;
}

describe("fixtures/detect", () => {
  it("has a corpus of at least 150 cases, both kinds", () => {
    expect(files.filter((f) => f.startsWith("ng.")).length).toBeGreaterThanOrEqual(60);
    expect(files.filter((f) => f.startsWith("ok.")).length).toBeGreaterThanOrEqual(50);
    expect(files.length).toBeGreaterThanOrEqual(150);
  });

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(path.join(DIR, file), "utf8");
      const expected = expectations(text);
      if (file.startsWith("ng.")) expect(expected.size, "an ng fixture marks at least one line").toBeGreaterThan(0);
      if (file.startsWith("ok.")) expect(expected.size, "an ok fixture has no markers").toBe(0);
      const messages = lint(text, file);
      const actual = new Map<number, Set<string>>();
      for (const m of messages) {
        const rule = shortRule(m.ruleId);
        const line = actual.get(m.line) ?? new Set<string>();
        line.add(rule);
        actual.set(m.line, line);
      }
      const hardCoded = (s: Set<string> | undefined): string[] => [...(s ?? [])].filter((r) => (HARD_CODED_RULES as readonly string[]).includes(r)).sort();
      const lines = new Set([...expected.keys(), ...actual.keys()]);
      const diffs: string[] = [];
      for (const line of [...lines].sort((a, b) => a - b)) {
        const want = hardCoded(expected.get(line));
        const got = hardCoded(actual.get(line));
        if (want.join() !== got.join()) diffs.push(`line ${String(line)}: expected [${want.join(", ")}] got [${got.join(", ")}]`);
        if (expected.get(line)?.has("prefer-managed-identity") && !actual.get(line)?.has("prefer-managed-identity")) {
          diffs.push(`line ${String(line)}: expected prefer-managed-identity`);
        }
      }
      expect(diffs).toEqual([]);
    });
  }
});
