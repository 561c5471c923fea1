import { describe, expect, it } from "vitest";
import { mayHoldFindings } from "../../src/scan/prefilter.js";

/**
 * The prefilter keeps files out of the parser only when no finding is possible: every case here that could hold
 * one must be sent to the analysis. (fixtures/detect, through the parity test, covers the ordinary ones.)
 */
describe("the TypeScript/JavaScript prefilter", () => {
  it.each([
    ["an import", 'import { x } from "y";\n'],
    ["a type-only import", 'import type { X } from "./x";\n'],
    ["a dynamic import", "export const m = await import(name);\n"],
    ["a require", "const { BlobServiceClient } = require(pkg);\n"],
    ["a long string", 'export const s = "abcdefgh";\n'],
    ["short strings concatenated", 'export const password = "abcd" + "ef12";\n'],
    ["a template with a hole", "export const s = `a${b}c`;\n"],
    ["a long no-substitution template", "export const s = `abcdefgh`;\n"],
    ["a long comment", "// abcdefghij\nexport const a = 1;\n"],
    ["a block comment", "/* secret */ export const a = 1;\n"],
    ["a quote inside a regular expression before a string", 'export const t = /"/.source + "abcdefghij";\n'],
    ["an unterminated string", 'export const s = "abc\n'],
    ["escapes", 'export const s = "\\x41\\x41";\n'],
  ])("sends a file with %s to the analysis", (_, text) => {
    expect(mayHoldFindings(text)).toBe(true);
  });

  it.each([
    ["numbers only", "export const answer = 42;\nexport enum Level { Low = 1, High = 2 }\n"],
    ["types only", "export interface User { id: number; name: string }\nexport type Id = User['id'];\n"],
    ["short comments and strings", "// ok\nexport const a = 'x', b = \"y\";\n"],
  ])("skips a file with %s", (_, text) => {
    expect(mayHoldFindings(text)).toBe(false);
  });
});
