import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import keyless from "../../src/index.js";
import { REPO_ROOT } from "../helpers/shared.js";

/** Rules, docs, tests and configs stay in step (after eslint-plugin-unicorn's package test). */
describe("plugin package", () => {
  const ruleIds = Object.keys(keyless.rules).sort();

  it("has one file per rule under rules/, named after the rule id", () => {
    const files = readdirSync(path.join(REPO_ROOT, "rules"))
      .filter((f) => f.endsWith(".ts") && !["index.ts", "create-rule.ts", "module-files.ts"].includes(f))
      .map((f) => f.replace(/\.ts$/u, ""))
      .sort();
    expect(files).toEqual(ruleIds);
  });

  for (const id of ruleIds) {
    describe(id, () => {
      const rule = keyless.rules[id as keyof typeof keyless.rules];
      const docsFile = path.join(REPO_ROOT, "docs/rules", `${id}.md`);

      it("has a docs page whose title is the rule description", () => {
        expect(existsSync(docsFile)).toBe(true);
        const title = readFileSync(docsFile, "utf8").split("\n")[0];
        expect(title).toBe(`# ${String(rule.meta?.docs?.description)} (\`keyless/${id}\`)`);
      });

      it("starts its description with Disallow, Require or Prefer", () => {
        expect(rule.meta?.docs?.description).toMatch(/^(?:Disallow|Require|Prefer) /u);
      });

      it("links to its docs page", () => {
        expect(rule.meta?.docs?.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`, "u"));
      });

      it("documents every message id in its own section", () => {
        const docs = readFileSync(docsFile, "utf8");
        for (const messageId of Object.keys(rule.meta?.messages ?? {})) {
          expect(docs, messageId).toContain(`\n### ${messageId}\n`);
        }
      });

      it("has its own test file", () => {
        expect(existsSync(path.join(REPO_ROOT, "test/rules", `${id}.test.ts`))).toBe(true);
      });

      it("offers suggestions, never autofixes", () => {
        expect(rule.meta?.fixable).toBeUndefined();
      });

      it("is in both configs at the documented level", () => {
        const level = (name: "recommended" | "strict"): unknown => keyless.configs[name].rules?.[`keyless/${id}`];
        expect(level("strict")).toBe("error");
        expect(level("recommended")).toBe(id === "prefer-managed-identity" ? "warn" : "error");
      });
    });
  }
});
