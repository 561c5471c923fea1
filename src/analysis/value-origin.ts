import ts from "typescript";
import { envVariableName, propertyNameText, skipOuter } from "./bindings.js";
import { walk } from "./walk.js";

/** Where an expression's value comes from. */
export type ValueOrigin =
  | { readonly kind: "literal"; readonly text: string; readonly node: ts.StringLiteralLike | ts.NumericLiteral }
  | { readonly kind: "template"; readonly parts: readonly ValueOrigin[]; readonly node: ts.TemplateExpression }
  | { readonly kind: "concat"; readonly parts: readonly ValueOrigin[]; readonly node: ts.Expression }
  | { readonly kind: "env"; readonly name: string; readonly node: ts.Node }
  | { readonly kind: "env-with-fallback"; readonly name: string; readonly fallback: ValueOrigin; readonly node: ts.Expression }
  | { readonly kind: "fallback"; readonly options: readonly ValueOrigin[]; readonly node: ts.Expression }
  | { readonly kind: "binding"; readonly name: string; readonly value: ValueOrigin; readonly node: ts.Node }
  | {
      readonly kind: "import";
      readonly module: string;
      readonly exportName: string;
      readonly resolved: ValueOrigin | undefined;
      readonly node: ts.Node;
      /** for a whole module (`require("./config")`), the file its properties are looked up in */
      readonly target?: ts.SourceFile | undefined;
    }
  | { readonly kind: "object"; readonly node: ts.ObjectLiteralExpression }
  | { readonly kind: "parameter"; readonly name: string; readonly node: ts.Node }
  | { readonly kind: "call"; readonly node: ts.Expression }
  | { readonly kind: "new"; readonly node: ts.NewExpression }
  | { readonly kind: "unknown"; readonly node: ts.Node };

/** Finds the file an import specifier points at (a ts.Program, or the set of files a scan parsed). */
export type ModuleResolver = (from: ts.SourceFile, specifier: string) => ts.SourceFile | undefined;

interface Declared {
  readonly name: string;
  readonly node: ts.Node;
  readonly scope: ts.Node;
  /** the initializer, or for destructuring the source expression plus the property path */
  readonly init: ts.Expression | undefined;
  readonly path: readonly string[];
  readonly isConst: boolean;
}

interface FileIndex {
  readonly declarations: Map<string, Declared[]>;
  readonly assignments: Map<string, ts.Expression[]>;
  readonly exports: Map<string, ts.Node>;
}

const MAX_DEPTH = 40;

/** Resolves value origins in one or more files; indexes each file once. */
export class OriginResolver {
  private readonly indexes = new WeakMap<ts.SourceFile, FileIndex>();

  constructor(private readonly resolveModule?: ModuleResolver) {}

  origin(expr: ts.Expression): ValueOrigin {
    return this.resolve(expr, 0, new Set());
  }

  private index(sf: ts.SourceFile): FileIndex {
    let idx = this.indexes.get(sf);
    if (!idx) {
      idx = buildIndex(sf);
      this.indexes.set(sf, idx);
    }
    return idx;
  }

