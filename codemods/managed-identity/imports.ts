import ts from "typescript";
import type { ValueSpecifier } from "../../src/catalog/index.js";
import type { TextEdit } from "./edits.js";
import { lineIndent, quoted, semi, type SourceStyle } from "./style.js";

const keyOf = (v: ValueSpecifier): string => `${v.package}\u0000${v.name}`;

/** How the file reaches each value it needs, and the edits that make new ones reachable. */
export interface ImportPlan {
  /** the expression that names each value in this file (`DefaultAzureCredential`, `identity.DefaultAzureCredential`) */
  readonly refs: ReadonlyMap<string, string>;
  /** specifiers added to existing import declarations or `require` destructurings */
  readonly edits: readonly TextEdit[];
  /** whole new statements, to be placed by `placeStatements` */
  readonly statements: readonly { readonly package: string; readonly text: string }[];
}

export function refOf(plan: ImportPlan, value: ValueSpecifier): string {
  const ref = plan.refs.get(keyOf(value));
  if (ref === undefined) throw new Error(`no import planned for ${value.package} › ${value.name}`);
  return ref;
}

function requiredModule(expr: ts.Expression | undefined): string | undefined {
  if (expr && ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === "require") {
    const arg = expr.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

/** Top-level statements that import something: `import`, `import x = require()`, `const … = require()`. */
export function importStatements(sf: ts.SourceFile): { readonly statement: ts.Statement; readonly module: string }[] {
  const out: { statement: ts.Statement; module: string }[] = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) out.push({ statement: s, module: s.moduleSpecifier.text });
    else if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference) && ts.isStringLiteral(s.moduleReference.expression)) {
      out.push({ statement: s, module: s.moduleReference.expression.text });
    } else if (ts.isVariableStatement(s)) {
      const decl = s.declarationList.declarations[0];
      let init = decl?.initializer;
      if (init && ts.isPropertyAccessExpression(init)) init = init.expression;
      const module = requiredModule(init);
      if (module !== undefined && s.declarationList.declarations.length === 1) out.push({ statement: s, module });
    }
  }
  return out;
}

