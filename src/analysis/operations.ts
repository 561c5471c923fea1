/**
 * Which operations the code calls on each Azure client: every construction ClientFinder sees, followed through
 * variables, `this.` properties, object properties, function returns and parameters, imports and exports between
 * files, and the clients derived from it (`getContainerClient(…).getBlockBlobClient(…)`, `createSender(…)`,
 * `database(…).container(…).items`). Works backwards: each `receiver.method(…)` call in the files asks what client
 * the receiver holds, through the same value origins the rules use.
 *
 * Returns data only (no file system, no console): the report turns it into roles.
 */
import ts from "typescript";
import { clientByExport } from "../catalog/index.js";
import { ENTITY_SOURCES, type EntitySource } from "../catalog/resources.js";
import { FLUENT_METHODS } from "../catalog/roles.js";
import type { ArgPosition, ClientEntry } from "../catalog/types.js";
import { classifyConnectionString, findConnectionStrings, hostOf } from "../detect/connection-string.js";
import { propertyNameText, skipOuter } from "./bindings.js";
import { ClientFinder, type ClientUsage } from "./clients.js";
import { OriginResolver, type ModuleResolver, type ValueOrigin } from "./value-origin.js";

/** An entity (container, queue, topic, database …) a client is narrowed to. */
export interface EntityRef {
  /** catalog entity kind; `queue|topic` when the call alone does not say which */
  readonly kind: string;
  /** the name when the code spells it as a literal; `undefined` when it is only known at run time */
  readonly name: string | undefined;
  /** the bindings the name travelled through (`ordersQueue`), outermost first: hints for an ambiguous kind */
  readonly via: readonly string[];
}

/** One Azure client construction and what it reveals about the resource it talks to. */
export interface ClientRoot {
  readonly usage: ClientUsage;
  readonly file: ts.SourceFile;
  /** 1-based line of the construction */
  readonly line: number;
  /** the resource's host (`contosoprod.blob.core.windows.net`) when a literal reveals it */
  readonly host: string | undefined;
  /** where the host came from: a connection string, an endpoint literal, or the literal fallback of an env variable */
  readonly hostFrom: "connection-string" | "endpoint" | "fallback" | undefined;
  /** the environment variable the endpoint or connection string is read from */
  readonly endpointEnv: string | undefined;
  /** the connection string or endpoint is a local emulator's */
  readonly emulator: boolean;
  /** environment variables that hold key material this construction reads today */
  readonly secretEnv: readonly string[];
  readonly entities: readonly EntityRef[];
}

/** A client value somewhere in the code: which construction it comes from, what client it is now, narrowed to what. */
export interface ClientValue {
  readonly root: ClientRoot;
  readonly client: ClientEntry;
  readonly entities: readonly EntityRef[];
}

/** One call of a method on a client. */
export interface OperationCall {
  readonly value: ClientValue;
  /** `upload`, or a path below the client for SDKs that nest resources (`chat.completions.create`) */
  readonly method: string;
  /** the method returns a catalog client (`getContainerClient`, `createSender`, a fluent `request.input(…)`) */
  readonly derives: boolean;
  readonly file: ts.SourceFile;
  /** 1-based line of the method name */
  readonly line: number;
  /** the call, or the construction of a wrapper (`new BlobCheckpointStore(containerClient)`) */
  readonly node: ts.CallExpression | ts.NewExpression;
  /** what the call acts on: the value's entities, plus those a deriving call names (`createSender("orders")`) */
  readonly entities: readonly EntityRef[];
  /** the first argument's full text when the code spells it out (an SQL statement); analysed, never printed */
  readonly statement: string | undefined;
}

export interface OperationAnalysis {
  /** every construction that names a resource (a wrapper such as BlobCheckpointStore is folded into what it wraps) */
  readonly roots: readonly ClientRoot[];
  readonly operations: readonly OperationCall[];
}

type FunctionNode = ts.FunctionLikeDeclaration;
type CallSite = ts.CallExpression | ts.NewExpression;

const MAX_DEPTH = 24;
const ASSIGNMENTS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);
const NONE: readonly ClientValue[] = Object.freeze([]);

const nameStart = (call: ts.CallExpression | ts.NewExpression): number => {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.getStart() : call.getStart();
};
const lineOf = (node: ts.Node): number => node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);

function parentOf(node: ts.Node): ts.Node | undefined {
  return ts.isSourceFile(node) ? undefined : node.parent;
}

function enclosing<T extends ts.Node>(node: ts.Node, test: (n: ts.Node) => n is T): T | undefined {
  for (let n = parentOf(node); n; n = parentOf(n)) if (test(n)) return n;
  return undefined;
}

/** Follow bindings and resolved imports to the value itself. */
function unwrap(origin: ValueOrigin): ValueOrigin {
  let o = origin;
  for (let i = 0; i < MAX_DEPTH; i++) {
    if (o.kind === "binding") o = o.value;
    else if (o.kind === "import" && o.resolved) o = o.resolved;
    else return o;
  }
  return o;
}

