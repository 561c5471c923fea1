// @ts-check
import eslintPlugin from "eslint-plugin-eslint-plugin";
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "fixtures/", "coverage/", ".bench/", ".tmp/", "**/*.d.ts"] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.js", "bin/*.js", "scripts/*.js"] }, tsconfigRootDir: import.meta.dirname },
    },
  },
  regexp.configs["flat/recommended"],
  {
    rules: {
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
    },
  },
  { files: ["rules/**/*.ts"], ...eslintPlugin.configs.recommended },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
