import type { ESLint, Linter } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { rules } from "../rules/index.js";

const TS_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];
const JS_FILES = ["**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"];

type Severity = "error" | "warn";

function ruleLevels(preferManagedIdentity: Severity): Linter.RulesRecord {
  return {
    "keyless/no-hardcoded-connection-string": "error",
    "keyless/no-hardcoded-credential": "error",
    "keyless/no-hardcoded-secret": "error",
    "keyless/prefer-managed-identity": preferManagedIdentity,
  };
}

const plugin = {
  meta: { name: "eslint-plugin-keyless", version: "0.1.0" },
  rules,
  configs: {} as Record<"recommended" | "strict", Linter.Config[]>,
} satisfies ESLint.Plugin;

/**
 * Each config is a small array (flat config flattens nested arrays): the TypeScript parser for TS files,
 * the default parser for JS, and the rule levels for both.
 */
function config(name: string, preferManagedIdentity: Severity): Linter.Config[] {
  return [
    {
      name: `keyless/${name}/typescript`,
      files: TS_FILES,
      languageOptions: { parser: tsParser },
      plugins: { keyless: plugin },
      rules: ruleLevels(preferManagedIdentity),
    },
    {
      name: `keyless/${name}/javascript`,
      files: JS_FILES,
      plugins: { keyless: plugin },
      rules: ruleLevels(preferManagedIdentity),
    },
  ];
}

plugin.configs.recommended = config("recommended", "warn");
plugin.configs.strict = config("strict", "error");

export default plugin;
export { rules };
