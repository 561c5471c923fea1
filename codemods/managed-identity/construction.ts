import ts from "typescript";
import { resolveExport, skipOuter, type ModuleBinding } from "../../src/analysis/bindings.js";
import type { OriginResolver } from "../../src/analysis/value-origin.js";
import { clientsByPackage, credentialByExport, SERVICES, type ClientEntry, type TokenForm, type ValueSpecifier } from "../../src/catalog/index.js";
import { objectLiteralOf, propertyOf, propertyValue } from "./arguments.js";
import type { ClientPlan } from "./decide.js";
import type { EditSet } from "./edits.js";
import type { EndpointPlan } from "./endpoint.js";
import { addProperty, propertyText, removeProperty } from "./object-literal.js";
import { lineIndent, quoted, type SourceStyle } from "./style.js";
import type { SkipReason } from "./types.js";
import { fullText, valueSource } from "./value-source.js";

/** What rewriting one construction needs from the file. */
export interface RewriteContext {
  readonly sf: ts.SourceFile;
  readonly edits: EditSet;
  readonly style: SourceStyle;
  readonly origins: OriginResolver;
  readonly bindings: ReadonlyMap<string, ModuleBinding>;
  /** the module's credential, by name */
  readonly credential: string;
  /** how the file names a package export (records what must be imported) */
  readonly ref: (value: ValueSpecifier) => string;
  readonly checker?: ts.TypeChecker | undefined;
}

export type RewriteResult =
  | { readonly ok: true; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: SkipReason; readonly message: string };

const fail = (reason: SkipReason, message: string): RewriteResult => ({ ok: false, reason, message });

/** Rewrite one key-based construction to its token form (catalog `tokenForm`), adding its edits to `ctx.edits`. */
export function rewriteConstruction(plan: ClientPlan, ctx: RewriteContext): RewriteResult {
  const { token } = plan;
  if ("path" in token.credentialAt) return rewriteOptions(plan, ctx);
  return rewritePositional(plan, ctx);
}

// ---------------------------------------------------------------------------------------------------------------
// Values

function scopeOf(plan: ClientPlan): string {
  return SERVICES[plan.usage.client.service].scopes[0] ?? "";
}

/** What goes at the credential position: the credential, a bearer-token provider, a token function, a provider factory. */
function credentialValue(plan: ClientPlan, ctx: RewriteContext): string {
  const value = plan.token.credentialValue ?? { kind: "credential" };
  const cred = ctx.credential;
  switch (value.kind) {
    case "credential":
      return cred;
    case "bearer-token-provider":
      return `${ctx.ref(value.provider)}(${cred}, ${quoted(scopeOf(plan), ctx.style)})`;
    case "token-function":
      return `async () => (await ${cred}.getToken(${quoted(scopeOf(plan), ctx.style)})).token`;
    case "credentials-provider":
      return `${ctx.ref(value.factory)}.${value.method}({ ${propertyText("credential", cred)}, scopes: ${ctx.ref(value.scopeConstant)}, tokenManagerConfig: { expirationRefreshRatio: ${String(value.expirationRefreshRatio)} } })`;
  }
}

function envRead(name: string, style: SourceStyle, nonNull: boolean): string {
  return `process.env.${name}${nonNull && style.typescript ? "!" : ""}`;
}

/** The endpoint expression, with path segments appended when they are known literals (else undefined). */
function endpointText(endpoint: EndpointPlan, style: SourceStyle, path: readonly string[] = []): string | undefined {
  const suffix = path.map((p) => `/${p}`).join("");
  if (endpoint.kind === "literal") return quoted(endpoint.value + suffix, style);
  if (path.length > 0) return undefined;
  const read = endpoint.addScheme ? `\`https://\${process.env.${endpoint.env}}\`` : envRead(endpoint.env, style, endpoint.fallback === undefined);
  if (!endpoint.fallback) return read;
  const fallback = quoted(endpoint.fallback.value, style);
  return endpoint.addScheme ? `process.env.${endpoint.env} ? ${read} : ${fallback}` : `${read} ${endpoint.fallback.operator} ${fallback}`;
}

/** A literal string argument's text, when the argument is written as one. */
function literalArgument(expr: ts.Expression): string | undefined {
  const e = skipOuter(expr);
  return ts.isStringLiteralLike(e) ? e.text : undefined;
}