  private resolve(input: ts.Expression, depth: number, seen: Set<ts.Node>): ValueOrigin {
    if (depth > MAX_DEPTH) return { kind: "unknown", node: input };
    const expr = skipOuter(input);
    if (ts.isStringLiteralLike(expr) || ts.isNumericLiteral(expr)) return { kind: "literal", text: expr.text, node: expr };
    if (ts.isTemplateExpression(expr)) {
      const parts: ValueOrigin[] = [{ kind: "literal", text: expr.head.text, node: expr.head as unknown as ts.StringLiteralLike }];
      for (const span of expr.templateSpans) {
        parts.push(this.resolve(span.expression, depth + 1, seen));
        parts.push({ kind: "literal", text: span.literal.text, node: span.literal as unknown as ts.StringLiteralLike });
      }
      return { kind: "template", parts, node: expr };
    }
    const env = envVariableName(expr);
    if (env !== undefined) return { kind: "env", name: env, node: expr };
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) return { kind: "concat", parts: this.flattenConcat(expr, depth, seen), node: expr };
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        const left = this.resolve(expr.left, depth + 1, seen);
        const right = this.resolve(expr.right, depth + 1, seen);
        if (left.kind === "env") return { kind: "env-with-fallback", name: left.name, fallback: right, node: expr };
        return { kind: "fallback", options: [left, right], node: expr };
      }
      return { kind: "unknown", node: expr };
    }
    if (ts.isConditionalExpression(expr)) {
      return { kind: "fallback", options: [this.resolve(expr.whenTrue, depth + 1, seen), this.resolve(expr.whenFalse, depth + 1, seen)], node: expr };
    }
    if (ts.isObjectLiteralExpression(expr)) return { kind: "object", node: expr };
    if (ts.isNewExpression(expr)) return { kind: "new", node: expr };
    const required = requiredSpecifier(expr);
    if (required !== undefined) {
      const target = required.startsWith(".") ? this.resolveModule?.(expr.getSourceFile(), required) : undefined;
      return { kind: "import", module: required, exportName: "*", resolved: undefined, node: expr, target };
    }
    if (ts.isCallExpression(expr) || ts.isAwaitExpression(expr)) return { kind: "call", node: expr };
    if (ts.isIdentifier(expr)) return this.resolveIdentifier(expr, depth, seen);
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) return this.resolveMember(expr, depth, seen);
    return { kind: "unknown", node: expr };
  }

  /** `a + b + c + …` iteratively: a 10,000-part concatenation must not overflow the stack. */
  private flattenConcat(expr: ts.BinaryExpression, depth: number, seen: Set<ts.Node>): ValueOrigin[] {
    const operands: ts.Expression[] = [];
    const stack: ts.Expression[] = [expr];
    while (stack.length > 0) {
      const e = skipOuter(stack.pop() as ts.Expression);
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        stack.push(e.right, e.left);
      } else {
        operands.push(e);
      }
    }
    return operands.map((o) => this.resolve(o, depth + 1, seen));
  }

  /**
   * Bindings resolved once per declaration: `a1 = a0 + a0; a2 = a1 + a1; …` would otherwise cost 2^n.
   * A cycle is cut where it closes and that truncated answer is not kept.
   */
  private readonly resolved = new Map<ts.Node, ValueOrigin>();

  private resolveIdentifier(id: ts.Identifier, depth: number, seen: Set<ts.Node>): ValueOrigin {
    const sf = id.getSourceFile();
    const decl = lookup(this.index(sf), id.text, id);
    if (!decl) return { kind: "unknown", node: id };
    if (seen.has(decl.node)) return { kind: "unknown", node: id };
    const cached = this.resolved.get(decl.node);
    if (cached) return cached;
    const result = this.resolveDeclared(id, decl, depth, seen);
    this.resolved.set(decl.node, result);
    return result;
  }

  private resolveDeclared(id: ts.Identifier, decl: Declared, depth: number, seen: Set<ts.Node>): ValueOrigin {
    const next = new Set(seen).add(decl.node);
    if (ts.isParameter(decl.node)) {
      const p = decl.node;
      if (p.initializer) return { kind: "binding", name: id.text, value: this.resolve(p.initializer, depth + 1, next), node: p };
      return { kind: "parameter", name: id.text, node: p };
    }
    if (ts.isImportSpecifier(decl.node) || ts.isImportClause(decl.node) || ts.isNamespaceImport(decl.node)) {
      return this.resolveImport(decl, id.text, depth, next);
    }
    let init = decl.init;
    if (!decl.isConst) {
      const assigned = this.index(id.getSourceFile()).assignments.get(id.text) ?? [];
      if (init && assigned.length > 0) return { kind: "unknown", node: id };
      if (!init && assigned.length === 1) init = assigned[0];
    }
    if (!init) return { kind: "unknown", node: id };
    let value = this.resolve(init, depth + 1, next);
    for (const key of decl.path) value = this.property(value, key, depth + 1, next);
    return { kind: "binding", name: id.text, value, node: decl.node };
  }

  private resolveImport(decl: Declared, localName: string, depth: number, seen: Set<ts.Node>): ValueOrigin {
    const importDecl = findAncestor(decl.node, ts.isImportDeclaration);
    const specifier = importDecl && ts.isStringLiteral(importDecl.moduleSpecifier) ? importDecl.moduleSpecifier.text : "";
    const exportName = ts.isImportSpecifier(decl.node)
      ? (decl.node.propertyName ?? decl.node.name).text
      : ts.isImportClause(decl.node)
        ? "default"
        : "*";
    const target = specifier.startsWith(".") ? this.resolveModule?.(decl.node.getSourceFile(), specifier) : undefined;
    if (!target) return { kind: "import", module: specifier, exportName, resolved: undefined, node: decl.node };
    if (exportName === "*") return { kind: "import", module: specifier, exportName, resolved: { kind: "unknown", node: target }, node: decl.node };
    const exported = this.index(target).exports.get(exportName);
    const resolved = exported ? this.resolveExported(exported, depth, seen) : undefined;
    return { kind: "import", module: specifier, exportName: exportName === "default" ? localName : exportName, resolved, node: decl.node };
  }

  private resolveExported(node: ts.Node, depth: number, seen: Set<ts.Node>): ValueOrigin {
    if (ts.isExpression(node)) return this.resolve(node, depth + 1, seen);
    if (ts.isIdentifier(node)) return this.resolveIdentifier(node, depth + 1, seen);
    return { kind: "unknown", node };
  }

  /** `obj.key`, `obj["key"]`, `this.key`, `Config.KEY` (namespace import). */
  private resolveMember(expr: ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number, seen: Set<ts.Node>): ValueOrigin {
    const key = ts.isPropertyAccessExpression(expr)
      ? expr.name.text
      : ts.isStringLiteralLike(expr.argumentExpression)
        ? expr.argumentExpression.text
        : undefined;
    if (key === undefined) return { kind: "unknown", node: expr };
    const object = skipOuter(expr.expression);
    if (object.kind === ts.SyntaxKind.ThisKeyword) return this.resolveThisProperty(expr, key, depth, seen);
    if (ts.isIdentifier(object)) {
      const sf = object.getSourceFile();
      const decl = lookup(this.index(sf), object.text, object);
      if (decl && ts.isNamespaceImport(decl.node) && !seen.has(decl.node)) {
        const importDecl = findAncestor(decl.node, ts.isImportDeclaration);
        const specifier = importDecl && ts.isStringLiteral(importDecl.moduleSpecifier) ? importDecl.moduleSpecifier.text : "";
        const target = specifier.startsWith(".") ? this.resolveModule?.(sf, specifier) : undefined;
        const exported = target ? this.index(target).exports.get(key) : undefined;
        const resolved = exported ? this.resolveExported(exported, depth, new Set(seen).add(decl.node)) : undefined;
        return { kind: "import", module: specifier, exportName: key, resolved, node: expr };
      }
    }
    return this.property(this.resolve(object, depth + 1, seen), key, depth + 1, seen, expr);
  }

  /** The value of `key` in an object origin (through bindings, imports and fallbacks to an object literal). */
  private property(value: ValueOrigin, key: string, depth: number, seen: Set<ts.Node>, at?: ts.Node): ValueOrigin {
    const node = at ?? value.node;
    if (depth > MAX_DEPTH) return { kind: "unknown", node };
    switch (value.kind) {
      case "binding":
        return this.property(value.value, key, depth + 1, seen, at);
      case "import": {
        if (value.resolved) return this.property(value.resolved, key, depth + 1, seen, at);
        // `require("./config").key`, `const { key } = require("./config")`: the module's exports.
        const exported = value.target ? this.index(value.target).exports.get(key) : undefined;
        if (exported) return { kind: "import", module: value.module, exportName: key, resolved: this.resolveExported(exported, depth, seen), node };
        return { kind: "import", module: value.module, exportName: `${value.exportName}.${key}`, resolved: undefined, node };
      }
      case "env-with-fallback":
        return this.property(value.fallback, key, depth + 1, seen, at);
      case "object": {
        for (const prop of value.node.properties) {
          if (propertyNameText(prop.name) !== key) continue;
          if (ts.isPropertyAssignment(prop)) return this.resolve(prop.initializer, depth + 1, seen);
          if (ts.isShorthandPropertyAssignment(prop)) return this.resolve(prop.name, depth + 1, seen);
        }
        return { kind: "unknown", node };
      }
      default:
        // `process.env` destructured: `const { KEY } = process.env`.
        if (value.kind === "unknown" && ts.isExpression(value.node) && /^process\.env$|^import\.meta\.env$/u.test(value.node.getText())) {
          return { kind: "env", name: key, node };
        }
        return { kind: "unknown", node };
    }
  }

  private resolveThisProperty(expr: ts.Expression, key: string, depth: number, seen: Set<ts.Node>): ValueOrigin {
    const cls = findAncestor(expr, ts.isClassLike);
    if (!cls) return { kind: "unknown", node: expr };
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === key && member.initializer && !seen.has(member)) {
        return { kind: "binding", name: `this.${key}`, value: this.resolve(member.initializer, depth + 1, new Set(seen).add(member)), node: member };
      }
    }
    const assigned: ts.BinaryExpression[] = [];
    walk(cls, (node) => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        node.left.name.text === key
      ) {
        assigned.push(node);
      }
      return undefined;
    });
    const only = assigned[0];
    if (assigned.length === 1 && only && !seen.has(only)) {
      return { kind: "binding", name: `this.${key}`, value: this.resolve(only.right, depth + 1, new Set(seen).add(only)), node: only };
    }
    return { kind: "unknown", node: expr };
  }
}

