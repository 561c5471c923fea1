import { CONNECTION_STRING_FORMATS, SERVICES, type ServiceId } from "../../src/catalog/index.js";
import { DEVELOPMENT_MARKERS, LOCAL_HOST_PATTERN } from "../../src/catalog/public-values.js";
import { classifyConnectionString, findConnectionStrings, hostOf } from "../../src/detect/connection-string.js";
import type { MigrateOptions, SkipReason } from "./types.js";
import type { ValueSource } from "./value-source.js";

/**
 * Where the migrated client finds its endpoint.
 * - `literal`: derived from a hard-coded connection string (a URL, or a host for Service Bus / Event Hubs);
 * - `env`: `process.env.<name>`, the Service Connector variable (catalog SERVICES[…].endpointEnvVar), optionally
 *   behind the original's `||`/`??` with the derived literal as the default.
 */
export type EndpointPlan =
  | { readonly kind: "literal"; readonly value: string }
  | {
      readonly kind: "env";
      readonly env: string;
      /** the variable holds a host and the client wants a URL */
      readonly addScheme: boolean;
      readonly fallback: { readonly operator: "||" | "??"; readonly value: string } | undefined;
    };

export type EndpointResult =
  | { readonly ok: true; readonly plan: EndpointPlan; readonly entity: string | undefined; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: SkipReason; readonly message: string };

/** Does the token form want a bare host (`<ns>.servicebus.windows.net`)? The connection-string dialect's endpoint rule says. */
export function wantsHost(service: ServiceId): boolean {
  for (const format of CONNECTION_STRING_FORMATS) {
    const rule = format.endpoint?.[service];
    if (rule && format.secretFields.length > 0) return rule.from === "field" && rule.transform === "host";
  }
  return false;
}

interface Derived {
  readonly endpoint: string;
  readonly entity: string | undefined;
}

/** The endpoint a connection string names for `service`, or why there is none to use. */
export function deriveEndpoint(text: string, service: ServiceId): Derived | { readonly reason: SkipReason; readonly message: string } {
  // `UseDevelopmentStorage=true` alone is one field, too short to count as a connection string for the detectors.
  const marker = DEVELOPMENT_MARKERS.find((m) => text.split(";").some((pair) => pair.trim().toLowerCase() === `${m.field}=${m.value}`.toLowerCase()));
  if (marker) return { reason: "development-emulator", message: `${marker.why}; leave it for local development` };
  const parsed = findConnectionStrings(text).sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  if (!parsed) return { reason: "unsupported-shape", message: "the value does not parse as a connection string" };
  const verdict = classifyConnectionString(parsed);
  if (verdict.status === "public") return { reason: "development-emulator", message: `${verdict.why}; leave it for local development` };
  if (verdict.status === "no-key") return { reason: "unsupported-shape", message: `the connection string carries no key (${verdict.why})` };
  const endpoint = verdict.endpoints[service];
  if (endpoint === undefined) return { reason: "unsupported-shape", message: `the connection string names no ${SERVICES[service].label} endpoint` };
  const host = hostOf(endpoint);
  if (host !== undefined && LOCAL_HOST_PATTERN.test(host)) return { reason: "development-emulator", message: `it points at ${host}, a local emulator` };
  return { endpoint, entity: verdict.entity };
}

/** The endpoint for a client built from a connection string, per `--endpoints` and where the string comes from. */
export function planEndpoint(source: ValueSource, service: ServiceId, options: MigrateOptions): EndpointResult {
  const info = SERVICES[service];
  const envVar = info.endpointEnvVar;
  const host = wantsHost(service);
  const envPlan = (fallback?: { operator: "||" | "??"; value: string }): EndpointPlan | undefined =>
    envVar ? { kind: "env", env: envVar.name, addScheme: envVar.value === "host" && !host, fallback } : undefined;
  const notes: string[] = [];
  const missingEnv = { ok: false, reason: "unsupported-shape", message: `the catalog names no endpoint variable for ${info.label}` } as const;

  if (source.kind === "literal" || source.kind === "env-fallback") {
    const derived = deriveEndpoint(source.text, service);
    if ("reason" in derived) return { ok: false, reason: derived.reason, message: derived.message };
    if (options.endpoints === "env" || source.kind === "env-fallback") {
      const plan = envPlan(options.endpoints === "env" ? undefined : { operator: source.kind === "env-fallback" ? source.operator : "||", value: derived.endpoint });
      if (!plan) return missingEnv;
      notes.push(`set ${plan.kind === "env" ? plan.env : ""} to the ${host ? "fully qualified namespace" : "endpoint"} (${envVar?.source === "service-connector" ? "Service Connector sets it" : "not a Service Connector default"})`);
      return { ok: true, plan, entity: derived.entity, notes };
    }
    return { ok: true, plan: { kind: "literal", value: derived.endpoint }, entity: derived.entity, notes };
  }
  if (source.kind === "env") {
    const plan = envPlan();
    if (!plan) return missingEnv;
    notes.push(`set ${envVar?.name ?? ""} to the ${host ? "fully qualified namespace" : "endpoint"}: the connection string was not in the code, so no literal endpoint could be derived`);
    return { ok: true, plan, entity: undefined, notes };
  }
  if (source.kind === "unresolved-import") return { ok: false, reason: "unresolved-module", message: `the connection string comes from ${source.module}, which Keyless cannot read` };
  return { ok: false, reason: "dynamic-connection-string", message: "the connection string is built at run time, so its endpoint cannot be derived" };
}
