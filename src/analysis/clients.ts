import ts from "typescript";
import { CLIENTS, CREDENTIALS } from "../catalog/index.js";
import { KEY_HEADERS } from "../catalog/secret-formats.js";
import type { ArgPosition, AuthKind, ClientEntry, CredentialEntry, KeyForm, ServiceId } from "../catalog/types.js";
import type { SinkContext } from "../detect/types.js";
import { collectModuleBindings, resolveExport, skipOuter, type ModuleBinding } from "./bindings.js";
import { OriginResolver, type ValueOrigin } from "./value-origin.js";
import { walk } from "./walk.js";

/** One Azure SDK client construction. */
export interface ClientUsage {
  readonly client: ClientEntry;
  readonly node: ts.NewExpression | ts.CallExpression;
  readonly auth: AuthKind | "unknown";
  /** the key form that matched, when the construction is key-based */
  readonly form: KeyForm | undefined;
  /** the argument that carries the connection string / key / credential */
  readonly authArg: ts.Expression | undefined;
  readonly origin: ValueOrigin | undefined;
  /** the credential object when it is built in place or bound to a name */
  readonly credential: CredentialUsage | undefined;
}

export interface CredentialUsage {
  readonly entry: CredentialEntry;
  readonly node: ts.NewExpression;
}

/** A position that receives secret material, and the expression that fills it. */
export interface Sink {
  readonly expr: ts.Expression;
  readonly context: SinkContext;
  /** the call that owns the position (for messages: `new StorageSharedKeyCredential` at storage.ts:12) */
  readonly owner: ts.Node;
  readonly ownerLabel: string;
}

const key = (pkg: string, name: string): string => `${pkg}\u0000${name}`;
const clientsByExport = new Map<string, ClientEntry>(CLIENTS.map((c) => [key(c.value.package, c.value.name), c]));
const credentialsByExport = new Map<string, CredentialEntry>();
for (const c of CREDENTIALS) for (const pkg of c.packages) credentialsByExport.set(key(pkg, c.name), c);
const knownPackages = new Set([...CLIENTS.map((c) => c.value.package), ...CREDENTIALS.flatMap((c) => c.packages)]);
const keyHeaders = new Map(KEY_HEADERS.map((h) => [h.name.toLowerCase(), h]));
/** A file that never spells a key header needs no walk for them. */
const mentionsKeyHeader = (text: string): boolean => {
  const lower = text.toLowerCase();
  return KEY_HEADERS.some((h) => lower.includes(h.name));
};

/** How messages name an SDK export: `@azure/storage-blob › BlobServiceClient`. */
export function mention(entry: { readonly value: { readonly package: string; readonly name: string } } | { readonly name: string; readonly packages: readonly string[] }): string {
  if ("value" in entry) return `${entry.value.package} › ${entry.value.name}`;
  return `${entry.packages[0] ?? ""} › ${entry.name}`;
}

function credentialFor(pkg: string, name: string): CredentialEntry | undefined {
  return credentialsByExport.get(key(pkg, name)) ?? (pkg.startsWith("@azure/") ? CREDENTIALS.find((c) => c.name === name && c.packages.some((p) => p.startsWith("@azure/"))) : undefined);
}

const expectsFor = (auth: AuthKind): SinkContext["expects"] =>
  auth === "password" ? "password" : auth === "client-secret" ? "client-secret" : auth === "sas" ? "sas" : auth === "connection-string" ? "connection-string" : "key";

/** Finds client constructions, credential constructions and key-carrying positions in one file. */
export class ClientFinder {
  readonly bindings: Map<string, ModuleBinding>;
  readonly clients: ClientUsage[] = [];
  readonly credentials: CredentialUsage[] = [];
  readonly sinks: Sink[] = [];

