import path from "node:path";
import ts from "typescript";

/** How a file is written, so that what the migration adds reads as if its author had written it. */
export interface SourceStyle {
  readonly quote: "\"" | "'";
  readonly semicolons: boolean;
  /** one level of indentation: two spaces, four, or a tab */
  readonly indent: string;
  readonly eol: "\n" | "\r\n";
  /** `import … from` or `require(…)` */
  readonly modules: "esm" | "cjs";
  /** TypeScript syntax (`!`, `as const`) may be written */
  readonly typescript: boolean;
}

/** Majority vote over what the file already does; the defaults are Prettier's. */
export function detectStyle(sf: ts.SourceFile): SourceStyle {
  const text = sf.text;
  let single = 0;
  let double = 0;
  let withSemicolon = 0;
  let withoutSemicolon = 0;
  let hasImport = false;
  let hasRequire = false;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) {
      const quote = text.charAt(node.getStart(sf));
      // Module specifiers count twice: they are the strings an author types most deliberately.
      const weight = ts.isImportDeclaration(node.parent) ? 2 : 1;
      if (quote === "'") single += weight;
      else if (quote === "\"") double += weight;
    }
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) hasImport = true;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require") hasRequire = true;
    if (isSemicolonCandidate(node)) {
      if (text.charAt(node.getEnd() - 1) === ";") withSemicolon++;
      else withoutSemicolon++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const ext = path.extname(sf.fileName).toLowerCase();
  const typescript = [".ts", ".tsx", ".mts", ".cts"].includes(ext);
  const modules: SourceStyle["modules"] = ext === ".cjs" || ext === ".cts" ? "cjs" : ext === ".mjs" || ext === ".mts" ? "esm" : moduleStyle(hasImport, hasRequire);
  return {
    quote: single > double ? "'" : "\"",
    semicolons: withSemicolon >= withoutSemicolon,
    indent: detectIndent(text),
    eol: text.includes("\r\n") ? "\r\n" : "\n",
    modules,
    typescript,
  };
}

/** `require` only: CommonJS; anything else (imports, or neither): ES modules. */
function moduleStyle(hasImport: boolean, hasRequire: boolean): SourceStyle["modules"] {
  return hasRequire && !hasImport ? "cjs" : "esm";
}

function isSemicolonCandidate(node: ts.Node): boolean {
  return (
    ts.isVariableStatement(node) ||
    ts.isImportDeclaration(node) ||
    ts.isExpressionStatement(node) ||
    ts.isReturnStatement(node) ||
    (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined)
  );
}

/** The smallest indentation step the file uses. */
function detectIndent(text: string): string {
  let smallest = Infinity;
  let tabs = 0;
  let spaces = 0;
  for (const line of text.split("\n")) {
    const match = /^([ \t]+)\S/u.exec(line);
    const lead = match?.[1];
    if (lead === undefined) continue;
    if (lead.startsWith("\t")) tabs++;
    else {
      spaces++;
      // A lone space is JSDoc's ` * ` continuation, not an indentation step.
      if (lead.length >= 2) smallest = Math.min(smallest, lead.length);
    }
  }
  if (tabs > spaces) return "\t";
  return " ".repeat(Number.isFinite(smallest) ? Math.min(smallest, 8) : 2);
}

/** A string literal in the file's quote style. */
export function quoted(value: string, style: SourceStyle): string {
  const q = style.quote;
  const escaped = value.replace(/\\/gu, "\\\\").replace(/\r/gu, "\\r").replace(/\n/gu, "\\n").split(q).join(`\\${q}`);
  return `${q}${escaped}${q}`;
}

/** `;` or nothing, as the file ends its statements. */
export function semi(style: SourceStyle): string {
  return style.semicolons ? ";" : "";
}

/** The whitespace at the start of the line that holds `pos`. */
export function lineIndent(text: string, pos: number): string {
  const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
  return /^[ \t]*/u.exec(text.slice(lineStart))?.[0] ?? "";
}