/** The typings say every node has a parent; a SourceFile does not. */
function parentOf(node: ts.Node): ts.Node | undefined {
  return ts.isSourceFile(node) ? undefined : node.parent;
}

/** `require("./config")`: the specifier. */
function requiredSpecifier(expr: ts.Expression): string | undefined {
  if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== "require" || expr.arguments.length !== 1) return undefined;
  const arg = expr.arguments[0];
  return arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

function findAncestor<T extends ts.Node>(node: ts.Node, test: (n: ts.Node) => n is T): T | undefined {
  for (let n = parentOf(node); n; n = parentOf(n)) if (test(n)) return n;
  return undefined;
}

function scopeOf(node: ts.Node, functionScoped: boolean): ts.Node {
  for (let n = parentOf(node); n; n = parentOf(n)) {
    if (ts.isSourceFile(n) || ts.isFunctionLike(n) || ts.isModuleBlock(n)) return n;
    if (!functionScoped && (ts.isBlock(n) || ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isCaseBlock(n) || ts.isCatchClause(n))) return n;
  }
  return node.getSourceFile();
}

function buildIndex(sf: ts.SourceFile): FileIndex {
  const declarations = new Map<string, Declared[]>();
  const assignments = new Map<string, ts.Expression[]>();
  const exports = new Map<string, ts.Node>();
  const add = (d: Declared): void => {
    const list = declarations.get(d.name);
    if (list) list.push(d);
    else declarations.set(d.name, [d]);
  };
  const bindPattern = (name: ts.BindingName, node: ts.Node, scope: ts.Node, init: ts.Expression | undefined, path: readonly string[], isConst: boolean): void => {
    if (ts.isIdentifier(name)) {
      add({ name: name.text, node, scope, init, path, isConst });
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        if (el.dotDotDotToken) continue;
        const key = propertyNameText(el.propertyName ?? (ts.isIdentifier(el.name) ? el.name : undefined));
        if (key === undefined) continue;
        bindPattern(el.name, el, scope, init, [...path, key], isConst);
      }
    }
  };
  walk(sf, (node) => {
    if (ts.isVariableDeclaration(node)) {
      const list = node.parent;
      const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
      const isVar = ts.isVariableDeclarationList(list) && (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
      bindPattern(node.name, node, scopeOf(list, isVar), node.initializer, [], isConst);
      const statement = list.parent;
      if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        if (ts.isIdentifier(node.name)) exports.set(node.name.text, node.name);
        else collectBindingExports(node.name, exports);
      }
    } else if (ts.isParameter(node)) {
      bindPattern(node.name, node, node.parent, undefined, [], false);
    } else if (ts.isImportSpecifier(node) || ts.isNamespaceImport(node)) {
      add({ name: node.name.text, node, scope: sf, init: undefined, path: [], isConst: true });
    } else if (ts.isImportClause(node) && node.name) {
      add({ name: node.name.text, node, scope: sf, init: undefined, path: [], isConst: true });
    } else if (ts.isExportAssignment(node) && !node.isExportEquals) {
      exports.set("default", node.expression);
    } else if (ts.isExportDeclaration(node) && !node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
      for (const el of node.exportClause.elements) exports.set(el.name.text, el.propertyName ?? el.name);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      if (ts.isIdentifier(node.left)) {
        const list = assignments.get(node.left.text);
        if (list) list.push(node.right);
        else assignments.set(node.left.text, [node.right]);
      } else if (ts.isPropertyAccessExpression(node.left)) {
        // `module.exports = {…}` and `exports.X = …` (CommonJS config modules).
        const target = node.left.getText();
        if (target === "module.exports") exports.set("default", node.right);
        else if (/^(?:module\.)?exports\.\w+$/u.test(target)) exports.set(node.left.name.text, node.right);
      }
    }
    return undefined;
  });
  // `module.exports = { a, b }`: each property is a named export too (for `const { a } = require("./config")`).
  const cjs = exports.get("default");
  if (cjs && ts.isObjectLiteralExpression(cjs)) {
    for (const prop of cjs.properties) {
      const name = propertyNameText(prop.name);
      if (name === undefined || exports.has(name)) continue;
      if (ts.isPropertyAssignment(prop)) exports.set(name, prop.initializer);
      else if (ts.isShorthandPropertyAssignment(prop)) exports.set(name, prop.name);
    }
  }
  return { declarations, assignments, exports };
}

