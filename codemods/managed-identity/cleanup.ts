import ts from "typescript";
import { propertyNameText, skipOuter } from "../../src/analysis/bindings.js";
import { parseSourceFile } from "../../src/analysis/program.js";
import { walk } from "../../src/analysis/walk.js";
import { CREDENTIALS } from "../../src/catalog/index.js";
import { isReference } from "./credential.js";
import { applyEdits, type TextEdit } from "./edits.js";
import { lineEnd } from "./imports.js";

/**
 * Dead-code removal after a rewrite: bindings the rewritten code no longer reads go, and so does what only they
 * read, to a fixed point. Only names the rewrite touched are candidates ("seeds"): code that was already unused
 * stays as its author left it.
 */
export interface Seeds {
  /** identifiers (local bindings, imports) */
  readonly names: Set<string>;
  /** `object.property` reads of an object-literal binding or a module namespace */
  readonly members: Set<string>;
  /** `this.field` reads */
  readonly fields: Set<string>;
}

export const emptySeeds = (): Seeds => ({ names: new Set(), members: new Set(), fields: new Set() });

/** An import (or `require`) the cleanup removed: the export it read may now be dead in its own module. */
export interface RemovedImport {
  readonly module: string;
  /** the export name; `default` for a default import; `*` for a whole namespace */
  readonly name: string;
  /** for `config.key` through a default import or a namespace: the property read */
  readonly member?: string | undefined;
}

export interface CleanupOptions {
  /** exports of this file that nothing imports any more: they may go like local bindings */
  readonly exports?: ReadonlySet<string>;
  /** properties of the default export / `module.exports` object nothing reads any more */
  readonly defaultMembers?: ReadonlySet<string>;
  /** `exportName.property` of exported object literals nothing reads any more */
  readonly exportMembers?: ReadonlySet<string>;
  /** is a class field of this name read outside this file? (unknown: assume yes for exported classes) */
  readonly fieldUsedElsewhere?: (name: string) => boolean;
}

export interface CleanupResult {
  readonly text: string;
  readonly removedImports: readonly RemovedImport[];
  readonly removedExports: readonly string[];
}

const credentialNames = new Set(CREDENTIALS.map((c) => c.name));

/** Evaluating it cannot change anything: removing it changes nothing but the text. */
export function isPure(expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || ts.isBigIntLiteral(e) || ts.isRegularExpressionLiteral(e) || ts.isIdentifier(e)) return true;
  switch (e.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.ThisKeyword:
      return true;
    default:
      break;
  }
  if (ts.isMetaProperty(e)) return true;
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => isPure(s.expression));
  if (ts.isPropertyAccessExpression(e)) return isPure(e.expression);
  if (ts.isElementAccessExpression(e)) return isPure(e.expression) && isPure(e.argumentExpression);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return false;
    return isPure(e.left) && isPure(e.right);
  }
  if (ts.isConditionalExpression(e)) return isPure(e.condition) && isPure(e.whenTrue) && isPure(e.whenFalse);
  if (ts.isPrefixUnaryExpression(e)) return e.operator !== ts.SyntaxKind.PlusPlusToken && e.operator !== ts.SyntaxKind.MinusMinusToken && isPure(e.operand);
  if (ts.isTypeOfExpression(e)) return isPure(e.expression);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return true;
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => isPure(ts.isSpreadElement(x) ? x.expression : x));
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.every((p) =>
      ts.isPropertyAssignment(p) ? isPure(p.initializer) && !ts.isComputedPropertyName(p.name) : ts.isSpreadAssignment(p) ? isPure(p.expression) : true,
    );
  }
  // Credential classes only store their arguments.
  if (ts.isNewExpression(e)) {
    const callee = skipOuter(e.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
    return credentialNames.has(name) && (e.arguments ?? []).every(isPure);
  }
  // A module load: the config modules the migration cleans up are data.
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require") return true;
  return false;
}

/** The names, members and fields an original range reads: what to check once the range has been rewritten. */
export function seedsIn(node: ts.Node, seeds: Seeds): void {
  // Iterative: a 10,000-term `a || a || …` must not overflow the stack.
  walk(node, (n) => {
    if (ts.isIdentifier(n) && isReference(n)) seeds.names.add(n.text);
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      const path = accessPath(n);
      if (path?.[0] === "this") {
        if (path[1] !== undefined) seeds.fields.add(path[1]);
      } else if (path) seeds.members.add(path.join("."));
    }
    if (ts.isShorthandPropertyAssignment(n)) seeds.names.add(n.name.text);
    return undefined;
  });
}