function isStringValued(expr: ts.Expression, ctx: RewriteContext): boolean | undefined {
  const e = skipOuter(expr);
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isObjectLiteralExpression(e) || ts.isNewExpression(e)) return false;
  if (ctx.checker) {
    const type = ctx.checker.getTypeAtLocation(e);
    return (type.flags & ts.TypeFlags.StringLike) !== 0 || (type.isUnion() && type.types.every((t) => (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Undefined)) !== 0));
  }
  const source = valueSource(ctx.origins.origin(e));
  if (source.kind === "literal" || source.kind === "env" || source.kind === "env-fallback") return true;
  const o = ctx.origins.origin(e);
  if (o.kind === "binding" && (o.value.kind === "object" || o.value.kind === "new")) return false;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Positional token forms: new X(endpoint, …, credential, …)

/** The argument list between the parentheses, rewritten in the call's own layout (one line, or one per line). */
function replaceArguments(call: ts.NewExpression | ts.CallExpression, args: readonly string[], ctx: RewriteContext): void {
  const { sf, edits, style } = ctx;
  const list = call.arguments;
  const open = list ? list.pos : call.getEnd();
  const close = list ? list.end : call.getEnd();
  const inner = sf.text.slice(open, close);
  if (!list) {
    edits.insert(call.getEnd(), `(${args.join(", ")})`);
    return;
  }
  if (inner.includes("\n") && list.length > 0) {
    // One argument per line: rewrite up to the closing parenthesis, keeping the trailing comma if there was one.
    const first = list[0] as ts.Expression;
    const indent = lineIndent(sf.text, first.getStart(sf));
    const paren = sf.text.lastIndexOf(")", call.getEnd());
    const closing = lineIndent(sf.text, paren);
    const trailing = list.hasTrailingComma ? "," : "";
    edits.replace(open, paren, `${style.eol}${indent}${args.join(`,${style.eol}${indent}`)}${trailing}${style.eol}${closing}`);
  } else {
    edits.replace(open, close, args.join(", "));
  }
}

/** `{ …options, fileRequestIntent: "backup" }`: the token form's extra options merged into whatever options were passed. */
function withExtraOptions(token: TokenForm, existing: ts.Expression | undefined, text: string | undefined, ctx: RewriteContext): string | undefined {
  const extra = Object.entries(token.extraOptions ?? {});
  if (extra.length === 0) return text;
  const props = extra.map(([k, v]) => propertyText(k, quoted(v, ctx.style)));
  if (!existing || text === undefined) return `{ ${props.join(", ")} }`;
  const e = skipOuter(existing);
  if (ts.isObjectLiteralExpression(e)) {
    const missing = extra.filter(([k]) => !propertyOf(e, k)).map(([k, v]) => propertyText(k, quoted(v, ctx.style)));
    if (missing.length === 0) return text;
    const body = text.trim().replace(/^\{/u, "").replace(/\}$/u, "").trim().replace(/,$/u, "");
    return body === "" ? `{ ${missing.join(", ")} }` : `{ ${body}, ${missing.join(", ")} }`;
  }
  return `{ ...${text}, ${props.join(", ")} }`;
}

/** `X.fromConnectionString` → `new X`; `new X` stays. */
function constructorText(call: ts.NewExpression | ts.CallExpression, ctx: RewriteContext): string {
  if (ts.isNewExpression(call)) return ctx.sf.text.slice(call.getStart(ctx.sf), call.expression.getEnd());
  const callee = call.expression;
  return `new ${ts.isPropertyAccessExpression(callee) ? callee.expression.getText(ctx.sf) : callee.getText(ctx.sf)}`;
}

/** How the constructor of another client of the same package is written here (`storage.BlobServiceClient` or an import). */
function siblingConstructor(call: ts.NewExpression | ts.CallExpression, client: ClientEntry, ctx: RewriteContext): string {
  const callee = skipOuter(call.expression);
  const owner = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  if (owner && ts.isPropertyAccessExpression(callee) && callee.name.text !== client.value.name) {
    const text = ctx.sf.text.slice(owner.getStart(ctx.sf), owner.getEnd());
    return `new ${text}.${client.value.name}`;
  }
  return `new ${ctx.ref(client.value)}`;
}

/**
 * `new ContainerClient(cs, name)` with an endpoint from the environment becomes
 * `new BlobServiceClient(endpoint, credential).getContainerClient(name)`: the catalog's `derived` steps, so the SDK
 * escapes names and joins paths exactly as its connection-string constructor did.
 */
