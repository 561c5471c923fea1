import tsParser from "@typescript-eslint/parser";
import type { Linter } from "eslint";
import * as espree from "espree";

const TS_FILE = /\.(?:ts|tsx|mts|cts)$/iu;

interface ParserOptions {
  readonly filePath?: string;
  readonly ecmaVersion?: number | "latest";
  readonly sourceType?: "script" | "module" | "commonjs";
  readonly ecmaFeatures?: { readonly jsx?: boolean; readonly globalReturn?: boolean };
  readonly [key: string]: unknown;
}

/**
 * One config object must parse TypeScript with typescript-eslint and leave JavaScript to ESLint's own parser
 * (espree), so `export default [keyless.configs.recommended]` works as the contract shows. This parser hands each
 * file to the right one by its extension.
 */
export const keylessParser = {
  meta: { name: "eslint-plugin-keyless/parser", version: "0.1.0" },
  parseForESLint(code: string, options: ParserOptions = {}): Linter.ESLintParseResult {
    const file = options.filePath ?? "";
    if (TS_FILE.test(file)) {
      // typescript-eslint's AST and services are a superset of what ESLint's type names; the shapes agree at run time.
      return tsParser.parseForESLint(code, options as Parameters<typeof tsParser.parseForESLint>[1]) as unknown as Linter.ESLintParseResult;
    }
    const jsx = /\.jsx$/iu.test(file) || options.ecmaFeatures?.jsx === true;
    const sourceType = /\.cjs$/iu.test(file) ? "commonjs" : (options.sourceType ?? "module");
    const ast = espree.parse(code, {
      ecmaVersion: options.ecmaVersion === undefined || options.ecmaVersion === "latest" ? "latest" : (options.ecmaVersion as espree.Options["ecmaVersion"]),
      sourceType,
      ecmaFeatures: { jsx, globalReturn: options.ecmaFeatures?.globalReturn ?? false },
      range: true,
      loc: true,
      comment: true,
      tokens: true,
    });
    return { ast: ast as unknown as Linter.ESLintParseResult["ast"] };
  },
};