/** The name a member of an access chain is read by (`.a`, `["a"]`). */
function memberName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

/** `config.storage.connectionString` → ["config", "storage", "connectionString"] (`this` as "this"); else undefined. */
export function accessPath(node: ts.Expression): string[] | undefined {
  const segments: string[] = [];
  let e: ts.Expression = node;
  for (;;) {
    const name = memberName(e);
    if (name === undefined) break;
    segments.unshift(name);
    e = skipOuter((e as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
  }
  if (ts.isIdentifier(e)) return [e.text, ...segments];
  if (e.kind === ts.SyntaxKind.ThisKeyword) return ["this", ...segments];
  return undefined;
}

/**
 * The longest access chain an identifier starts (`config.storage.connectionString`), and how its value is used: as a
 * whole (`leaf`), or destructured into named members (`const { a, b } = config.storage`).
 */
export function chainOf(id: ts.Identifier): { readonly path: string[]; readonly destructured: readonly string[] | undefined } {
  const path = [id.text];
  let top: ts.Node = id;
  for (;;) {
    const parent = top.parent;
    const name = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === top ? memberName(parent) : undefined;
    if (name === undefined) break;
    path.push(name);
    top = parent;
  }
  let holder = top.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isNonNullExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && holder.initializer && ts.isObjectBindingPattern(holder.name) && holder.name.elements.every((el) => !el.dotDotDotToken)) {
    const keys = holder.name.elements.map((el) => propertyNameText(el.propertyName ?? (ts.isIdentifier(el.name) ? el.name : undefined)) ?? "\u0000");
    return { path, destructured: keys };
  }
  return { path, destructured: undefined };
}

interface Usage {
  readonly refs: Map<string, number>;
  /** `a.b` and `a.b.c` for every chain that passes through or ends at them */
  readonly memberReads: Map<string, number>;
  /** chains used as a value where they end (`f(config.storage)`: all of config.storage is read) */
  readonly leafReads: Map<string, number>;
  /** references of a name that are not a member access or a destructuring: `leafReads` of the name alone */
  readonly wholeUses: Map<string, number>;
  readonly fieldReads: Map<string, number>;
}

/** Is `path` (`config.storage.connectionString`) read: through it, or by a use of the whole of one of its prefixes? */
function memberRead(usage: Usage, path: string): boolean {
  if ((usage.memberReads.get(path) ?? 0) > 0) return true;
  const parts = path.split(".");
  for (let n = 1; n < parts.length; n++) if ((usage.leafReads.get(parts.slice(0, n).join(".")) ?? 0) > 0) return true;
  return false;
}

function usageOf(sf: ts.SourceFile): Usage {
  const refs = new Map<string, number>();
  const memberReads = new Map<string, number>();
  const leafReads = new Map<string, number>();
  const wholeUses = new Map<string, number>();
  const fieldReads = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  // Iterative: a 10,000-term `a || a || …` must not overflow the stack.
  walk(sf, (node) => {
    if (ts.isIdentifier(node) && isReference(node)) {
      bump(refs, node.text);
      const { path, destructured } = chainOf(node);
      for (let n = 2; n <= path.length; n++) bump(memberReads, path.slice(0, n).join("."));
      // `const { a } = config.storage` reads `config.storage.a`, not the whole of `config.storage`.
      if (destructured) for (const key of destructured) bump(memberReads, [...path, key].join("."));
      else bump(leafReads, path.join("."));
      if (path.length === 1 && !destructured) bump(wholeUses, node.text);
    }
    if (ts.isPropertyAccessExpression(node)) bump(fieldReads, node.name.text);
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) bump(fieldReads, node.argumentExpression.text);
    // `const { a } = this`: a read of the field by destructuring.
    if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = propertyNameText(node.propertyName ?? (ts.isIdentifier(node.name) ? node.name : undefined));
      if (key !== undefined) bump(fieldReads, key);
    }
    return undefined;
  });
  return { refs, memberReads, leafReads, wholeUses, fieldReads };
}