function collectBindingExports(name: ts.BindingName, exports: Map<string, ts.Node>): void {
  if (ts.isIdentifier(name)) {
    exports.set(name.text, name);
    return;
  }
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) collectBindingExports(el.name, exports);
}

/** The innermost declaration of `name` whose scope contains `at`. */
function lookup(index: FileIndex, name: string, at: ts.Node): Declared | undefined {
  const candidates = index.declarations.get(name);
  if (!candidates) return undefined;
  const pos = at.getStart();
  let best: Declared | undefined;
  for (const c of candidates) {
    if (c.scope.pos > pos || c.scope.end < pos) continue;
    if (!best || c.scope.end - c.scope.pos < best.scope.end - best.scope.pos) best = c;
  }
  return best;
}

/** A literal that feeds a value, and the bindings it passed through on the way. */
export interface LiteralLeaf {
  readonly node: ts.StringLiteralLike | ts.NumericLiteral;
  readonly text: string;
  /** outermost first: the names the value travelled through (`config.ts:4 storageKey`) */
  readonly via: readonly ts.Node[];
  /** the literal is only a fallback behind an environment variable */
  readonly fallbackOf?: string | undefined;
  /** the literal is one part of a template or concatenation */
  readonly partial: boolean;
}

/** Every literal that can end up as the value, with the path it took. */
export function literalLeaves(origin: ValueOrigin): LiteralLeaf[] {
  const out: LiteralLeaf[] = [];
  // Origins share subtrees (`a2 = a1 + a1`): each is walked once, or the walk is exponential.
  const seen = new Set<ValueOrigin>();
  const walk = (o: ValueOrigin, via: readonly ts.Node[], fallbackOf: string | undefined, partial: boolean): void => {
    if (seen.has(o)) return;
    seen.add(o);
    switch (o.kind) {
      case "literal":
        out.push({ node: o.node, text: o.text, via, fallbackOf, partial });
        return;
      case "template":
      case "concat":
        for (const p of o.parts) walk(p, via, fallbackOf, true);
        return;
      case "env-with-fallback":
        walk(o.fallback, via, o.name, partial);
        return;
      case "fallback":
        for (const p of o.options) walk(p, via, fallbackOf, partial);
        return;
      case "binding":
        walk(o.value, [...via, o.node], fallbackOf, partial);
        return;
      case "import":
        if (o.resolved) walk(o.resolved, [...via, o.node], fallbackOf, partial);
        return;
      default:
        return;
    }
  };
  walk(origin, [], undefined, false);
  return out;
}