  /**
   * @param nodes the file's `new`/call expressions and property assignments, when a caller already walked the
   * file (analyzeFile does, to read everything in one pass); otherwise the finder walks it.
   */
  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly origins: OriginResolver,
    nodes?: { readonly calls: readonly (ts.NewExpression | ts.CallExpression)[]; readonly properties: readonly ts.PropertyAssignment[] },
  ) {
    this.bindings = collectModuleBindings(sourceFile);
    const relevant = [...this.bindings.values()].some((b) => knownPackages.has(b.package));
    const headers = mentionsKeyHeader(sourceFile.text);
    if (!relevant && !headers) return;
    const found = nodes ?? collectCallsAndProperties(sourceFile);
    if (relevant) for (const call of found.calls) this.construction(call);
    if (headers) for (const prop of found.properties) this.header(prop);
  }

  private header(prop: ts.PropertyAssignment): void {
    const name = ts.isIdentifier(prop.name) || ts.isStringLiteralLike(prop.name) ? prop.name.text.toLowerCase() : undefined;
    const header = name === undefined ? undefined : keyHeaders.get(name);
    if (!header) return;
    this.sinks.push({ expr: prop.initializer, context: { expects: "key", label: header.label, service: header.service }, owner: prop, ownerLabel: header.label });
  }

  private construction(node: ts.NewExpression | ts.CallExpression): void {
    const callee = node.expression;
    const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    if (ts.isNewExpression(node)) {
      const target = resolveExport(callee, this.bindings);
      if (!target) return;
      const credential = credentialFor(target.package, target.name);
      if (credential) {
        this.credentials.push({ entry: credential, node });
        for (const index of credential.secretArgs) {
          const arg = args[index];
          if (arg) {
            this.sinks.push({
              expr: arg,
              context: { expects: expectsFor(credential.auth), label: `new ${credential.name}(…)`, service: undefined },
              owner: node,
              ownerLabel: `new ${credential.name}`,
            });
          }
        }
        return;
      }
      const client = clientsByExport.get(key(target.package, target.name));
      if (client) this.clientConstruction(client, node, args, "new");
      return;
    }
    // `X.fromConnectionString(…)` (static factory) or `createClient(…)` (exported factory function).
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = resolveExport(callee.expression, this.bindings);
      const client = owner ? clientsByExport.get(key(owner.package, owner.name)) : undefined;
      if (client && client.keyForms.some((f) => typeof f.via === "object" && f.via.static === callee.name.text)) {
        this.clientConstruction(client, node, args, callee.name.text);
        return;
      }
    }
    const fn = resolveExport(callee, this.bindings);
    const client = fn ? clientsByExport.get(key(fn.package, fn.name)) : undefined;
    if (client) this.clientConstruction(client, node, args, "call");
  }

  private argument(args: ts.NodeArray<ts.Expression>, at: ArgPosition): ts.Expression | undefined {
    const arg = args[at.arg];
    if (!arg || !("path" in at)) return arg;
    let current: ts.Expression = arg;
    for (const segment of at.path) {
      const found = this.objectProperty(current, segment);
      if (!found) return undefined;
      current = found;
    }
    return current;
  }

  /** `{ key: x }`, `{ key }`, or a binding whose value is such an object. */
  private objectProperty(expr: ts.Expression, name: string): ts.Expression | undefined {
    let origin: ValueOrigin = this.origins.origin(expr);
    while (origin.kind === "binding") origin = origin.value;
    if (origin.kind === "import" && origin.resolved) origin = origin.resolved;
    while (origin.kind === "binding") origin = origin.value;
    if (origin.kind !== "object") return undefined;
    for (const prop of origin.node.properties) {
      const propName = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteralLike(prop.name)) ? prop.name.text : undefined;
      if (propName !== name) continue;
      if (ts.isPropertyAssignment(prop)) return prop.initializer;
      if (ts.isShorthandPropertyAssignment(prop)) return prop.name;
    }
    return undefined;
  }

  /** The credential an argument builds, in place or through a binding. */
  private credentialOf(expr: ts.Expression): CredentialUsage | undefined {
    let origin = this.origins.origin(expr);
    while (origin.kind === "binding") origin = origin.value;
    const node = origin.kind === "new" ? origin.node : ts.isNewExpression(skipOuter(expr)) ? (skipOuter(expr) as ts.NewExpression) : undefined;
    if (!node) return undefined;
    const target = resolveExport(node.expression, this.bindings);
    const entry = target ? credentialFor(target.package, target.name) : undefined;
    return entry ? { entry, node } : undefined;
  }

  private clientConstruction(client: ClientEntry, node: ts.NewExpression | ts.CallExpression, args: ts.NodeArray<ts.Expression>, via: string): void {
    for (const form of client.keyForms) {
      const formVia = typeof form.via === "object" ? form.via.static : form.via;
      if (formVia !== via) continue;
      const arg = this.argument(args, form.at);
      if (!arg) continue;
      if (form.auth === "connection-string" && form.onlyIfConnectionString && !this.isConnectionStringArgument(arg, args, form.at.arg)) continue;
      if (form.inUrl && !this.carriesSas(arg)) continue;
      const credentialSlot =
        form.auth !== "connection-string" && !("path" in form.at) && form.valueIsSecret !== true && form.inUrl !== true;
      if (credentialSlot) {
        const credential = this.credentialOf(arg);
        if (!credential || credential.entry.isToken || credential.entry.auth === "anonymous") continue;
        this.clients.push({ client, node, auth: credential.entry.auth, form, authArg: arg, origin: this.origins.origin(arg), credential });
        // The credential's key now has a service: messages and env-variable names can say which.
        this.sinks.forEach((sink, i) => {
          if (sink.owner === credential.node && sink.context.service === undefined) {
            this.sinks[i] = { ...sink, context: { ...sink.context, service: client.service } };
          }
        });
        return;
      }
      if (form.notSecret !== true) this.sinks.push({
        expr: arg,
        context: { expects: form.inUrl ? "sas" : expectsFor(form.auth), label: `${client.value.name}${"path" in form.at ? ` { ${form.at.path.join(".")} }` : ""}`, service: client.service },
        owner: node,
        ownerLabel: via === "new" ? `new ${client.value.name}` : via === "call" ? client.value.name : `${client.value.name}.${via}`,
      });
      this.clients.push({ client, node, auth: form.auth, form, authArg: arg, origin: this.origins.origin(arg), credential: undefined });
      return;
    }
    const token = args.map((a) => this.credentialOf(a)).find((c) => c !== undefined);
    const auth: AuthKind | "unknown" = token ? (token.entry.isToken ? "token" : token.entry.auth) : "unknown";
    this.clients.push({ client, node, auth, form: undefined, authArg: undefined, origin: undefined, credential: token });
  }

  /** A URL that carries a SAS: a literal `sig=`, or a piece named like a SAS token appended after `?`. */
  private carriesSas(arg: ts.Expression): boolean {
    const origin = this.origins.origin(arg);
    if (/[?&]sig=|^\??sv=.*sig=/iu.test(literalText(origin))) return true;
    let named = false;
    const visit = (o: ValueOrigin): void => {
      if (o.kind === "template" || o.kind === "concat") o.parts.forEach(visit);
      else if (o.kind === "binding" && /sas|sig|token/iu.test(o.name)) named = true;
      else if (o.kind === "binding") visit(o.value);
      else if ((o.kind === "env" || o.kind === "env-with-fallback") && /sas|sig|token/iu.test(o.name)) named = true;
    };
    visit(origin);
    return named;
  }

  /**
   * The same slot takes a connection string or a URL (`new ContainerClient(connStrOrUrl, …)`): a URL literal, or a
   * credential in a later argument, means the URL overload.
   */
  private isConnectionStringArgument(arg: ts.Expression, args: ts.NodeArray<ts.Expression>, index: number): boolean {
    const origin = this.origins.origin(arg);
    if (unwrap(origin).kind === "object") return false;
    const text = firstLiteralText(origin);
    if (text !== undefined) return text.includes("=") && !/^\s*https?:\/\//iu.test(text);
    return !args.slice(index + 1).some((a) => this.credentialOf(a) !== undefined);
  }
}