/**
 * The full text of a value the code spells out: literals, templates and concatenations of literals, through
 * bindings and imports. For `process.env.X || "literal"` the literal fallback (the resource the code was written
 * against). `undefined` when any part is only known at run time.
 */
export function staticText(origin: ValueOrigin, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (origin.kind) {
    case "literal":
      return origin.text;
    case "template":
    case "concat": {
      let out = "";
      for (const part of origin.parts) {
        const text = staticText(part, depth + 1);
        if (text === undefined) return undefined;
        out += text;
      }
      return out;
    }
    case "binding":
      return staticText(origin.value, depth + 1);
    case "import":
      return origin.resolved ? staticText(origin.resolved, depth + 1) : undefined;
    case "env-with-fallback":
      return staticText(origin.fallback, depth + 1);
    case "fallback":
      for (const option of origin.options) {
        const text = staticText(option, depth + 1);
        if (text !== undefined) return text;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Does the value come from `process.env.X` (alone or with a literal fallback)? Then X. */
function envVariable(origin: ValueOrigin, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (origin.kind) {
    case "env":
    case "env-with-fallback":
      return origin.name;
    case "binding":
      return envVariable(origin.value, depth + 1);
    case "import":
      return origin.resolved ? envVariable(origin.resolved, depth + 1) : undefined;
    case "template":
    case "concat":
    case "fallback": {
      const parts = origin.kind === "fallback" ? origin.options : origin.parts;
      for (const part of parts) {
        const name = envVariable(part, depth + 1);
        if (name !== undefined) return name;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Every environment variable a value reads. */
function envVariables(origin: ValueOrigin, out: Set<string>, depth = 0): Set<string> {
  if (depth > MAX_DEPTH) return out;
  switch (origin.kind) {
    case "env":
      out.add(origin.name);
      break;
    case "env-with-fallback":
      out.add(origin.name);
      envVariables(origin.fallback, out, depth + 1);
      break;
    case "binding":
      envVariables(origin.value, out, depth + 1);
      break;
    case "import":
      if (origin.resolved) envVariables(origin.resolved, out, depth + 1);
      break;
    case "template":
    case "concat":
      for (const p of origin.parts) envVariables(p, out, depth + 1);
      break;
    case "fallback":
      for (const p of origin.options) envVariables(p, out, depth + 1);
      break;
    default:
      break;
  }
  return out;
}

/** The names a value travelled through (`ordersQueue` in `createSender(ordersQueue)`). */
function bindingNames(origin: ValueOrigin, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  if (origin.kind === "binding") return [origin.name, ...bindingNames(origin.value, depth + 1)];
  if (origin.kind === "import") return [origin.exportName, ...(origin.resolved ? bindingNames(origin.resolved, depth + 1) : [])];
  return [];
}

/** Can this argument be a name (a string, or something that may hold one), rather than options or a client? */
function nameLike(origin: ValueOrigin): boolean {
  const o = unwrap(origin);
  return o.kind !== "object" && o.kind !== "new" && o.kind !== "call" && !(o.kind === "literal" && ts.isNumericLiteral(o.node));
}

/** A DNS name (`${process.env.X}` in a plain string is not one). */
const HOST = /^[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]*[a-z\d])?)+$/iu;
const LOCAL_HOSTS = /^(?:localhost|127\.0\.0\.1|\[?::1\]?|0\.0\.0\.0|host\.docker\.internal)$/iu;

/** Host and path of a URL-ish text; a bare host (`ns.servicebus.windows.net`) has no path. */
function parseEndpoint(text: string): { host: string; path: string[] } | undefined {
  const trimmed = text.trim();
  if (/^[a-z][\w+.-]*:\/\//iu.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      if (url.hostname === "") return undefined;
      const path = url.pathname.split("/").filter((s) => s.length > 0).map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
      const host = url.hostname.toLowerCase();
      return HOST.test(host) || LOCAL_HOSTS.test(host) ? { host, path } : undefined;
    } catch {
      return undefined;
    }
  }
  const host = hostOf(trimmed);
  return host !== undefined && HOST.test(host) ? { host: host.toLowerCase(), path: [] } : undefined;
}

/** Finds the operations called on every Azure client in a set of files. */
export class OperationFinder {
  private readonly origins: OriginResolver;
  private readonly roots = new Map<ts.Node, ClientRoot>();
  private readonly memo = new Map<ts.Node, readonly ClientValue[]>();
  private readonly active = new Set<ts.Node>();
  private callSites: Map<ts.Node, CallSite[]> | undefined;
  private indexing = false;
  private readonly functionsByName = new WeakMap<ts.SourceFile, Map<string, ts.Node[]>>();
  private readonly assignments = new WeakMap<ts.SourceFile, Map<string, ts.Expression[]>>();

  constructor(
    private readonly files: readonly ts.SourceFile[],
    private readonly resolveModule: ModuleResolver | undefined,
  ) {
    this.origins = new OriginResolver(resolveModule);
  }

  run(): OperationAnalysis {
    for (const sf of this.files) {
      const finder = new ClientFinder(sf, this.origins);
      for (const usage of finder.clients) this.roots.set(usage.node, this.describeRoot(usage, sf));
    }
    const operations: OperationCall[] = [];
    for (const sf of this.files) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) this.collect(node, operations);
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    // A wrapper built around a client (`new BlobCheckpointStore(containerClient)`) acts on it: the construction is
    // an operation named `new`, which the catalog maps when the wrapper needs a role of its own.
    for (const root of this.roots.values()) {
      if (!root.usage.client.pseudo || !ts.isNewExpression(root.usage.node)) continue;
      for (const value of this.wrapped(root)) {
        operations.push({ value, method: "new", derives: false, file: root.file, line: root.line, node: root.usage.node, entities: value.entities, statement: undefined });
      }
    }
    operations.sort((a, b) => (a.file.fileName < b.file.fileName ? -1 : a.file.fileName > b.file.fileName ? 1 : nameStart(a.node) - nameStart(b.node)));
    const wrappers = new Set<ClientRoot>();
    for (const root of this.roots.values()) {
      if (root.usage.client.pseudo && this.wrapped(root).length > 0) wrappers.add(root);
    }
    return { roots: [...this.roots.values()].filter((r) => !wrappers.has(r)), operations };
  }

  // ---- operations ------------------------------------------------------------------------------------------------

  /** `receiver.a.b.method(…)`: the innermost receiver that holds a client, and the method path below it. */
  private collect(call: ts.CallExpression, out: OperationCall[]): void {
    const callee = skipOuter(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const names = [callee.name.text];
    let receiver: ts.Expression = callee.expression;
    for (let i = 0; i < 6; i++) {
      const values = this.valuesOf(receiver);
      if (values.length > 0) {
        const method = names.join(".");
        const firstArg = call.arguments[0];
        const statement = firstArg ? staticText(this.origins.origin(firstArg)) : undefined;
        for (const value of values) {
          const derived = names.length === 1 ? this.derive(value, method, call)[0] : undefined;
          const derives = derived !== undefined;
          const entities = derived?.entities ?? value.entities;
          out.push({ value, method, derives, file: call.getSourceFile(), line: lineOf(callee.name), node: call, entities, statement });
        }
        return;
      }
      const inner = skipOuter(receiver);
      if (!ts.isPropertyAccessExpression(inner)) return;
      names.unshift(inner.name.text);
      receiver = inner.expression;
    }
  }

  // ---- what client an expression holds ---------------------------------------------------------------------------

  valuesOf(expr: ts.Expression, depth = 0): readonly ClientValue[] {
    const e = skipOuter(expr);
    const cached = this.memo.get(e);
    if (cached) return cached;
    if (this.active.has(e) || depth > MAX_DEPTH) return NONE;
    this.active.add(e);
    try {
      const values = dedupe(this.compute(e, depth + 1));
      this.memo.set(e, values);
      return values;
    } finally {
      this.active.delete(e);
    }
  }

  private compute(e: ts.Expression, depth: number): readonly ClientValue[] {
    if (ts.isAwaitExpression(e)) return this.valuesOf(e.expression, depth);
    const root = this.roots.get(e);
    if (root) {
      if (!root.usage.client.pseudo) return [{ root, client: root.usage.client, entities: root.entities }];
      const wrapped = this.wrapped(root, depth);
      return wrapped.length > 0 ? wrapped : [{ root, client: root.usage.client, entities: root.entities }];
    }
    if (ts.isCallExpression(e)) return this.callValues(e, depth);
    if (ts.isPropertyAccessExpression(e)) {
      const parents = this.valuesOf(e.expression, depth);
      if (parents.length > 0) {
        return parents.flatMap((p) => {
          const d = p.client.derived?.find((x) => x.method === e.name.text && x.property === true);
          const target = d ? clientByExport(p.client.value.package, d.client) : undefined;
          return target ? [{ root: p.root, client: target, entities: p.entities }] : [];
        });
      }
      const viaOrigin = this.originValues(e, depth);
      return viaOrigin.length > 0 ? viaOrigin : this.memberValues(e.expression, e.name.text, depth);
    }
    if (ts.isConditionalExpression(e)) return [...this.valuesOf(e.whenTrue, depth), ...this.valuesOf(e.whenFalse, depth)];
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return [...this.valuesOf(e.left, depth), ...this.valuesOf(e.right, depth)];
      if (op === ts.SyntaxKind.EqualsToken) return this.valuesOf(e.right, depth);
      return NONE;
    }
    if (ts.isIdentifier(e) || ts.isElementAccessExpression(e)) return this.originValues(e, depth);
    return NONE;
  }

  /** A wrapper client (`new BlobCheckpointStore(containerClient)`) stands for the client it wraps. */
  private wrapped(root: ClientRoot, depth = 0): ClientValue[] {
    const args = root.usage.node.arguments ?? [];
    return args.flatMap((arg) =>
      this.valuesOf(arg, depth)
        .filter((v) => v.client.service === root.usage.client.service && v.root !== root)
        .map((v) => ({ root: v.root, client: root.usage.client, entities: v.entities })),
    );
  }

  private callValues(call: ts.CallExpression, depth: number): readonly ClientValue[] {
    const callee = skipOuter(call.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const parents = this.valuesOf(callee.expression, depth);
      if (parents.length > 0) return parents.flatMap((p) => this.derive(p, method, call));
    }
    // A function or method of the application that returns a client.
    return this.functionsOf(callee).flatMap((fn) => returnsOf(fn).flatMap((r) => this.valuesOf(r, depth)));
  }

  private derive(parent: ClientValue, method: string, call: ts.CallExpression): ClientValue[] {
    const client = parent.client;
    if (FLUENT_METHODS.some((f) => f.service === client.service && f.clients.includes(client.value.name) && f.methods.includes(method))) return [parent];
    const d = client.derived?.find((x) => x.method === method && x.property !== true);
    const target = d ? clientByExport(client.value.package, d.client) : undefined;
    if (!target) return [];
    const named = this.entitiesFrom(client.id, [method], call.arguments, undefined);
    return [{ root: parent.root, client: target, entities: mergeEntities(parent.entities, named) }];
  }

  private originValues(e: ts.Expression, depth: number): readonly ClientValue[] {
    const origin = this.origins.origin(e);
    const values = this.interpret(origin, depth);
    if (values.length > 0) return values;
    // `let client; … client ??= createClient(…)`: a variable assigned in several places, or lazily.
    if (ts.isIdentifier(e)) {
      const assigned = this.assignmentsNamed(e.getSourceFile()).get(e.text) ?? [];
      const found = assigned.filter((a) => a !== e).flatMap((a) => this.valuesOf(a, depth));
      if (found.length > 0) return found;
    }
    // `constructor(private readonly container: ContainerClient)`, then `this.container`.
    if (ts.isPropertyAccessExpression(e) && skipOuter(e.expression).kind === ts.SyntaxKind.ThisKeyword) {
      const param = parameterProperty(e, e.name.text);
      if (param) return this.parameterValues(param, depth);
    }
    return NONE;
  }

  private interpret(origin: ValueOrigin, depth: number): readonly ClientValue[] {
    if (depth > MAX_DEPTH) return NONE;
    switch (origin.kind) {
      case "binding": {
        const values = this.interpret(origin.value, depth + 1);
        // `const { blob } = createClients()`, `const { bus } = require("./clients")`.
        return values.length > 0 || !ts.isBindingElement(origin.node) ? values : this.destructured(origin.node, depth);
      }
      case "import":
        return origin.resolved ? this.interpret(origin.resolved, depth + 1) : NONE;
      case "new":
      case "call":
        return this.valuesOf(origin.node, depth);
      case "fallback":
        return origin.options.flatMap((o) => this.interpret(o, depth + 1));
      case "parameter":
        return ts.isParameter(origin.node) ? this.parameterValues(origin.node, depth) : NONE;
      case "unknown":
        // `this.x` assigned from a parameter property, or a member the resolver could not follow.
        if (ts.isPropertyAccessExpression(origin.node) && skipOuter(origin.node.expression).kind === ts.SyntaxKind.ThisKeyword) {
          const param = parameterProperty(origin.node, origin.node.name.text);
          if (param) return this.parameterValues(param, depth);
        }
        return NONE;
      default:
        return NONE;
    }
  }

  /**
   * `object.key` where the origin resolver stops: a getter or a static field of the application's classes, a
   * property of the object a function returns, a CommonJS export (`require("./clients").bus`).
   */
  private memberValues(object: ts.Expression, key: string, depth: number): readonly ClientValue[] {
    if (depth > MAX_DEPTH) return NONE;
    let obj = skipOuter(object);
    if (ts.isAwaitExpression(obj)) obj = skipOuter(obj.expression);
    const fromClasses = [...this.classesOf(obj), ...this.classesNamed(obj)].flatMap((cls) =>
      cls.members.flatMap((m): readonly ClientValue[] => {
        if (propertyNameText(m.name) !== key) return [];
        if (ts.isGetAccessorDeclaration(m)) return returnsOf(m).flatMap((r) => this.valuesOf(r, depth + 1));
        if (ts.isPropertyDeclaration(m) && m.initializer) return this.valuesOf(m.initializer, depth + 1);
        return [];
      }),
    );
    if (fromClasses.length > 0) return fromClasses;
    if (ts.isCallExpression(obj)) {
      const target = this.requireTarget(obj);
      if (target) return this.commonJsExport(target, key, depth);
      return this.functionsOf(obj.expression).flatMap((fn) => returnsOf(fn).flatMap((r) => this.objectMember(r, key, depth + 1)));
    }
    if (ts.isIdentifier(obj)) {
      const o = unwrap(this.origins.origin(obj));
      if ((o.kind === "call" || o.kind === "new") && o.node !== obj) return this.memberValues(o.node, key, depth + 1);
    }
    return NONE;
  }

  private objectMember(expr: ts.Expression, key: string, depth: number): readonly ClientValue[] {
    const o = unwrap(this.origins.origin(expr));
    if (o.kind !== "object") return NONE;
    const init = objectProperty(o.node, key);
    return init ? this.valuesOf(init, depth) : NONE;
  }

  private destructured(element: ts.BindingElement, depth: number): readonly ClientValue[] {
    const pattern = element.parent;
    const decl = pattern.parent;
    const key = propertyNameText(element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined));
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(decl) || !decl.initializer || key === undefined) return NONE;
    return this.memberValues(decl.initializer, key, depth + 1);
  }

  /** `require("./clients")` → the file. */
  private requireTarget(call: ts.CallExpression): ts.SourceFile | undefined {
    const arg = call.arguments[0];
    if (!ts.isIdentifier(call.expression) || call.expression.text !== "require" || !arg || !ts.isStringLiteralLike(arg)) return undefined;
    return this.resolve(call.getSourceFile(), arg.text);
  }

  /** `module.exports = { key }` or `exports.key = …` in a CommonJS module. */
  private commonJsExport(file: ts.SourceFile, key: string, depth: number): readonly ClientValue[] {
    for (const st of file.statements) {
      if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const { left, right } = st.expression;
      const target = left.getText().replace(/\s+/gu, "");
      if (target === "module.exports") {
        const values = this.objectMember(right, key, depth + 1);
        if (values.length > 0) return values;
      } else if (target === `module.exports.${key}` || target === `exports.${key}`) {
        return this.valuesOf(right, depth + 1);
      }
    }
    return NONE;
  }

  /** A parameter holds whatever its callers pass. */
  private parameterValues(param: ts.ParameterDeclaration, depth: number): readonly ClientValue[] {
    if (this.indexing || !ts.isIdentifier(param.name) || param.dotDotDotToken) return NONE;
    const fn = param.parent;
    if (!ts.isFunctionLike(fn)) return NONE;
    const index = fn.parameters.indexOf(param);
    return this.sitesOf(fn).flatMap((site) => {
      const arg = site.arguments?.[index];
      return arg ? this.valuesOf(arg, depth) : [];
    });
  }

  private sitesOf(fn: ts.Node): readonly CallSite[] {
    if (!this.callSites) {
      this.indexing = true;
      const sites = new Map<ts.Node, CallSite[]>();
      const add = (target: ts.Node, site: CallSite): void => {
        const list = sites.get(target);
        if (list) list.push(site);
        else sites.set(target, [site]);
      };
      try {
        for (const sf of this.files) {
          const visit = (node: ts.Node): void => {
            if (ts.isCallExpression(node)) for (const target of this.functionsOf(node.expression)) add(target, node);
            else if (ts.isNewExpression(node)) {
              for (const cls of this.classesNamed(node.expression)) {
                const ctor = cls.members.find(ts.isConstructorDeclaration);
                if (ctor) add(ctor, node);
              }
            }
            ts.forEachChild(node, visit);
          };
          visit(sf);
        }
      } finally {
        this.indexing = false;
      }
      this.callSites = sites;
    }
    return this.callSites.get(fn) ?? [];
  }

  // ---- the application's own functions and classes ---------------------------------------------------------------

  /** The functions a call expression's callee may run (same file, imported, methods of the application's classes). */
  private functionsOf(callee: ts.Expression): FunctionNode[] {
    const e = skipOuter(callee);
    if (ts.isIdentifier(e)) {
      const local = this.localDeclaration(e);
      if (local) return functionLike(local);
      return this.functionsFromOrigin(this.origins.origin(e));
    }
    if (ts.isPropertyAccessExpression(e)) {
      const name = e.name.text;
      const object = skipOuter(e.expression);
      if (object.kind === ts.SyntaxKind.ThisKeyword) {
        const cls = enclosing(object, ts.isClassLike);
        return cls ? memberFunctions(cls, name) : [];
      }
      if (ts.isIdentifier(object)) {
        const namespace = this.namespaceTarget(object);
        if (namespace) {
          const exported = exportedDeclaration(namespace, name, (sf, n) => this.localByName(sf, n));
          return exported ? functionLike(exported) : [];
        }
      }
      return [...this.classesNamed(object), ...this.classesOf(object)].flatMap((cls) => memberFunctions(cls, name));
    }
    return [];
  }

  private functionsFromOrigin(origin: ValueOrigin): FunctionNode[] {
    const o = unwrap(origin);
    if (o.kind === "unknown" && ts.isFunctionLike(o.node) && isFunctionWithBody(o.node)) return [o.node];
    if (o.kind === "import" && !o.resolved) {
      const target = this.importTarget(o.node);
      if (target) {
        const exported = exportedDeclaration(target.file, target.name, (sf, n) => this.localByName(sf, n));
        return exported ? functionLike(exported) : [];
      }
    }
    return [];
  }

  /** Classes whose instance an expression holds (`const repo = new Repo()`, `this`). */
  private classesOf(expr: ts.Expression): ts.ClassLikeDeclaration[] {
    const e = skipOuter(expr);
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosing(e, ts.isClassLike);
      return cls ? [cls] : [];
    }
    const o = unwrap(this.origins.origin(e));
    if (o.kind === "new") return this.classesNamed(o.node.expression);
    return [];
  }

  /** The class a name denotes (`Repo` in `new Repo()` or `Repo.create()`), in this file or imported. */
  private classesNamed(expr: ts.Expression): ts.ClassLikeDeclaration[] {
    const e = skipOuter(expr);
    if (!ts.isIdentifier(e)) return [];
    const local = this.localDeclaration(e);
    if (local && ts.isClassLike(local)) return [local];
    const o = unwrap(this.origins.origin(e));
    if (o.kind === "unknown" && ts.isClassExpression(o.node)) return [o.node];
    if (o.kind === "import" && !o.resolved) {
      const target = this.importTarget(o.node);
      const exported = target ? exportedDeclaration(target.file, target.name, (sf, n) => this.localByName(sf, n)) : undefined;
      if (exported && ts.isClassLike(exported)) return [exported];
    }
    return [];
  }

  /** A function or class declared in the file under this name, visible from `id`. */
  private localDeclaration(id: ts.Identifier): ts.Node | undefined {
    const candidates = this.declarationsNamed(id.getSourceFile()).get(id.text) ?? [];
    let best: ts.Node | undefined;
    for (const c of candidates) {
      const scope = parentOf(c);
      if (!scope || id.getStart() < scope.pos || id.getStart() > scope.end) continue;
      if (!best || scope.end - scope.pos < (parentOf(best)?.end ?? 0) - (parentOf(best)?.pos ?? 0)) best = c;
    }
    return best;
  }

  private localByName(sf: ts.SourceFile, name: string): ts.Node | undefined {
    return (this.declarationsNamed(sf).get(name) ?? []).find((d) => parentOf(d) === sf);
  }

  private declarationsNamed(sf: ts.SourceFile): Map<string, ts.Node[]> {
    let index = this.functionsByName.get(sf);
    if (!index) {
      const built = new Map<string, ts.Node[]>();
      const visit = (node: ts.Node): void => {
        if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
          built.set(node.name.text, [...(built.get(node.name.text) ?? []), node]);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
      this.functionsByName.set(sf, built);
      index = built;
    }
    return index;
  }

  /** Every value assigned to a plain name in the file (`x = …`, `x ??= …`, `x ||= …`), and `let`/`var` initializers. */
  private assignmentsNamed(sf: ts.SourceFile): Map<string, ts.Expression[]> {
    let index = this.assignments.get(sf);
    if (!index) {
      const built = new Map<string, ts.Expression[]>();
      const add = (name: string, value: ts.Expression): void => {
        built.set(name, [...(built.get(name) ?? []), value]);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && ASSIGNMENTS.has(node.operatorToken.kind)) add(node.left.text, node.right);
        else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) add(node.name.text, node.initializer);
        ts.forEachChild(node, visit);
      };
      visit(sf);
      this.assignments.set(sf, built);
      index = built;
    }
    return index;
  }

  /** `import * as ns from "./x"` → the file. */
  private namespaceTarget(id: ts.Identifier): ts.SourceFile | undefined {
    for (const st of id.getSourceFile().statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
      const named = st.importClause?.namedBindings;
      if (named && ts.isNamespaceImport(named) && named.name.text === id.text) return this.resolve(id.getSourceFile(), st.moduleSpecifier.text);
    }
    return undefined;
  }

  /** The file and export name an import specifier or default import refers to. */
  private importTarget(node: ts.Node): { file: ts.SourceFile; name: string } | undefined {
    const decl = ts.isImportDeclaration(node) ? node : enclosing(node, ts.isImportDeclaration);
    if (!decl || !ts.isStringLiteral(decl.moduleSpecifier)) return undefined;
    const file = this.resolve(node.getSourceFile(), decl.moduleSpecifier.text);
    if (!file) return undefined;
    if (ts.isImportSpecifier(node)) return { file, name: (node.propertyName ?? node.name).text };
    if (ts.isImportClause(node)) return { file, name: "default" };
    return undefined;
  }

  private resolve(from: ts.SourceFile, specifier: string): ts.SourceFile | undefined {
    return specifier.startsWith(".") ? this.resolveModule?.(from, specifier) : undefined;
  }

  // ---- what a construction reveals -------------------------------------------------------------------------------

  private describeRoot(usage: ClientUsage, sf: ts.SourceFile): ClientRoot {
    const client = usage.client;
    const args = usage.node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    let host: string | undefined;
    let hostFrom: ClientRoot["hostFrom"];
    let endpointEnv: string | undefined;
    let emulator = false;
    let urlPath: string[] = [];
    let fields: ReadonlyMap<string, string> | undefined;

    const take = (origin: ValueOrigin, from: "connection-string" | "endpoint"): void => {
      endpointEnv ??= envVariable(origin);
      const text = staticText(origin);
      if (text === undefined || host !== undefined) return;
      const fromFallback = unwrap(origin).kind === "env-with-fallback" || envVariable(origin) !== undefined;
      for (const cs of findConnectionStrings(text)) {
        const verdict = classifyConnectionString(cs);
        if (verdict.status === "public") emulator = true;
        if (verdict.status !== "keyed") continue;
        const endpoint = verdict.endpoints[client.service] ?? Object.values(verdict.endpoints)[0];
        const parsed = endpoint === undefined ? undefined : parseEndpoint(endpoint);
        fields = new Map(cs.fields.map((f) => [f.name.toLowerCase(), f.value]));
        if (parsed) {
          host = parsed.host;
          hostFrom = fromFallback ? "fallback" : "connection-string";
        }
        return;
      }
      const parsed = parseEndpoint(text);
      if (!parsed) return;
      if (LOCAL_HOSTS.test(parsed.host)) {
        emulator = true;
        return;
      }
      host = parsed.host;
      hostFrom = fromFallback ? "fallback" : from === "connection-string" && usage.auth === "connection-string" ? "connection-string" : "endpoint";
      urlPath = parsed.path;
    };

    if (usage.auth === "connection-string" && usage.authArg) take(this.origins.origin(usage.authArg), "connection-string");
    const positions: ArgPosition[] = [...(client.tokenForm ? [client.tokenForm.endpointAt] : []), ...(client.hostAt ?? [])];
    for (const at of positions) {
      if (host !== undefined) break;
      const arg = this.argumentAt(args, at);
      if (arg && nameLike(this.origins.origin(arg))) take(this.origins.origin(arg), "endpoint");
    }

    const secretEnv = usage.form && usage.origin ? [...envVariables(usage.origin, new Set())] : [];
    const via = ts.isNewExpression(usage.node)
      ? "new"
      : ts.isPropertyAccessExpression(skipOuter(usage.node.expression)) && client.keyForms.some((f) => typeof f.via === "object" && f.via.static === (skipOuter(usage.node.expression) as ts.PropertyAccessExpression).name.text)
        ? (skipOuter(usage.node.expression) as ts.PropertyAccessExpression).name.text
        : "call";
    const entities = this.entitiesFrom(client.id, [via, "url", "connection-string"], args, { urlPath, fields, auth: usage.auth });
    return { usage, file: sf, line: lineOf(usage.node), host, hostFrom, endpointEnv, emulator, secretEnv, entities };
  }

  /**
   * The entities ENTITY_SOURCES says a construction or a derived call names. Several sources can match one
   * construction (`new ContainerClient(connectionString, "c")` and the URL of the token form); for each `via` the
   * first source whose conditions hold applies.
   */
  private entitiesFrom(
    clientId: string,
    vias: readonly string[],
    args: ts.NodeArray<ts.Expression>,
    construction: { urlPath: readonly string[]; fields: ReadonlyMap<string, string> | undefined; auth: ClientUsage["auth"] } | undefined,
  ): EntityRef[] {
    const out: EntityRef[] = [];
    for (const via of vias) {
      const source = ENTITY_SOURCES.find((s) => s.client === clientId && s.via === via && this.applies(s, args, construction?.auth));
      if (!source) continue;
      if (via === "url") {
        source.args?.forEach((kind, i) => {
          const name = construction?.urlPath[i];
          if (kind !== null && name !== undefined) out.push({ kind, name, via: [] });
        });
      } else if (via === "connection-string") {
        for (const [kind, names] of Object.entries(source.fields ?? {})) {
          const name = names.map((n) => construction?.fields?.get(n.toLowerCase())).find((v) => v !== undefined && v.length > 0);
          if (name !== undefined) out.push({ kind, name, via: [] });
        }
      } else {
        source.args?.forEach((kind, i) => {
          const arg = args[i];
          if (kind !== null && arg) {
            const entity = this.entityAt(arg, kind);
            if (entity) out.push(entity);
          }
        });
        for (const option of source.options ?? []) {
          const arg = this.argumentAt(args, option.at);
          const entity = arg ? this.entityAt(arg, option.kind) : undefined;
          if (entity) out.push(entity);
        }
      }
    }
    return out;
  }

  private applies(source: EntitySource, args: ts.NodeArray<ts.Expression>, auth: ClientUsage["auth"] | undefined): boolean {
    if (source.auth && (auth === undefined || auth === "unknown" || !source.auth.includes(auth))) return false;
    if (source.whenNamedArg !== undefined) {
      const arg = args[source.whenNamedArg];
      if (!arg || !nameLike(this.origins.origin(arg))) return false;
    }
    return true;
  }

  private entityAt(arg: ts.Expression, kind: string): EntityRef | undefined {
    const origin = this.origins.origin(arg);
    if (!nameLike(origin)) return undefined;
    const name = staticText(origin) ?? this.parameterText(origin);
    // `settings.cartQueue` names the value too.
    const property = ts.isPropertyAccessExpression(skipOuter(arg)) ? [(skipOuter(arg) as ts.PropertyAccessExpression).name.text] : [];
    return { kind, name: name === undefined || name.length === 0 ? undefined : name, via: [...property, ...bindingNames(origin)] };
  }

  /**
   * A name passed in as a parameter (`container(name) { return service.getContainerClient(name) }`): the literal
   * when every caller passes the same one; otherwise unknown (the scope stays wider, never a guess).
   */
  private parameterText(origin: ValueOrigin): string | undefined {
    const o = unwrap(origin);
    if (o.kind !== "parameter" || !ts.isParameter(o.node) || this.indexing) return undefined;
    const fn = o.node.parent;
    if (!ts.isFunctionLike(fn)) return undefined;
    const index = fn.parameters.indexOf(o.node);
    const texts = new Set(this.sitesOf(fn).map((site) => {
      const arg = site.arguments?.[index];
      return arg ? staticText(this.origins.origin(arg)) : undefined;
    }));
    const [only] = texts;
    return texts.size === 1 ? only : undefined;
  }

  /** The expression at a position: an argument, or a property of an options object (through bindings). */
  private argumentAt(args: ts.NodeArray<ts.Expression>, at: ArgPosition): ts.Expression | undefined {
    let current = args[at.arg];
    if (!current || !("path" in at)) return current;
    for (const key of at.path) {
      if (!current) return undefined;
      const o = unwrap(this.origins.origin(current));
      if (o.kind !== "object") return undefined;
      current = objectProperty(o.node, key);
    }
    return current;
  }
}