/** Does the value come (only) from configuration at run time: env, parameters, calls? */
export function describeOrigin(origin: ValueOrigin): "literal" | "env" | "dynamic" | "unresolved-import" | "mixed" {
  const kinds = new Set<string>();
  const seen = new Set<ValueOrigin>();
  const walk = (o: ValueOrigin): void => {
    if (seen.has(o)) return;
    seen.add(o);
    switch (o.kind) {
      case "literal":
        kinds.add("literal");
        return;
      case "env":
        kinds.add("env");
        return;
      case "env-with-fallback":
        kinds.add("env");
        walk(o.fallback);
        return;
      case "template":
      case "concat":
        o.parts.forEach(walk);
        return;
      case "fallback":
        o.options.forEach(walk);
        return;
      case "binding":
        walk(o.value);
        return;
      case "import":
        if (o.resolved) walk(o.resolved);
        else kinds.add(o.module.startsWith(".") ? "unresolved-import" : "env");
        return;
      default:
        kinds.add("dynamic");
    }
  };
  walk(origin);
  if (kinds.size === 1) return [...kinds][0] as "literal" | "env" | "dynamic" | "unresolved-import";
  return kinds.has("literal") ? "mixed" : kinds.has("env") ? "env" : "dynamic";
}

/** How a message says where a value comes from: `hard-coded`, `from process.env.SB_CONNECTION`, `imported from ./config.js`. */
export function originPhrase(origin: ValueOrigin): string {
  switch (origin.kind) {
    case "literal":
      return "hard-coded";
    case "env":
      return `from process.env.${origin.name}`;
    case "env-with-fallback":
      return describeOrigin(origin.fallback) === "literal" || describeOrigin(origin.fallback) === "mixed"
        ? `from process.env.${origin.name}, with a hard-coded fallback`
        : `from process.env.${origin.name}`;
    case "binding":
      return originPhrase(origin.value);
    case "import":
      return origin.resolved ? `${originPhrase(origin.resolved)} in ${origin.module}` : `imported from ${origin.module}`;
    case "parameter":
      return `from the parameter ${origin.name}`;
    case "template":
    case "concat": {
      const kind = describeOrigin(origin);
      return kind === "literal" ? "hard-coded" : kind === "env" ? "built from environment variables" : kind === "mixed" ? "built from hard-coded pieces and variables" : "built at run time";
    }
    case "fallback":
      return describeOrigin(origin) === "literal" ? "hard-coded" : "from configuration or a hard-coded fallback";
    case "call":
      return "from a function call";
    default:
      return "from configuration";
  }
}