function derivedChain(client: ClientEntry, steps: number): { root: ClientEntry; methods: string[] } | undefined {
  const family = clientsByPackage(client.value.package);
  const walk = (target: ClientEntry, left: number): { root: ClientEntry; methods: string[] } | undefined => {
    if (left === 0) return target.tokenForm && !target.tokenForm.urlPathFromKeyArgs ? { root: target, methods: [] } : undefined;
    for (const parent of family) {
      const step = parent.derived?.find((d) => d.client === target.value.name && d.entityArg === 0 && d.property !== true);
      if (!step) continue;
      const found = walk(parent, left - 1);
      if (found) return { root: found.root, methods: [...found.methods, step.method] };
    }
    return undefined;
  };
  return walk(client, steps);
}

function rewritePositional(plan: ClientPlan, ctx: RewriteContext): RewriteResult {
  const { usage, token } = plan;
  const call = usage.node;
  const form = usage.form;
  const args = [...(call.arguments ?? [])];
  const text = (i: number): string => {
    const a = args[i] as ts.Expression;
    return ctx.edits.slice(a.getStart(ctx.sf), a.getEnd());
  };
  const credentialAt = token.credentialAt.arg;
  const notes: string[] = [];
  if (!form) return fail("unsupported-shape", "no key form matched");

  // ---- a credential object in the credential slot: swap it for the token credential --------------------------
  if (form.auth !== "connection-string" && !form.inUrl && !("path" in form.at)) {
    if (form.at.arg !== credentialAt) return fail("unsupported-shape", `the key sits at argument ${String(form.at.arg + 1)}, the token credential at ${String(credentialAt + 1)}`);
    const out = args.map((_, i) => (i === credentialAt ? credentialValue(plan, ctx) : text(i)));
    const options = token.optionsAt !== undefined ? withExtraOptions(token, args[token.optionsAt], out[token.optionsAt], ctx) : undefined;
    if (token.optionsAt !== undefined && options !== undefined) out[token.optionsAt] = options;
    replaceArguments(call, out, ctx);
    return { ok: true, notes };
  }

  // ---- a SAS in the URL: keep the URL without its query, add the credential --------------------------------
  if (form.inUrl) {
    const url = args[form.at.arg];
    const stripped = url ? stripSas(url, ctx) : undefined;
    if (stripped === undefined) return fail("unsupported-shape", "the SAS is not at the end of a URL written in this file");
    const out = args.map((_, i) => (i === form.at.arg ? stripped : text(i)));
    const present = args[credentialAt];
    if (present && isAnonymousCredential(present, ctx)) out[credentialAt] = ctx.credential;
    else out.splice(credentialAt, 0, ctx.credential);
    if (token.optionsAt !== undefined) {
      const options = withExtraOptions(token, args[token.optionsAt - (present && isAnonymousCredential(present, ctx) ? 0 : 1)], out[token.optionsAt], ctx);
      if (options !== undefined) out[token.optionsAt] = options;
    }
    replaceArguments(call, out, ctx);
    notes.push("the SAS token is no longer used: revoke it (rotate the key it was signed with, or delete its stored access policy)");
    return { ok: true, notes };
  }

  // ---- a connection string: endpoint + credential in the token form's positions ----------------------------
  const endpoint = plan.endpoint;
  if (!endpoint) return fail("unsupported-shape", "no endpoint was derived");
  const consumed = new Set<number>([form.at.arg]);
  const out: (string | undefined)[] = [];
  out[credentialAt] = credentialValue(plan, ctx);
  if (token.entity) {
    const keyArg = args[token.entity.keyArg];
    const named = keyArg ? isStringValued(keyArg, ctx) : false;
    if (keyArg && named === undefined) return fail("unsupported-shape", `argument ${String(token.entity.keyArg + 1)} may be the Event Hub name or options; Keyless cannot tell which`);
    if (keyArg && named === true) {
      out[token.entity.at] = text(token.entity.keyArg);
      consumed.add(token.entity.keyArg);
    } else if (plan.entity !== undefined) {
      out[token.entity.at] = quoted(plan.entity, ctx.style);
    } else {
      return fail("entity-unknown", "the Event Hub name is neither an argument nor the connection string's EntityPath");
    }
  }
  const pathArgs = token.urlPathFromKeyArgs ?? [];
  for (const i of pathArgs) consumed.add(i);
  const segments = pathArgs.map((i) => (args[i] ? literalArgument(args[i]) : undefined));
  const encode = (s: string): string => (token.urlPathEncoding === "uri-component" ? encodeURIComponent(s) : s);
  const literalPath = segments.every((s) => s !== undefined) ? segments.map((s) => encode(s)) : undefined;
  const rest = args.map((_, i) => i).filter((i) => !consumed.has(i));

  let chain: { root: ClientEntry; methods: string[] } | undefined;
  let endpointExpr = endpointText(endpoint, ctx.style, literalPath ?? []);
  if (pathArgs.length > 0 && (endpointExpr === undefined || literalPath === undefined)) {
    chain = derivedChain(usage.client, pathArgs.length);
    if (!chain) return fail("unsupported-shape", "the entity names are not literals and the catalog has no parent client to derive from");
    endpointExpr = endpointText(endpoint, ctx.style);
  }
  if (endpointExpr === undefined) return fail("unsupported-shape", "the endpoint could not be written");
  const target = chain ? chain.root.tokenForm ?? token : token;
  out[target.endpointAt.arg] = endpointExpr;
  const sourceOf = new Map<number, number>();
  for (const i of rest) {
    let slot = 0;
    while (out[slot] !== undefined) slot++;
    out[slot] = text(i);
    sourceOf.set(slot, i);
  }
  if (target.optionsAt !== undefined) {
    const from = sourceOf.get(target.optionsAt);
    const merged = withExtraOptions(target, from === undefined ? undefined : args[from], out[target.optionsAt], ctx);
    if (merged !== undefined) out[target.optionsAt] = merged;
  }
  const finalArgs = out.map((a) => a ?? "undefined");

  if (chain) {
    const { root, methods } = chain;
    const names = pathArgs.map((i) => text(i));
    const suffix = methods.map((m, i) => `.${m}(${names[i] ?? ""})`).join("");
    ctx.edits.replace(call.getStart(ctx.sf), call.getEnd(), `${siblingConstructor(call, root, ctx)}(${finalArgs.join(", ")})${suffix}`);
    return { ok: true, notes };
  }
  if (ts.isCallExpression(call)) {
    ctx.edits.replace(call.getStart(ctx.sf), call.getEnd(), `${constructorText(call, ctx)}(${finalArgs.join(", ")})`);
  } else {
    replaceArguments(call, finalArgs, ctx);
  }
  return { ok: true, notes };
}

