import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { REPO_ROOT } from "../helpers/shared.js";

/** One regular expression Keyless runs, and every place it comes from. */
export interface RegexSite {
  readonly source: string;
  readonly flags: string;
  /** `src/detect/sas.ts:31` or `src/catalog/secret-formats.ts › SECRET_FORMATS[3].pattern` */
  readonly where: string;
}

/**
 * A `new RegExp(\`…${x}…\`)` whose pattern is built from data. Each substitution's expression text names the values
 * it takes at run time, so the check sees every pattern the code can build; an unlisted one fails the test.
 */
export interface DynamicRegex {
  /** repository-relative, `/`-separated */
  readonly file: string;
  /** the substitution's expression as written (`k`, `BROWSER_MARKERS.globals`) → the strings it can hold */
  readonly substitutions: Readonly<Record<string, () => readonly string[]>>;
}

export interface CollectedRegexes {
  readonly sites: readonly RegexSite[];
  /** `new RegExp(x)` whose pattern the source does not spell out and no DynamicRegex entry explains */
  readonly unexplained: readonly string[];
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (/\.(?:c|m)?tsx?$/u.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out.sort();
}

const relative = (file: string): string => path.relative(REPO_ROOT, file).split(path.sep).join("/");

/** `RegExp`, `globalThis.RegExp` */
function isRegExpConstructor(expr: ts.Expression): boolean {
  return (ts.isIdentifier(expr) && expr.text === "RegExp") || (ts.isPropertyAccessExpression(expr) && expr.name.text === "RegExp" && ts.isIdentifier(expr.expression) && expr.expression.text === "globalThis");
}

/** The string a literal argument spells, or undefined when it is computed. */
function staticString(node: ts.Expression | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return staticString(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = staticString(node.left);
    const right = staticString(node.right);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  return undefined;
}

/** Every combination of the substitutions' values filled into a template literal. */
function expandTemplate(template: ts.TemplateExpression, values: readonly (readonly string[])[]): string[] {
  let patterns = [template.head.text];
  template.templateSpans.forEach((span, i) => {
    const choices = values[i] ?? [];
    patterns = patterns.flatMap((prefix) => choices.map((v) => prefix + v + span.literal.text));
  });
  return patterns;
}

/**
 * Regular expressions written in TypeScript sources, read with the TypeScript parser: literals, `new RegExp(…)` /
 * `RegExp(…)`, and the strings that `.match`, `.matchAll` and `.search` turn into patterns.
 */
export function regexesInSources(roots: readonly string[], dynamic: readonly DynamicRegex[]): CollectedRegexes {
  const sites: RegexSite[] = [];
  const unexplained: string[] = [];
  for (const root of roots) {
    for (const file of tsFiles(path.join(REPO_ROOT, root))) {
      const text = readFileSync(file, "utf8");
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      const name = relative(file);
      const at = (node: ts.Node): string => `${name}:${String(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1)}`;
      const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const literal = node.getText(sf);
          const slash = literal.lastIndexOf("/");
          sites.push({ source: literal.slice(1, slash), flags: literal.slice(slash + 1), where: at(node) });
        } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isRegExpConstructor(node.expression)) {
          constructed(node, node.arguments ?? ts.factory.createNodeArray());
        } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ["match", "matchAll", "search"].includes(node.expression.name.text)) {
          // `text.match("a.b")` compiles its string argument to a RegExp (a RegExp argument is a literal seen above).
          const pattern = staticString(node.arguments[0]);
          if (pattern !== undefined) sites.push({ source: pattern, flags: node.expression.name.text === "matchAll" ? "g" : "", where: at(node) });
        }
        ts.forEachChild(node, visit);
      };
      const constructed = (node: ts.NewExpression | ts.CallExpression, args: ts.NodeArray<ts.Expression>): void => {
        const [patternArg, flagsArg] = args;
        const flags = flagsArg === undefined ? "" : staticString(flagsArg);
        const pattern = staticString(patternArg);
        if (flags !== undefined && pattern !== undefined) {
          sites.push({ source: pattern, flags, where: at(node) });
          return;
        }
        if (flags !== undefined && patternArg !== undefined && ts.isTemplateExpression(patternArg)) {
          const entry = dynamic.find((d) => d.file === name);
          const values = patternArg.templateSpans.map((span) => entry?.substitutions[span.expression.getText(sf)]?.());
          if (values.every((v) => v !== undefined && v.length > 0)) {
            for (const source of expandTemplate(patternArg, values as string[][])) sites.push({ source, flags, where: at(node) });
            return;
          }
        }
        unexplained.push(`${at(node)}: ${node.getText(sf)}`);
      };
      visit(sf);
    }
  }
  return { sites, unexplained };
}

/** Walks exported data (arrays, plain objects, Maps, Sets) for RegExp values, naming the path to each. */
export function regexesInData(value: unknown, where: string, out: RegexSite[] = [], seen = new Set<unknown>()): RegexSite[] {
  if (value instanceof RegExp) {
    out.push({ source: value.source, flags: value.flags, where });
    return out;
  }
  if (typeof value !== "object" || value === null || seen.has(value)) return out;
  seen.add(value);
  if (Array.isArray(value)) value.forEach((item, i) => regexesInData(item, `${where}[${String(i)}]`, out, seen));
  else if (value instanceof Map) for (const [k, v] of value) regexesInData(v, `${where}.get(${JSON.stringify(String(k))})`, out, seen);
  else if (value instanceof Set) [...value].forEach((v, i) => regexesInData(v, `${where}.<set ${String(i)}>`, out, seen));
  else for (const [k, v] of Object.entries(value)) regexesInData(v, `${where}.${k}`, out, seen);
  return out;
}

/** Every module of a folder imported, and its exports walked for RegExp values. */
export async function regexesInModules(dir: string): Promise<RegexSite[]> {
  const out: RegexSite[] = [];
  for (const file of tsFiles(path.join(REPO_ROOT, dir))) {
    const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) regexesInData(value, `${relative(file)} › ${name}`, out);
  }
  return out;
}
