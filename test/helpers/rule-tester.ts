import tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { afterAll, describe, it } from "vitest";

// ESLint's RuleTester uses the test framework's hooks; point it at vitest's.
Object.assign(RuleTester, { describe, it, itOnly: it.only, afterAll });

export const ruleTester = new RuleTester({
  languageOptions: { parser: tsParser, ecmaVersion: "latest", sourceType: "module" },
});