/** Every identifier written in the file: names the migration must not reuse. */
export function identifierNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** A name that is not used anywhere in the file yet: `base`, `base2`, `base3`, … */
export function freshName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${String(i)}`)) return `${base}${String(i)}`;
}

/**
 * Plan how `values` become reachable: an existing named import or destructuring of the value, a namespace import of
 * its package, a specifier added to an existing import of the package, or a new statement in the file's module style.
 */
export function planImports(sf: ts.SourceFile, values: readonly ValueSpecifier[], style: SourceStyle): ImportPlan {
  const refs = new Map<string, string>();
  const edits: TextEdit[] = [];
  const pending = new Map<string, string[]>();
  const taken = identifierNames(sf);
  const statements = importStatements(sf);

  for (const value of values) {
    const key = keyOf(value);
    if (refs.has(key)) continue;
    const existing = findExisting(statements, value);
    if (existing !== undefined) {
      refs.set(key, existing);
      continue;
    }
    const local = taken.has(value.name) ? freshName(`${value.name}Ref`, taken) : value.name;
    taken.add(local);
    refs.set(key, local);
    const list = pending.get(value.package) ?? [];
    list.push(local === value.name ? value.name : style.modules === "esm" ? `${value.name} as ${local}` : `${value.name}: ${local}`);
    pending.set(value.package, list);
  }

  const newStatements: { package: string; text: string }[] = [];
  for (const [pkg, specifiers] of pending) {
    const target = statements.find((s) => s.module === pkg && namedList(s.statement) !== undefined);
    const list = target ? namedList(target.statement) : undefined;
    if (list) {
      edits.push(...addSpecifiers(sf, list, specifiers));
      continue;
    }
    const names = specifiers.join(", ");
    newStatements.push({
      package: pkg,
      text: style.modules === "esm" ? `import { ${names} } from ${quoted(pkg, style)}${semi(style)}` : `const { ${names} } = require(${quoted(pkg, style)})${semi(style)}`,
    });
  }
  return { refs, edits, statements: newStatements.sort((a, b) => a.package.localeCompare(b.package)) };
}

/** A local name or `ns.Name` already bound to the value. */
function findExisting(statements: ReturnType<typeof importStatements>, value: ValueSpecifier): string | undefined {
  for (const { statement, module } of statements) {
    if (module !== value.package) continue;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause || clause.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
      const named = clause.namedBindings;
      if (named && ts.isNamedImports(named)) {
        const el = named.elements.find((e) => !e.isTypeOnly && (e.propertyName ?? e.name).text === value.name);
        if (el) return el.name.text;
      }
      if (named && ts.isNamespaceImport(named)) return `${named.name.text}.${value.name}`;
    } else if (ts.isImportEqualsDeclaration(statement)) {
      return `${statement.name.text}.${value.name}`;
    } else if (ts.isVariableStatement(statement)) {
      const decl = statement.declarationList.declarations[0];
      if (!decl) continue;
      const init = decl.initializer;
      if (ts.isIdentifier(decl.name) && init && ts.isCallExpression(init)) return `${decl.name.text}.${value.name}`;
      if (ts.isObjectBindingPattern(decl.name) && init && ts.isCallExpression(init)) {
        for (const el of decl.name.elements) {
          const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
          if (prop === value.name && ts.isIdentifier(el.name)) return el.name.text;
        }
      }
    }
  }
  return undefined;
}

type NamedList = ts.NamedImports | ts.ObjectBindingPattern;

function namedList(statement: ts.Statement): NamedList | undefined {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    const named = clause && clause.phaseModifier !== ts.SyntaxKind.TypeKeyword ? clause.namedBindings : undefined;
    return named && ts.isNamedImports(named) && named.elements.length > 0 ? named : undefined;
  }
  if (ts.isVariableStatement(statement)) {
    const decl = statement.declarationList.declarations[0];
    if (decl && ts.isObjectBindingPattern(decl.name) && decl.name.elements.length > 0 && decl.initializer && ts.isCallExpression(decl.initializer)) return decl.name;
  }
  return undefined;
}

function elementName(el: ts.ImportSpecifier | ts.BindingElement): string {
  return el.name.getText();
}

/** Insert specifiers into `{ A, B }` keeping alphabetical order when the list has it, and its one-line or one-per-line layout. */
function addSpecifiers(sf: ts.SourceFile, list: NamedList, specifiers: readonly string[]): TextEdit[] {
  const elements = [...list.elements] as (ts.ImportSpecifier | ts.BindingElement)[];
  const text = sf.text;
  const multiline = text.slice(list.getStart(sf), list.getEnd()).includes("\n");
  const names = elements.map(elementName);
  const sorted = names.every((n, i) => i === 0 || (names[i - 1] ?? "").localeCompare(n, "en", { sensitivity: "base" }) <= 0);
  const edits: TextEdit[] = [];
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  for (const spec of specifiers) {
    const index = sorted ? elements.findIndex((el) => elementName(el).localeCompare(spec, "en", { sensitivity: "base" }) > 0) : -1;
    const before = index >= 0 ? elements[index] : undefined;
    if (before) {
      const at = before.getStart(sf);
      edits.push({ start: at, end: at, text: multiline ? `${spec},${eol}${lineIndent(text, at)}` : `${spec}, ` });
    } else {
      const last = elements[elements.length - 1] as ts.Node;
      const at = last.getEnd();
      edits.push({ start: at, end: at, text: multiline ? `,${eol}${lineIndent(text, last.getStart(sf))}${spec}` : `, ${spec}` });
    }
  }
  return edits;
}

/** The end of the last import-like statement's line, where declarations that follow the imports go. */
export function importsEnd(sf: ts.SourceFile): number | undefined {
  const last = importStatements(sf).at(-1);
  return last ? lineEnd(sf.text, last.statement.getEnd()) : undefined;
}

/** After any trailing comment on the line that holds `pos`, before its line break. */
export function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf("\n", pos);
  const end = nl < 0 ? text.length : nl;
  return text.charAt(end - 1) === "\r" ? end - 1 : end;
}

const isRelative = (m: string): boolean => m.startsWith(".") || m.startsWith("/");
const isBuiltin = (m: string): boolean => m.startsWith("node:");

/**
 * Where new import statements go: among the package imports in alphabetical order (before the first one that sorts
 * after, else after the last), else before the first relative import, else at the top of the file.
 */
export function placeStatements(sf: ts.SourceFile, statements: readonly { readonly package: string; readonly text: string }[], eol: string): TextEdit[] {
  const existing = importStatements(sf);
  const edits: TextEdit[] = [];
  const packages = existing.filter((s) => !isRelative(s.module) && !isBuiltin(s.module));
  for (const st of statements) {
    const after = packages.find((s) => s.module.localeCompare(st.package) > 0);
    if (after) {
      const at = after.statement.getStart(sf);
      edits.push({ start: at, end: at, text: `${st.text}${eol}` });
      continue;
    }
    const anchor = packages.at(-1) ?? existing.filter((s) => isBuiltin(s.module)).at(-1);
    if (anchor) {
      const at = lineEnd(sf.text, anchor.statement.getEnd());
      edits.push({ start: at, end: at, text: `${eol}${st.text}` });
      continue;
    }
    const relative = existing.find((s) => isRelative(s.module));
    if (relative) {
      const at = relative.statement.getStart(sf);
      edits.push({ start: at, end: at, text: `${st.text}${eol}` });
      continue;
    }
    const at = firstStatementStart(sf);
    edits.push({ start: at, end: at, text: `${st.text}${eol}` });
  }
  return edits;
}

/** The start of the first statement after the directive prologue (`"use strict"`), or the end of the file. */
export function firstStatementStart(sf: ts.SourceFile): number {
  for (const s of sf.statements) {
    if (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)) continue;
    return s.getStart(sf);
  }
  const last = sf.statements.at(-1);
  return last ? lineEnd(sf.text, last.getEnd()) : sf.text.length;
}