const isExported = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function requiredModule(expr: ts.Expression | undefined): string | undefined {
  const e = expr ? skipOuter(expr) : undefined;
  if (e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require") {
    const arg = e.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

interface Pass {
  readonly edits: TextEdit[];
  /** statements removed whole, by their line range (for the comment and blank-line tidy-up) */
  readonly statements: ts.Statement[];
  readonly next: Seeds;
  readonly removedImports: RemovedImport[];
  readonly removedExports: string[];
}

/** Remove what the rewrite left unread. Works on text: each pass re-parses, so positions are always fresh. */
export function removeDeadCode(fileName: string, text: string, seeds: Seeds, options: CleanupOptions = {}): CleanupResult {
  let current = text;
  let pending = seeds;
  const removedImports: RemovedImport[] = [];
  const removedExports: string[] = [];
  for (const name of options.exports ?? []) pending.names.add(name);
  let exportsLeft = new Set(options.exports ?? []);
  let membersLeft = new Set(options.defaultMembers ?? []);
  for (let round = 0; round < 25; round++) {
    const sf = parseSourceFile(fileName, current);
    const pass: Pass = { edits: [], statements: [], next: emptySeeds(), removedImports: [], removedExports: [] };
    collectRemovals(sf, pending, usageOf(sf), exportsLeft, membersLeft, options, pass);
    removedImports.push(...pass.removedImports);
    if (pass.edits.length === 0 && pass.statements.length === 0) break;
    current = applyEdits(current, [...dedupe(pass.edits), ...statementEdits(sf, pass.statements)].filter(nonOverlapping()));
    removedExports.push(...pass.removedExports);
    exportsLeft = new Set([...exportsLeft].filter((e) => !pass.removedExports.includes(e)));
    membersLeft = new Set([...membersLeft].filter((m) => !pass.removedExports.includes(`default.${m}`)));
    pending = pass.next;
    // Nothing new to look at (an import specifier went, and imports seed nothing): no need to parse again.
    if (pending.names.size + pending.members.size + pending.fields.size === 0 && exportsLeft.size === 0 && membersLeft.size === 0) break;
  }
  return { text: current, removedImports, removedExports };
}

function dedupe(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${String(e.start)}:${String(e.end)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Drop an edit that overlaps one already kept (a property inside a statement that goes whole). */
function nonOverlapping(): (e: TextEdit, i: number, all: readonly TextEdit[]) => boolean {
  return (e, i, all) => !all.some((o, j) => j !== i && o.start <= e.start && e.end <= o.end && (o.end - o.start > e.end - e.start || (o.end - o.start === e.end - e.start && j < i)));
}

function collectRemovals(sf: ts.SourceFile, seeds: Seeds, usage: Usage, exportsLeft: ReadonlySet<string>, defaultMembers: ReadonlySet<string>, options: CleanupOptions, pass: Pass): void {
  const unread = (name: string): boolean => (usage.refs.get(name) ?? 0) === 0;
  const removeStatement = (s: ts.Statement, init?: ts.Node): void => {
    pass.statements.push(s);
    if (init) seedsIn(init, pass.next);
  };
  const removeRange = (start: number, end: number, init?: ts.Node): void => {
    pass.edits.push({ start, end, text: "" });
    if (init) seedsIn(init, pass.next);
  };

  // Iterative: a 10,000-term `a || a || …` must not overflow the stack.
  walk(sf, (node) => {
    // ---- variables: `const x = …`, `const { a, b: c } = …` -------------------------------------------------
    if (ts.isVariableStatement(node) && (ts.isSourceFile(node.parent) || ts.isBlock(node.parent) || ts.isModuleBlock(node.parent))) {
      const exported = isExported(node);
      const decls = node.declarationList.declarations;
      const dead = decls.filter((d) => {
        if (!ts.isIdentifier(d.name) || !seeds.names.has(d.name.text) || !unread(d.name.text)) return false;
        if (exported && !exportsLeft.has(d.name.text)) return false;
        return d.initializer === undefined || isPure(d.initializer);
      });
      for (const d of decls) {
        if (ts.isObjectBindingPattern(d.name) && !exported) bindingElements(d, seeds, unread, pass, removeRange, removeStatement, node);
      }
      if (dead.length === decls.length && dead.length > 0) {
        removeStatement(node, node.declarationList);
        if (exported) pass.removedExports.push(...dead.map((d) => (d.name as ts.Identifier).text));
      } else {
        for (const d of dead) {
          const i = decls.indexOf(d);
          const next = decls[i + 1];
          const previous = decls[i - 1];
          if (next) removeRange(d.getStart(sf), next.getStart(sf), d);
          else if (previous) removeRange(previous.getEnd(), d.getEnd(), d);
          if (exported) pass.removedExports.push((d.name as ts.Identifier).text);
        }
      }
    }
    // ---- imports ----------------------------------------------------------------------------------------------
    if (ts.isImportDeclaration(node) && node.importClause && ts.isStringLiteral(node.moduleSpecifier) && node.importClause.phaseModifier !== ts.SyntaxKind.TypeKeyword) {
      imports(sf, node, node.moduleSpecifier.text, seeds, unread, pass, removeRange, removeStatement);
    }
    if (ts.isImportEqualsDeclaration(node) && seeds.names.has(node.name.text) && unread(node.name.text) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      removeStatement(node);
      pass.removedImports.push({ module: node.moduleReference.expression.text, name: "*" });
    }
    // ---- `export { a, b }` lists of this module's exports nothing imports any more -------------------------
    if (ts.isExportDeclaration(node) && !node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
      const elements = node.exportClause.elements;
      const dead = elements.filter((el) => exportsLeft.has(el.name.text));
      if (dead.length > 0 && dead.length === elements.length) removeStatement(node, node.exportClause);
      else for (const el of dead) removeListElement(sf, elements, el, removeRange);
      pass.removedExports.push(...dead.map((el) => el.name.text));
    }
    // ---- CommonJS: `module.exports = { a, b }`, `exports.a = …` -----------------------------------------------
    if (ts.isExpressionStatement(node) && ts.isBinaryExpression(node.expression) && node.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.expression.left.getText(sf);
      const value = skipOuter(node.expression.right);
      const match = /^(?:module\.)?exports\.(\w+)$/u.exec(target);
      if (match?.[1] !== undefined && exportsLeft.has(match[1]) && isPure(value)) {
        removeStatement(node, value);
        pass.removedExports.push(match[1]);
      }
      if (target === "module.exports" && ts.isObjectLiteralExpression(value)) objectMembers(sf, value, new Set([...exportsLeft, ...defaultMembers]), pass, removeRange, () => false, "");
    }
    if (ts.isExportAssignment(node) && !node.isExportEquals && ts.isObjectLiteralExpression(skipOuter(node.expression))) {
      objectMembers(sf, skipOuter(node.expression) as ts.ObjectLiteralExpression, defaultMembers, pass, removeRange, () => false, "default.");
    }
    // ---- `obj.member` of an object-literal binding in this file ------------------------------------------
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isObjectLiteralExpression(skipOuter(node.initializer))) {
      const name = node.name.text;
      const statement = node.parent.parent;
      const exported = ts.isVariableStatement(statement) && isExported(statement);
      const object = skipOuter(node.initializer) as ts.ObjectLiteralExpression;
      const isRead = (path: string): boolean => memberRead(usage, `${name}.${path}`);
      if (!exported && (usage.refs.get(name) ?? 0) > 0) {
        const dead = new Set([...seeds.members].filter((m) => m.startsWith(`${name}.`) && !memberRead(usage, m)).map((m) => m.slice(name.length + 1)));
        objectMembers(sf, object, dead, pass, removeRange, isRead);
      }
      if (exported) {
        const dead = new Set([...(options.exportMembers ?? [])].filter((m) => m.startsWith(`${name}.`) && !memberRead(usage, m)).map((m) => m.slice(name.length + 1)));
        objectMembers(sf, object, dead, pass, removeRange, isRead, `${name}.`);
      }
    }
    // ---- class fields read only by the rewritten code ----------------------------------------------------
    if (ts.isClassLike(node)) fields(sf, node, seeds, usage, options, pass, removeRange, removeStatement);
    return undefined;
  });

  // Namespace and default imports read as `ns.member`: the member export may now be dead in its own module.
  for (const member of seeds.members) {
    const [object = "", ...rest] = member.split(".");
    if (rest.length === 0 || memberRead(usage, member)) continue;
    const origin = moduleOf(sf, object);
    if (!origin) continue;
    // A namespace's member is an export; a default or named import's member is a property of that export.
    if (origin.kind === "namespace") {
      const [name = "", ...inner] = rest;
      pass.removedImports.push({ module: origin.module, name, member: inner.length > 0 ? inner.join(".") : undefined });
    } else pass.removedImports.push({ module: origin.module, name: origin.exportName, member: rest.join(".") });
  }
}

/** The module a local name is bound to as a whole (namespace import, `require`, default import). */
function moduleOf(sf: ts.SourceFile, name: string): { module: string; kind: "namespace" | "default" | "named"; exportName: string } | undefined {
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && s.importClause && ts.isStringLiteral(s.moduleSpecifier)) {
      const named = s.importClause.namedBindings;
      if (named && ts.isNamespaceImport(named) && named.name.text === name) return { module: s.moduleSpecifier.text, kind: "namespace", exportName: "*" };
      if (s.importClause.name?.text === name) return { module: s.moduleSpecifier.text, kind: "default", exportName: "default" };
      if (named && ts.isNamedImports(named)) {
        const el = named.elements.find((e) => e.name.text === name);
        if (el) return { module: s.moduleSpecifier.text, kind: "named", exportName: (el.propertyName ?? el.name).text };
      }
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const module = requiredModule(d.initializer);
        if (module !== undefined && ts.isIdentifier(d.name) && d.name.text === name) return { module, kind: "namespace", exportName: "*" };
        if (module !== undefined && ts.isObjectBindingPattern(d.name)) {
          const el = d.name.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === name);
          const key = el ? propertyNameText(el.propertyName ?? el.name) : undefined;
          if (key !== undefined) return { module, kind: "named", exportName: key };
        }
      }
    }
  }
  return undefined;
}