/** Every operation called on an Azure client in these files. */
export function findOperations(files: readonly ts.SourceFile[], resolveModule?: ModuleResolver): OperationAnalysis {
  return new OperationFinder(files, resolveModule).run();
}

// ---- helpers ------------------------------------------------------------------------------------------------------

function objectProperty(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const prop of obj.properties) {
    if (propertyNameText(prop.name) !== key) continue;
    if (ts.isPropertyAssignment(prop)) return prop.initializer;
    if (ts.isShorthandPropertyAssignment(prop)) return prop.name;
  }
  return undefined;
}

/** Later entities of a kind replace earlier ones (`getContainerClient("b")` on a client built for container "a"). */
function mergeEntities(base: readonly EntityRef[], more: readonly EntityRef[]): readonly EntityRef[] {
  if (more.length === 0) return base;
  const kinds = new Set(more.flatMap((e) => e.kind.split("|")));
  return [...base.filter((e) => !e.kind.split("|").some((k) => kinds.has(k))), ...more];
}

function dedupe(values: readonly ClientValue[]): readonly ClientValue[] {
  if (values.length < 2) return values.length === 0 ? NONE : values;
  const seen = new Set<string>();
  const out: ClientValue[] = [];
  const ids = new Map<ClientRoot, number>();
  for (const v of values) {
    let id = ids.get(v.root);
    if (id === undefined) {
      id = ids.size;
      ids.set(v.root, id);
    }
    const key = `${String(id)}\u0000${v.client.id}\u0000${v.entities.map((e) => `${e.kind}=${e.name ?? "?"}`).join(",")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

function isFunctionWithBody(node: ts.Node): node is FunctionNode {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isConstructorDeclaration(node)) &&
    node.body !== undefined
  );
}

function functionLike(node: ts.Node): FunctionNode[] {
  if (isFunctionWithBody(node)) return [node];
  if (ts.isVariableDeclaration(node) && node.initializer) {
    const init = skipOuter(node.initializer);
    return isFunctionWithBody(init) ? [init] : [];
  }
  return [];
}

function memberFunctions(cls: ts.ClassLikeDeclaration, name: string): FunctionNode[] {
  return cls.members.flatMap((m): FunctionNode[] => {
    if (propertyNameText(m.name) !== name) return [];
    if (isFunctionWithBody(m)) return [m];
    if (ts.isPropertyDeclaration(m) && m.initializer) {
      const init = skipOuter(m.initializer);
      return isFunctionWithBody(init) ? [init] : [];
    }
    return [];
  });
}

/** The expressions a function returns (an arrow's expression body, or its `return` statements, not nested ones). */
function returnsOf(fn: FunctionNode): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return out;
}

/** `constructor(private readonly name: T)`: the parameter behind `this.name`. */
function parameterProperty(at: ts.Node, name: string): ts.ParameterDeclaration | undefined {
  const cls = enclosing(at, ts.isClassLike);
  const ctor = cls?.members.find(ts.isConstructorDeclaration);
  return ctor?.parameters.find(
    (p) =>
      ts.isIdentifier(p.name) &&
      p.name.text === name &&
      (ts.getModifiers(p) ?? []).some((m) =>
        [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword].includes(m.kind),
      ),
  );
}

/** The declaration a module exports under `name` (`default` for the default export), functions and classes included. */
function exportedDeclaration(sf: ts.SourceFile, name: string, local: (sf: ts.SourceFile, name: string) => ts.Node | undefined): ts.Node | undefined {
  for (const st of sf.statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(st, ts.SyntaxKind.DefaultKeyword);
      if ((name === "default" && isDefault) || (!isDefault && st.name?.text === name)) return st;
    } else if (ts.isVariableStatement(st) && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d;
    } else if (ts.isExportAssignment(st) && !st.isExportEquals && name === "default") {
      const e = skipOuter(st.expression);
      if (ts.isIdentifier(e)) return local(sf, e.text) ?? variableNamed(sf, e.text);
      return e;
    } else if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (el.name.text !== name) continue;
        const localName = (el.propertyName ?? el.name).text;
        return local(sf, localName) ?? variableNamed(sf, localName);
      }
    }
  }
  return undefined;
}

function variableNamed(sf: ts.SourceFile, name: string): ts.VariableDeclaration | undefined {
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d;
  }
  return undefined;
}
