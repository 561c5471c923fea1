import ts from "typescript";
import type { ClientUsage } from "../../src/analysis/clients.js";
import type { OriginResolver } from "../../src/analysis/value-origin.js";
import { SERVICES, VERIFIED_TOKEN_FORM_VERSIONS, type AuthKind, type TokenForm } from "../../src/catalog/index.js";
import { LOCAL_HOST_PATTERN } from "../../src/catalog/public-values.js";
import { hostOf } from "../../src/detect/connection-string.js";
import { argumentAt } from "./arguments.js";
import type { Blocker } from "./blockers.js";
import { browserOption, browserOriginMarker } from "./browser.js";
import { planEndpoint, type EndpointPlan } from "./endpoint.js";
import { plainNote, type MigrateOptions, type SkipReason } from "./types.js";
import { fullText, valueSource, type ValueSource } from "./value-source.js";

/** What the decision step knows about the file and the project around a client. */
export interface DecisionContext {
  readonly origins: OriginResolver;
  readonly options: MigrateOptions;
  /** why the whole file is browser code, if it is */
  readonly browserFile: string | undefined;
  readonly blockers: (usage: ClientUsage) => readonly Blocker[];
  /** package.json dependency ranges, by package name (empty without a package.json) */
  readonly packageVersions: Readonly<Record<string, string>>;
}

/** A client the migration will rewrite, and what it needs to know to do so. */
export interface ClientPlan {
  readonly usage: ClientUsage;
  readonly auth: AuthKind;
  readonly token: TokenForm;
  readonly source: ValueSource;
  /** for connection-string forms: where the endpoint comes from now */
  readonly endpoint: EndpointPlan | undefined;
  /** the connection string's EntityPath (Event Hubs' hub name) */
  readonly entity: string | undefined;
  readonly notes: readonly string[];
}

export type Decision =
  | { readonly action: "migrate"; readonly plan: ClientPlan }
  | { readonly action: "skip"; readonly reason: SkipReason; readonly message: string }
  /** not an Azure client after all (openai against api.openai.com, pg on localhost): not reported */
  | { readonly action: "ignore" };

const skip = (reason: SkipReason, message: string): Decision => ({ action: "skip", reason, message });