type RemoveRange = (start: number, end: number, init?: ts.Node) => void;
type RemoveStatement = (s: ts.Statement, init?: ts.Node) => void;

function bindingElements(
  d: ts.VariableDeclaration,
  seeds: Seeds,
  unread: (n: string) => boolean,
  pass: Pass,
  removeRange: RemoveRange,
  removeStatement: RemoveStatement,
  statement: ts.VariableStatement,
): void {
  const pattern = d.name as ts.ObjectBindingPattern;
  const sf = d.getSourceFile();
  const dead = pattern.elements.filter((el) => ts.isIdentifier(el.name) && !el.dotDotDotToken && seeds.names.has(el.name.text) && unread(el.name.text) && (el.initializer === undefined || isPure(el.initializer)));
  if (dead.length === 0) return;
  const module = requiredModule(d.initializer);
  const source = d.initializer ? accessPath(skipOuter(d.initializer)) : undefined;
  for (const el of dead) {
    const key = propertyNameText(el.propertyName ?? el.name);
    if (module !== undefined && key !== undefined) pass.removedImports.push({ module, name: key });
    // `const { connectionString: cs } = config.storage`: `config.storage.connectionString` is read one time less.
    if (source && source[0] !== "this" && key !== undefined) pass.next.members.add([...source, key].join("."));
  }
  const rest = pattern.elements.some((el) => el.dotDotDotToken);
  if (dead.length === pattern.elements.length && !rest && statement.declarationList.declarations.length === 1 && (d.initializer === undefined || isPure(d.initializer))) {
    removeStatement(statement, d.initializer);
    return;
  }
  for (const el of dead) removeListElement(sf, pattern.elements, el, removeRange);
  // The object destructured may now be read for fewer members: nothing to seed, its binding is still used.
}

