import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import keyless from "../../src/index.js";
import { REPO_ROOT } from "../helpers/shared.js";

/** With typed linting, the program resolves imports: values are followed into other modules. */
describe("typed linting (parserOptions.projectService)", () => {
  const cwd = path.join(REPO_ROOT, "fixtures/rules/typed-project");

  it("reports the key where it is written and follows it across modules in the client's message", async () => {
    const eslint = new ESLint({
      cwd,
      overrideConfigFile: true,
      overrideConfig: [keyless.configs.strict, { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: cwd } } }],
    });
    const results = await eslint.lintFiles(["src/*.ts"]);
    const byFile = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r.messages]));
    expect(byFile["config.ts"]?.map((m) => [m.line, m.ruleId])).toEqual([[3, "keyless/no-hardcoded-secret"]]);
    const search = byFile["search.ts"] ?? [];
    expect(search.map((m) => [m.line, m.ruleId])).toEqual([[4, "keyless/prefer-managed-identity"]]);
    expect(search[0]?.message).toContain("hard-coded in ./config.js");
  });
});