function collectCallsAndProperties(sf: ts.SourceFile): { calls: (ts.NewExpression | ts.CallExpression)[]; properties: ts.PropertyAssignment[] } {
  const calls: (ts.NewExpression | ts.CallExpression)[] = [];
  const properties: ts.PropertyAssignment[] = [];
  walk(sf, (node) => {
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) calls.push(node);
    else if (ts.isPropertyAssignment(node)) properties.push(node);
    return undefined;
  });
  return { calls, properties };
}

function unwrap(origin: ValueOrigin): ValueOrigin {
  let o = origin;
  for (;;) {
    if (o.kind === "binding") o = o.value;
    else if (o.kind === "import" && o.resolved) o = o.resolved;
    else return o;
  }
}

/** Every literal piece of a value, joined: enough to see a `sig=` or a `?` in a URL built in several steps. */
function literalText(origin: ValueOrigin): string {
  switch (origin.kind) {
    case "literal":
      return origin.text;
    case "template":
    case "concat":
      return origin.parts.map(literalText).join("");
    case "binding":
      return literalText(origin.value);
    case "import":
      return origin.resolved ? literalText(origin.resolved) : "";
    case "env-with-fallback":
      return literalText(origin.fallback);
    case "fallback":
      return origin.options.map(literalText).join(" ");
    default:
      return "";
  }
}

function firstLiteralText(origin: ValueOrigin): string | undefined {
  switch (origin.kind) {
    case "literal":
      return origin.text.length > 0 ? origin.text : undefined;
    case "binding":
      return firstLiteralText(origin.value);
    case "template":
    case "concat": {
      const first = origin.parts[0];
      return first ? firstLiteralText(first) : undefined;
    }
    case "import":
      return origin.resolved ? firstLiteralText(origin.resolved) : undefined;
    case "env-with-fallback":
      return firstLiteralText(origin.fallback);
    default:
      return undefined;
  }
}

export function serviceOf(usage: ClientUsage): ServiceId {
  return usage.client.service;
}