function removeListElement<T extends ts.Node>(sf: ts.SourceFile, elements: ts.NodeArray<T>, el: T, removeRange: RemoveRange): void {
  const i = elements.indexOf(el);
  const next = elements[i + 1];
  const previous = elements[i - 1];
  if (next) removeRange(el.getStart(sf), next.getStart(sf), el);
  else if (previous) removeRange(previous.getEnd(), el.getEnd(), el);
  else removeRange(el.getStart(sf), el.getEnd(), el);
}

function imports(
  sf: ts.SourceFile,
  decl: ts.ImportDeclaration,
  module: string,
  seeds: Seeds,
  unread: (n: string) => boolean,
  pass: Pass,
  removeRange: RemoveRange,
  removeStatement: RemoveStatement,
): void {
  const clause = decl.importClause;
  if (!clause) return;
  const named = clause.namedBindings;
  const defaultDead = clause.name !== undefined && seeds.names.has(clause.name.text) && unread(clause.name.text);
  const specifiers = named && ts.isNamedImports(named) ? [...named.elements] : [];
  const deadSpecifiers = specifiers.filter((s) => seeds.names.has(s.name.text) && unread(s.name.text));
  const namespaceDead = named !== undefined && ts.isNamespaceImport(named) && seeds.names.has(named.name.text) && unread(named.name.text);
  const namedGone = named === undefined || namespaceDead || (specifiers.length > 0 && deadSpecifiers.length === specifiers.length);
  const defaultGone = clause.name === undefined || defaultDead;
  for (const s of deadSpecifiers) pass.removedImports.push({ module, name: (s.propertyName ?? s.name).text });
  if (defaultDead) pass.removedImports.push({ module, name: "default" });
  if (namespaceDead) pass.removedImports.push({ module, name: "*" });
  if (namedGone && defaultGone && (defaultDead || deadSpecifiers.length > 0 || namespaceDead)) {
    removeStatement(decl);
    return;
  }
  if (named && ts.isNamedImports(named) && deadSpecifiers.length === specifiers.length && deadSpecifiers.length > 0 && clause.name) {
    removeRange(clause.name.getEnd(), named.getEnd());
    return;
  }
  if (defaultDead && named) {
    removeRange(clause.name.getStart(sf), named.getStart(sf));
  }
  if (named && ts.isNamedImports(named)) for (const s of deadSpecifiers) removeListElement(sf, named.elements, s, removeRange);
}