/** The smallest major version a semver range admits (`^7.9.5` → 7, `~1.1.0` → 1, `*` → undefined). */
function minimumMajor(range: string): number | undefined {
  const match = /(\d+)(?:\.\d+){0,2}/u.exec(range);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function legacyVersion(pkg: string, ctx: DecisionContext): string | undefined {
  const wanted = ctx.packageVersions[pkg];
  const verified = VERIFIED_TOKEN_FORM_VERSIONS[pkg];
  if (wanted === undefined || verified === undefined || /^(?:file:|link:|workspace:|git|https?:|\*|latest)/u.test(wanted)) return undefined;
  const major = minimumMajor(wanted);
  const verifiedMajor = minimumMajor(verified);
  return major !== undefined && verifiedMajor !== undefined && major < verifiedMajor ? `package.json asks for ${pkg} ${wanted}; the token form was verified on ${verified}` : undefined;
}

function hostFromText(text: string): string | undefined {
  try {
    const host = new URL(text).hostname.toLowerCase();
    if (host !== "") return host;
  } catch {
    // not a URL: a bare host, or a URL whose password is not escaped
  }
  const afterUserinfo = /^[a-z][\w+.-]*:\/\/[^@]*@([^:/?#]+)/iu.exec(text)?.[1];
  return (afterUserinfo ?? hostOf(text))?.toLowerCase();
}

function isAzureHost(host: string, suffixes: readonly string[]): boolean {
  return suffixes.some((s) => (s.startsWith(".") ? host.endsWith(s) : host === s));
}

/** The text a value has in the code: a literal, or the literal default behind an env variable. */
function knownText(expr: ts.Expression, origins: OriginResolver): string | undefined {
  const source = valueSource(origins.origin(expr));
  return source.kind === "literal" || source.kind === "env-fallback" ? source.text : undefined;
}

/**
 * For generic clients (openai's OpenAI, pg, mssql, redis): is the server Azure? `yes`, `no` (leave it alone,
 * unreported) or `unknown` (reported: the migration does not guess).
 */
function azureHost(usage: ClientUsage, origins: OriginResolver): "yes" | "no" | "unknown" {
  const positions = usage.client.hostAt;
  if (!positions) return "yes";
  const suffixes = SERVICES[usage.client.service].hostSuffixes;
  let unknown = false;
  let seen = false;
  for (const at of positions) {
    const expr = argumentAt(usage.node, at, origins);
    if (!expr) continue;
    const text = knownText(expr, origins);
    // A position that holds an object (mssql's config in arg 0) is not itself a host.
    if (text === undefined) {
      if (!ts.isObjectLiteralExpression(expr)) unknown = true;
      continue;
    }
    seen = true;
    const host = hostFromText(text);
    if (host !== undefined && isAzureHost(host, suffixes)) return "yes";
  }
  return unknown ? "unknown" : seen ? "no" : "no";
}

/** Where the key material of a credential-object form comes from: the credential's secret arguments. */
function credentialSource(usage: ClientUsage, origins: OriginResolver): ValueSource {
  const credential = usage.credential;
  if (!credential) return usage.origin ? valueSource(usage.origin) : { kind: "dynamic", node: usage.node };
  const sources = credential.entry.secretArgs.map((i) => credential.node.arguments?.[i]).filter((a) => a !== undefined).map((a) => valueSource(origins.origin(a)));
  return (
    sources.find((s) => s.kind === "literal" || s.kind === "env-fallback") ??
    sources.find((s) => s.kind === "unresolved-import") ??
    sources.find((s) => s.kind === "env") ??
    sources[0] ?? { kind: "dynamic", node: credential.node }
  );
}

/** The endpoint a key-based construction already names, when it is a known text. */
function existingEndpointHost(usage: ClientUsage, token: TokenForm, origins: OriginResolver): string | undefined {
  const expr = argumentAt(usage.node, token.endpointAt, origins);
  const text = expr ? (fullText(origins.origin(expr)) ?? knownText(expr, origins)) : undefined;
  return text === undefined ? undefined : hostFromText(text);
}

/** One client: migrate it (with a plan), skip it (with the reason), or ignore it (not Azure). */
export function decideClient(usage: ClientUsage, ctx: DecisionContext): Decision {
  const { client, form } = usage;
  const label = client.value.name;
  if (!form || usage.auth === "token" || usage.auth === "anonymous" || usage.auth === "unknown") return { action: "ignore" };
  // A credential slot holding no key credential the analysis could see (`new SecretClient(url, credential)` with a
  // DefaultAzureCredential, or a parameter): nothing to migrate, or nothing known.
  const slot = !("path" in form.at) && form.auth !== "connection-string" && form.inUrl !== true && form.valueIsSecret !== true;
  if (slot && !usage.credential && !(client.legacy === true || form.legacy === true)) return { action: "ignore" };
  if (form.legacy === true) {
    const via = typeof form.via === "object" ? `${label}.${form.via.static}` : label;
    return skip("legacy-sdk", `${via} is an API of an old major version of ${client.value.package}; move to the current version first`);
  }
  if (client.legacy === true) {
    return skip("legacy-sdk", `${client.value.package} › ${label} is a legacy SDK${client.notes ? ` (${plainNote(client.notes)})` : ""}; move to the current package first`);
  }
  const token = client.tokenForm;
  if (!token) return skip("no-token-form", `the catalog has no token-credential form for ${label}${client.notes ? `: ${plainNote(client.notes)}` : ""}`);
  const old = legacyVersion(client.value.package, ctx);
  if (old) return skip("legacy-sdk", old);

  const host = azureHost(usage, ctx.origins);
  if (host === "no") return { action: "ignore" };
  if (host === "unknown") return skip("host-unknown", `${label}'s server is not in the code, so Keyless cannot tell whether it is ${SERVICES[client.service].label}`);

  const browser = ctx.browserFile ?? browserOption(usage.node) ?? (usage.origin ? browserOriginMarker(usage.origin) : undefined);
  if (browser) return skip("browser-code", `browser code (${browser}): a browser has no managed identity; have a server mint a user-delegation SAS or a token instead`);

  const blocker = ctx.blockers(usage)[0];
  if (blocker) return skip(blocker.reason, blocker.message);

  if (form.auth === "sas" && "path" in form.at) {
    return skip("unsupported-shape", `${label} uses ${form.at.path.join(".")}, per-user scoped tokens; move them to Entra by hand`);
  }

  const isConnectionString = form.auth === "connection-string" && !("path" in form.at);
  const source = isConnectionString || "path" in form.at ? (usage.origin ? valueSource(usage.origin) : { kind: "dynamic" as const, node: usage.node }) : credentialSource(usage, ctx.origins);
  if (source.kind === "unresolved-import") return skip("unresolved-module", `the key comes from ${source.module}, which Keyless cannot read`);
  const fromCode = source.kind === "literal" || source.kind === "env-fallback";
  if (!fromCode && !ctx.options.includeEnv) {
    return skip("from-env", `the ${usage.auth === "connection-string" ? "connection string" : "key"} comes from ${source.kind === "env" && source.env ? `process.env.${source.env}` : "configuration"}; run with --include-env to migrate it`);
  }

  const notes: string[] = [];
  let endpoint: EndpointPlan | undefined;
  let entity: string | undefined;
  if (isConnectionString && !token.keepsKeyArgument) {
    const planned = planEndpoint(source, client.service, ctx.options);
    if (!planned.ok) return skip(planned.reason, planned.message);
    endpoint = planned.plan;
    entity = planned.entity;
    notes.push(...planned.notes);
  } else {
    const existing = existingEndpointHost(usage, token, ctx.origins);
    if (existing !== undefined && LOCAL_HOST_PATTERN.test(existing)) return skip("development-emulator", `it points at ${existing}, a local emulator`);
  }
  return { action: "migrate", plan: { usage, auth: usage.auth, token, source, endpoint, entity, notes } };
}
