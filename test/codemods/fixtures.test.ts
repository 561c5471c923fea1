/**
 * fixtures/codemods/<case>/{input,expected}/: the migration of input/ is expected/, a second run over expected/
 * changes nothing, and every expected/ type-checks against the installed @azure/*, openai, mssql, pg and redis typings.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverCases, migrateTree, readTree, typecheck, type Case } from "./cases.js";

const cases = discoverCases();

function checkCase(c: Case): void {
  describe(c.name, () => {
    it("migrates input/ to expected/", async () => {
      const { result, tree } = await migrateTree(c.input, c.spec.options);
      expect(result.errors).toEqual([]);
      expect(Object.fromEntries(tree)).toEqual(Object.fromEntries(readTree(c.expected)));
      expect(result.migrated.length).toBe(c.spec.migrated);
      expect(result.skipped.map((s) => ({ file: s.file, reason: s.reason }))).toEqual(c.spec.skipped);
    });
    it("changes nothing on a second run", async () => {
      const { result } = await migrateTree(c.expected, c.spec.options);
      expect(result.changes.map((ch) => ch.file)).toEqual([]);
      expect(result.migrated).toEqual([]);
    });
  });
}

describe("codemod fixtures", () => {
  it("are discovered", () => {
    expect(cases.length).toBeGreaterThan(100);
  });
  for (const c of cases) checkCase(c);
});

describe("expected outputs type-check", () => {
  const checked = cases.filter((c) => c.spec.typecheck !== false);
  it(`${String(checked.length)} expected/ folders, strict, against the real typings`, () => {
    const diagnostics = typecheck(checked.map((c) => c.expected));
    const problems = [...diagnostics.entries()].map(([file, list]) => `${path.relative(process.cwd(), file)}\n  ${list.join("\n  ")}`);
    expect(problems).toEqual([]);
  }, 300_000);
});
