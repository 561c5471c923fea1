// ESLint + eslint-plugin-no-secrets as a user would set it up for a TypeScript service: the typescript-eslint parser
// for TypeScript files (ESLint's default parser cannot read them), the plugin's one detection rule on every source file.
import tsParser from "@typescript-eslint/parser";
import noSecrets from "eslint-plugin-no-secrets";

export default [
  { files: ["**/*.{ts,tsx,mts,cts}"], languageOptions: { parser: tsParser } },
  {
    files: ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"],
    plugins: { "no-secrets": noSecrets },
    rules: { "no-secrets/no-secrets": "error" },
  },
];