function isAnonymousCredential(expr: ts.Expression, ctx: RewriteContext): boolean {
  const e = skipOuter(expr);
  if (!ts.isNewExpression(e)) return false;
  const target = resolveExport(e.expression, ctx.bindings);
  return target !== undefined && credentialByExport(target.package, target.name)?.auth === "anonymous";
}

/** The URL without its SAS query: `"https://a.blob.core.windows.net/?sv=…"` → `"https://a.blob.core.windows.net/"`. */
function stripSas(url: ts.Expression, ctx: RewriteContext): string | undefined {
  const e = skipOuter(url);
  const { sf, style } = ctx;
  if (ts.isStringLiteralLike(e) && !ts.isNoSubstitutionTemplateLiteral(e)) {
    const q = e.text.indexOf("?");
    return q < 0 ? undefined : quoted(e.text.slice(0, q), style);
  }
  if (ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) {
    const raw = sf.text.slice(e.getStart(sf), e.getEnd());
    const q = raw.indexOf("?");
    if (q < 0) return undefined;
    const head = raw.slice(0, q);
    // Nothing but the SAS may follow the `?`: `…/?${sas}` or `…?sv=…`.
    // An unclosed `${` before the `?`: the query is inside an interpolation.
    return head.lastIndexOf("${") > head.lastIndexOf("}") ? undefined : `${head}\``;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const parts: ts.Expression[] = [];
    const flatten = (x: ts.Expression): void => {
      const y = skipOuter(x);
      if (ts.isBinaryExpression(y) && y.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        flatten(y.left);
        flatten(y.right);
      } else parts.push(y);
    };
    flatten(e);
    const index = parts.findIndex((p) => ts.isStringLiteralLike(p) && p.text.includes("?"));
    const at = parts[index];
    if (index < 0 || !at || !ts.isStringLiteralLike(at)) return undefined;
    const kept = parts.slice(0, index).map((p) => sf.text.slice(p.getStart(sf), p.getEnd()));
    const head = at.text.slice(0, at.text.indexOf("?"));
    if (head !== "") kept.push(quoted(head, style));
    return kept.join(" + ");
  }
  // A constant written elsewhere in the code (`const sasUrl = "…?sv=…"`): the URL is written here without its SAS,
  // and the constant goes if nothing else reads it.
  const text = fullText(ctx.origins.origin(e));
  const q = text?.indexOf("?") ?? -1;
  return text !== undefined && q >= 0 ? quoted(text.slice(0, q), style) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Option-object token forms: new CosmosClient({ endpoint, aadCredentials }), AzureOpenAI, mssql, pg, redis, Monitor

/** `a: { type: "token-credential", b: { c: value } }` for a credential path `a.b.c` and extra options `a.type`. */
function nestedProperty(path: readonly string[], value: string, token: TokenForm, ctx: RewriteContext, widened: boolean): string {
  const build = (depth: number): string => {
    const name = path[depth] as string;
    if (depth === path.length - 1) return propertyText(name, value);
    const prefix = path.slice(0, depth + 1).join(".");
    const extras = Object.entries(token.extraOptions ?? {})
      .filter(([k]) => k.startsWith(`${prefix}.`) && k.split(".").length === depth + 2)
      .map(([k, v]) => propertyText(k.split(".").pop() ?? k, `${quoted(v, ctx.style)}${widened && ctx.style.typescript ? " as const" : ""}`));
    return `${name}: { ${[...extras, build(depth + 1)].join(", ")} }`;
  };
  return build(0);
}

/** Is this object literal typed by where it is written (an argument, an annotated variable), or widened (`const config = {…}`)? */
function isWidened(object: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = object;
  while (ts.isParenthesizedExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) {
    if (ts.isSatisfiesExpression(node.parent)) return false;
    node = node.parent;
  }
  const parent = node.parent;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return false;
  if (ts.isVariableDeclaration(parent)) return parent.type === undefined;
  if (ts.isAsExpression(parent)) return false;
  return true;
}

/** `rediss://:key@host:6380` → `rediss://host:6380` (the user name stays, the password goes). */
function withoutPassword(url: string): string | undefined {
  const match = /^([a-z][\w+.-]*:\/\/)([^@]*)@/iu.exec(url);
  if (!match) return undefined;
  const [, scheme = "", userinfo = ""] = match;
  const user = userinfo.includes(":") ? userinfo.slice(0, userinfo.indexOf(":")) : userinfo;
  if (!userinfo.includes(":")) return undefined;
  return `${scheme}${user === "" ? "" : `${user}@`}${url.slice(match[0].length)}`;
}

function rewriteOptions(plan: ClientPlan, ctx: RewriteContext): RewriteResult {
  const { usage, token } = plan;
  const call = usage.node;
  const form = usage.form;
  const credPath = "path" in token.credentialAt ? token.credentialAt.path : [];
  const notes: string[] = [];
  if (!form) return fail("unsupported-shape", "no key form matched");
  const arg = call.arguments?.[token.credentialAt.arg];

  // `new CosmosClient(connectionString)` → `new CosmosClient({ endpoint, aadCredentials })`.
  if (!("path" in form.at)) {
    if (form.auth !== "connection-string" || !("path" in token.endpointAt) || token.endpointAt.path.length !== 1 || credPath.length !== 1 || !plan.endpoint) {
      return fail("unsupported-shape", `${usage.client.value.name} takes a configuration object here; write its fields (server, database, user) by hand`);
    }
    const endpoint = endpointText(plan.endpoint, ctx.style);
    if (endpoint === undefined || !arg) return fail("unsupported-shape", "the endpoint could not be written");
    const object = `{ ${propertyText(token.endpointAt.path[0] ?? "endpoint", endpoint)}, ${propertyText(credPath[0] ?? "credential", credentialValue(plan, ctx))} }`;
    const rest = (call.arguments ?? []).slice(1).map((a) => ctx.edits.slice(a.getStart(ctx.sf), a.getEnd()));
    replaceArguments(call, [object, ...rest], ctx);
    return { ok: true, notes };
  }

  const object = arg ? objectLiteralOf(arg, ctx.origins) : undefined;
  if (!object) return fail("unsupported-shape", `${usage.client.value.name}'s options are not an object literal in the code`);
  if (object.getSourceFile() !== ctx.sf) return fail("unsupported-shape", `${usage.client.value.name}'s options object is written in ${object.getSourceFile().fileName.split(/[\\/]/u).pop() ?? "another module"}; migrate it there by hand`);

  // Azure Monitor: the connection string stays, the credential is added beside it.
  if (token.keepsKeyArgument) {
    let target: ts.ObjectLiteralExpression | undefined = object;
    for (const segment of credPath.slice(0, -1)) {
      const prop: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined = target ? propertyOf(target, segment) : undefined;
      target = prop ? objectLiteralOf(propertyValue(prop), ctx.origins) : undefined;
    }
    const last = credPath.at(-1);
    if (!target || last === undefined || target.getSourceFile() !== ctx.sf) return fail("unsupported-shape", "the options object that takes the credential is not written here");
    if (propertyOf(target, last)) return fail("unsupported-shape", `${last} is already set`);
    addProperty(ctx.sf, target, propertyText(last, credentialValue(plan, ctx)), ctx.edits, ctx.style);
    return { ok: true, notes };
  }

  const keyTop = form.at.path[0] ?? "";
  const keyProp = propertyOf(object, keyTop);
  if (!keyProp) return fail("unsupported-shape", `no ${keyTop} property to replace`);
  const credTop = credPath[0] ?? "";
  const widened = isWidened(object);
  const removals = new Set<ts.ObjectLiteralElementLike>();
  for (const path of token.removeOptions ?? []) {
    const name = path[0];
    const prop = name === undefined ? undefined : propertyOf(object, name);
    if (prop && prop !== keyProp) removals.add(prop);
  }
  const endpointPath = "path" in token.endpointAt ? token.endpointAt.path : [];

  // A password inside a URL that also names the endpoint (redis `url: "rediss://:key@host:6380"`): drop the password.
  if (form.auth === "connection-string" && form.at.path.length === 1 && endpointPath.length === 1 && endpointPath[0] === keyTop) {
    const value = propertyValue(keyProp);
    const source = valueSource(ctx.origins.origin(value));
    if (source.kind !== "literal") return fail("dynamic-connection-string", `the ${keyTop} is not written in the code, so its password cannot be taken out`);
    const clean = withoutPassword(source.text);
    if (clean === undefined) return fail("unsupported-shape", `the ${keyTop} carries no password to take out`);
    const literal = skipOuter(value);
    if (ts.isStringLiteralLike(literal) && literal.getSourceFile() === ctx.sf) {
      ctx.edits.replace(literal.getStart(ctx.sf), literal.getEnd(), quoted(clean, ctx.style));
    } else if (ts.isPropertyAssignment(keyProp)) {
      ctx.edits.replace(keyProp.initializer.getStart(ctx.sf), keyProp.initializer.getEnd(), quoted(clean, ctx.style));
    } else {
      ctx.edits.replace(keyProp.getStart(ctx.sf), keyProp.getEnd(), propertyText(keyTop, quoted(clean, ctx.style)));
    }
    for (const prop of removals) removeProperty(ctx.sf, object, prop, ctx.edits);
    if (propertyOf(object, credTop)) return fail("unsupported-shape", `${credTop} is already set`);
    addProperty(ctx.sf, object, nestedProperty(credPath, credentialValue(plan, ctx), token, ctx, widened), ctx.edits, ctx.style);
    return { ok: true, notes };
  }
  if (form.auth === "connection-string") {
    return fail("unsupported-shape", `${usage.client.value.name} reads ${keyTop}, which would override a token; rewrite it as separate host, user and database options by hand`);
  }

  const replacement = nestedProperty(credPath, credentialValue(plan, ctx), token, ctx, widened);
  const existing = credTop !== keyTop ? propertyOf(object, credTop) : undefined;
  if (existing) {
    // `{ authentication: { type: "default", … }, password }`: the credential property takes the existing one's place.
    ctx.edits.replace(existing.getStart(ctx.sf), existing.getEnd(), replacement);
    removeProperty(ctx.sf, object, keyProp, ctx.edits);
  } else {
    ctx.edits.replace(keyProp.getStart(ctx.sf), keyProp.getEnd(), replacement);
  }
  for (const prop of removals) if (prop !== existing) removeProperty(ctx.sf, object, prop, ctx.edits);
  return { ok: true, notes };
}
