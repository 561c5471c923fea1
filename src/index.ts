import type { ESLint, Linter } from "eslint";
import { rules } from "../rules/index.js";
import { keylessParser } from "./parser.js";

const FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"];

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
  configs: {} as Record<"recommended" | "strict", Linter.Config>,
} satisfies ESLint.Plugin;

/**
 * One config object (the contract is `export default [keyless.configs.recommended]`): typescript-eslint parses
 * TypeScript files, ESLint's own parser the JavaScript ones, and the rule levels apply to both.
 */
function config(name: string, preferManagedIdentity: Severity): Linter.Config {
  return {
    name: `keyless/${name}`,
    files: FILES,
    languageOptions: { parser: keylessParser },
    plugins: { keyless: plugin },
    rules: ruleLevels(preferManagedIdentity),
  };
}

plugin.configs.recommended = config("recommended", "warn");
plugin.configs.strict = config("strict", "error");

export default plugin;
export { rules };