/**
 * Remove the properties at `dead` paths (`connectionString`, `storage.connectionString`) from an object literal, when
 * their values are pure. A nested object left with nothing anyone reads goes whole.
 */
function objectMembers(
  sf: ts.SourceFile,
  object: ts.ObjectLiteralExpression,
  dead: ReadonlySet<string>,
  pass: Pass,
  removeRange: RemoveRange,
  isRead: (path: string) => boolean,
  exportPrefix?: string,
  base = "",
): void {
  if (dead.size === 0) return;
  const props = object.properties;
  const multiline = sf.text.slice(object.getStart(sf), object.getEnd()).includes("\n");
  const remove = (prop: ts.ObjectLiteralElementLike, name: string): void => {
    const i = props.indexOf(prop);
    const own = multiline ? ownLinesOf(sf.text, prop) : undefined;
    if (own) removeRange(own.start, own.end, prop);
    else if (props[i + 1]) removeRange(prop.getStart(sf), (props[i + 1] as ts.Node).getStart(sf), prop);
    else if (props[i - 1]) removeRange((props[i - 1] as ts.Node).getEnd(), prop.getEnd(), prop);
    else removeRange(prop.getStart(sf), prop.getEnd(), prop);
    if (exportPrefix !== undefined) pass.removedExports.push(`${exportPrefix}${base}${name}`);
  };
  for (const prop of props) {
    const name = propertyNameText(prop.name);
    if (name === undefined) continue;
    const value = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
    if (!value) continue;
    if (dead.has(name)) {
      if (isPure(value)) remove(prop, name);
      continue;
    }
    const inner = new Set([...dead].filter((d) => d.startsWith(`${name}.`)).map((d) => d.slice(name.length + 1)));
    const nested = skipOuter(value);
    if (inner.size === 0 || !ts.isObjectLiteralExpression(nested)) continue;
    const everyMemberDead = nested.properties.every((p) => {
      const n = propertyNameText(p.name);
      return n !== undefined && inner.has(n);
    });
    if (everyMemberDead && !isRead(`${base}${name}`) && isPure(nested)) remove(prop, name);
    else objectMembers(sf, nested, inner, pass, removeRange, isRead, exportPrefix, `${base}${name}.`);
  }
}

