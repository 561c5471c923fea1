import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import keyless from "../../src/index.js";
import { REPO_ROOT } from "../helpers/shared.js";

/** `const { key } = require("./config")` is followed like an import, without typed linting. */
describe("CommonJS config modules", () => {
  it("reports the key in config.js and says where the client's key comes from", async () => {
    const cwd = path.join(REPO_ROOT, "fixtures/rules/commonjs-project");
    const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [keyless.configs.recommended] });
    const results = await eslint.lintFiles(["*.js"]);
    const byFile = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r.messages]));
    expect(byFile["config.js"]?.map((m) => [m.line, m.ruleId])).toEqual([[4, "keyless/no-hardcoded-secret"]]);
    const cosmos = byFile["cosmos.js"] ?? [];
    expect(cosmos.map((m) => [m.line, m.ruleId])).toEqual([[4, "keyless/prefer-managed-identity"]]);
    expect(cosmos[0]?.message).toContain("hard-coded in ./config");
  });
});