function ownLinesOf(text: string, node: ts.Node): { start: number; end: number } | undefined {
  const start = node.getStart();
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== "") return undefined;
  const stop = lineEnd(text, node.getEnd());
  const rest = text.slice(node.getEnd(), stop).trim();
  if (rest !== "" && rest !== "," && !rest.startsWith("//") && !/^,\s*\/\//u.test(rest)) return undefined;
  let next = stop;
  if (text.charAt(next) === "\r") next++;
  if (text.charAt(next) === "\n") next++;
  return { start: lineStart, end: next };
}

function fields(
  sf: ts.SourceFile,
  cls: ts.ClassLikeDeclaration,
  seeds: Seeds,
  usage: Usage,
  options: CleanupOptions,
  pass: Pass,
  removeRange: RemoveRange,
  removeStatement: RemoveStatement,
): void {
  const exported = ts.isClassDeclaration(cls) && isExported(cls);
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const name = propertyNameText(member.name);
    if (name === undefined || !seeds.fields.has(name) || (usage.fieldReads.get(name) ?? 0) > 0) continue;
    const hidden = ts.isPrivateIdentifier(member.name) || (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
    if (!hidden && exported && (options.fieldUsedElsewhere?.(name) ?? true)) continue;
    if ((ts.getDecorators(member) ?? []).length > 0) continue;
    if (member.initializer && !isPure(member.initializer)) continue;
    const own = ownLinesOf(sf.text, member);
    if (own) removeRange(own.start, own.end, member.initializer);
    else removeRange(member.getStart(sf), member.getEnd(), member.initializer);
    // `this.name = …` assignments in the constructor go too.
    // Iterative: a 10,000-term `a || a || …` must not overflow the stack.
    walk(cls, (n) => {
      if (
        ts.isExpressionStatement(n) &&
        ts.isBinaryExpression(n.expression) &&
        n.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(n.expression.left) &&
        n.expression.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        n.expression.left.name.text === name &&
        isPure(n.expression.right)
      ) {
        removeStatement(n, n.expression.right);
      }
      return undefined;
    });
  }
}

/**
 * Whole statements go with their lines; a comment directly above a paragraph whose every statement goes, goes too,
 * and two blank lines that meet are folded into one.
 */
function statementEdits(sf: ts.SourceFile, statements: readonly ts.Statement[]): TextEdit[] {
  const text = sf.text;
  const lines = lineTable(text);
  const removedLines = new Set<number>();
  const edits: TextEdit[] = [];
  for (const s of statements) {
    const own = ownLinesOf(text, s);
    if (!own) {
      let end = s.getEnd();
      while (text.charAt(end) === " " || text.charAt(end) === "\t") end++;
      edits.push({ start: s.getStart(sf), end, text: "" });
      continue;
    }
    for (let l = lineOf(lines, own.start); l < lines.length && (lines[l] ?? Infinity) < own.end; l++) removedLines.add(l);
  }
  const sorted = [...removedLines].sort((a, b) => a - b);
  const blank = (l: number): boolean => l < 0 || l >= lines.length || lineText(text, lines, l).trim() === "";
  const comment = (l: number): boolean => {
    const t = lineText(text, lines, l).trim();
    return t.startsWith("//") || t.startsWith("/*") || t.startsWith("*");
  };
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const first = sorted[i] ?? 0;
    const last = sorted[j] ?? 0;
    let top = first;
    while (top - 1 >= 0 && !removedLines.has(top - 1) && comment(top - 1)) top--;
    const paragraphEnds = blank(last + 1);
    if (top < first && paragraphEnds && blank(top - 1)) for (let l = top; l < first; l++) removedLines.add(l);
    const start = top < first && paragraphEnds && blank(top - 1) ? top : first;
    if (blank(start - 1) && blank(last + 1) && last + 1 < lines.length) removedLines.add(last + 1);
    i = j + 1;
  }
  for (const l of removedLines) edits.push({ start: lines[l] ?? 0, end: lines[l + 1] ?? text.length, text: "" });
  return edits;
}

function lineTable(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  if (starts.at(-1) === text.length) starts.pop();
  return starts;
}

function lineOf(lines: readonly number[], pos: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid] ?? 0) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineText(text: string, lines: readonly number[], l: number): string {
  return text.slice(lines[l] ?? 0, lines[l + 1] ?? text.length);
}
