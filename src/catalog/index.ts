/**
 * The catalog, validated and frozen when it loads, and the lookups the rules, codemods and report use.
 * A broken entry fails here, at import time, with a message naming it; never as a silent non-match later.
 */
import { CONNECTION_STRING_FORMATS } from "./connection-strings.js";
import { OPERATIONS, ROLES } from "./roles.js";
import { CLIENTS, CREDENTIALS, SERVICES, type ServiceInfo } from "./services.js";
import {
  SERVICE_IDS,
  type ArgPosition,
  type ClientEntry,
  type ConnectionStringFormat,
  type CredentialEntry,
  type OperationRule,
  type RoleEntry,
  type ServiceId,
} from "./types.js";

export type * from "./types.js";
export type { EndpointEnvVar, ServiceInfo } from "./services.js";
export { SERVICE_IDS } from "./types.js";
export { BROWSER_MARKERS, MIGRATION_CREDENTIAL, MIGRATION_DEPENDENCIES, SAS_MINTING_FUNCTIONS, VERIFIED_TOKEN_FORM_VERSIONS } from "./migration.js";
export type { SasMintingFunction } from "./migration.js";

/** Everything the validator checks, so a test can hand it a corrupted copy. */
export interface CatalogData {
  readonly clients: readonly ClientEntry[];
  readonly credentials: readonly CredentialEntry[];
  readonly services: Readonly<Record<ServiceId, ServiceInfo>>;
  readonly connectionStrings: readonly ConnectionStringFormat[];
  readonly roles: readonly RoleEntry[];
  readonly operations: readonly OperationRule[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const serviceIds: ReadonlySet<string> = new Set(SERVICE_IDS);

/**
 * Check the catalog's internal consistency. Throws one Error listing every problem, each naming its entry
 * (`CLIENTS[3] (@azure/storage-blob › BlobClient): …`).
 */
export function validateCatalog(data: CatalogData): void {
  const problems: string[] = [];
  const problem = (where: string, what: string): void => {
    problems.push(`${where}: ${what}`);
  };
  const checkPosition = (where: string, at: ArgPosition): void => {
    if (!Number.isInteger(at.arg) || at.arg < 0) problem(where, `argument index ${String(at.arg)} is not a non-negative integer`);
    if ("path" in at && (at.path.length === 0 || at.path.some((p) => p.length === 0))) problem(where, "empty option path");
  };

  // Clients ------------------------------------------------------------------------------------------------------
  const clientIds = new Set<string>();
  const exports = new Map<string, ClientEntry>();
  const clientNamesByService = new Map<ServiceId, Set<string>>();
  data.clients.forEach((c, i) => {
    const where = `CLIENTS[${i}] (${c.id})`;
    if (clientIds.has(c.id)) problem(where, "duplicate id");
    clientIds.add(c.id);
    if (c.id !== `${c.value.package} › ${c.value.name}`) problem(where, `id must be "${c.value.package} › ${c.value.name}"`);
    const exportKey = `${c.value.package}\u0000${c.value.name}`;
    if (exports.has(exportKey)) problem(where, `${c.value.package} export ${c.value.name} is already catalogued`);
    exports.set(exportKey, c);
    if (!serviceIds.has(c.service)) problem(where, `unknown service "${c.service}"`);
    else {
      const names = clientNamesByService.get(c.service) ?? new Set<string>();
      names.add(c.value.name);
      clientNamesByService.set(c.service, names);
    }
    if (c.pseudo && c.keyForms.length > 0) problem(where, "a pseudo client has no key forms");
    c.keyForms.forEach((f, j) => {
      checkPosition(`${where} keyForms[${j}]`, f.at);
    });
    if (c.tokenForm) {
      const t = c.tokenForm;
      checkPosition(`${where} tokenForm.endpointAt`, t.endpointAt);
      checkPosition(`${where} tokenForm.credentialAt`, t.credentialAt);
      if (t.urlPathFromKeyArgs && t.urlPathEncoding === undefined) problem(where, "tokenForm.urlPathFromKeyArgs needs urlPathEncoding");
      if (t.entity && (t.entity.at === t.credentialAt.arg || t.entity.at === t.endpointAt.arg)) problem(where, "tokenForm.entity.at collides with the endpoint or credential");
      if (t.extraOptions && !("path" in t.credentialAt) && t.optionsAt === undefined) problem(where, "positional tokenForm.extraOptions needs optionsAt");
      const needsScope = t.credentialValue?.kind === "bearer-token-provider" || t.credentialValue?.kind === "token-function";
      if (needsScope && (data.services[c.service] as ServiceInfo | undefined)?.scopes[0] === undefined) problem(where, `tokenForm.credentialValue needs a scope, and SERVICES["${c.service}"] has none`);
    }
    c.hostAt?.forEach((at, j) => {
      checkPosition(`${where} hostAt[${j}]`, at);
    });
    const service = data.services[c.service] as ServiceInfo | undefined;
    if (service && !service.packages.includes(c.value.package)) problem(where, `package ${c.value.package} is not listed in SERVICES["${c.service}"].packages`);
  });
  data.clients.forEach((c, i) => {
    c.derived?.forEach((d, j) => {
      if (!exports.has(`${c.value.package}\u0000${d.client}`)) {
        problem(`CLIENTS[${i}] (${c.id}) derived[${j}] (${d.method})`, `names client "${d.client}", which ${c.value.package} does not have in CLIENTS`);
      }
    });
  });

  // Credentials ----------------------------------------------------------------------------------------------------
  const credentialNames = new Set<string>();
  data.credentials.forEach((c, i) => {
    const where = `CREDENTIALS[${i}] (${c.name})`;
    if (credentialNames.has(c.name)) problem(where, "duplicate name");
    credentialNames.add(c.name);
    if (c.packages.length === 0) problem(where, "no package exports it");
    if (c.isToken !== (c.auth === "token")) problem(where, `isToken must be ${String(c.auth === "token")} for auth "${c.auth}"`);
    for (const n of [...c.secretArgs, ...(c.idArgs ?? [])]) if (!Number.isInteger(n) || n < 0) problem(where, `bad argument index ${String(n)}`);
    if (c.isToken && c.secretArgs.length > 0) problem(where, "a token credential has no secret arguments");
  });

  // Roles --------------------------------------------------------------------------------------------------------
  const roleNames = new Set<string>();
  const roleIds = new Set<string>();
  data.roles.forEach((r, i) => {
    const where = `ROLES[${i}] (${r.name})`;
    if (roleNames.has(r.name)) problem(where, "duplicate name");
    roleNames.add(r.name);
    const idKey = `${r.assignment}\u0000${r.id}`;
    if (roleIds.has(idKey)) problem(where, `duplicate id ${r.id}`);
    roleIds.add(idKey);
    if ((r.assignment === "arm-rbac" || r.assignment === "cosmos-sql-role") && !GUID.test(r.id)) problem(where, `id "${r.id}" is not a lower-case GUID`);
  });

  // Services -----------------------------------------------------------------------------------------------------
  for (const id of SERVICE_IDS) {
    const s = data.services[id] as ServiceInfo | undefined;
    if (!s) {
      problem(`SERVICES["${id}"]`, "missing");
      continue;
    }
    const where = `SERVICES["${id}"]`;
    if (s.id !== id) problem(where, `id is "${s.id}"`);
    if (s.hostSuffixes.some((h) => h !== h.toLowerCase() || h.includes("/"))) problem(where, "host suffixes are lower-case hosts, no scheme or path");
    if (s.scopes.some((scope) => !/^https:\/\/.+\/\.default$/u.test(scope))) problem(where, "scopes end in /.default");
    if (s.impliedRole !== undefined && !roleNames.has(s.impliedRole)) problem(where, `impliedRole "${s.impliedRole}" is not in ROLES`);
  }
  for (const id of Object.keys(data.services)) if (!serviceIds.has(id)) problem(`SERVICES["${id}"]`, "not a service id");

  // Connection strings ---------------------------------------------------------------------------------------------
  const formatIds = new Set<string>();
  data.connectionStrings.forEach((f, i) => {
    const where = `CONNECTION_STRING_FORMATS[${i}] (${f.id})`;
    if (formatIds.has(f.id)) problem(where, "duplicate id");
    formatIds.add(f.id);
    if (f.requires.length === 0 && (f.requiresOneOf ?? []).length === 0) problem(where, "requires no field: it would match anything");
    for (const s of f.services) if (!serviceIds.has(s)) problem(where, `unknown service "${s}"`);
    for (const s of Object.keys(f.endpoint ?? {})) if (!f.services.includes(s as ServiceId)) problem(where, `endpoint rule for "${s}", which is not in services`);
  });

  // Operations -----------------------------------------------------------------------------------------------------
  const claimed = new Map<string, number>();
  data.operations.forEach((o, i) => {
    const where = `OPERATIONS[${i}] (${o.service}: ${o.methods.slice(0, 3).join(", ")}${o.methods.length > 3 ? ", …" : ""})`;
    if (!serviceIds.has(o.service)) {
      problem(where, `unknown service "${o.service}"`);
      return;
    }
    if (!roleNames.has(o.role)) problem(where, `role "${o.role}" is not in ROLES`);
    if (o.methods.length === 0) problem(where, "no methods");
    if (o.anyMethod && (o.clients ?? []).length === 0) problem(where, "anyMethod needs explicit clients");
    const known = clientNamesByService.get(o.service) ?? new Set<string>();
    for (const c of o.clients ?? []) if (!known.has(c)) problem(where, `client "${c}" is not a ${o.service} client in CLIENTS`);
    for (const client of o.clients ?? [...known]) {
      for (const method of new Set(o.methods)) {
        const key = `${o.service}\u0000${client}\u0000${method}`;
        const earlier = claimed.get(key);
        if (earlier !== undefined) problem(where, `${client}.${method} is already mapped by OPERATIONS[${earlier}]`);
        else claimed.set(key, i);
      }
    }
  });

  if (problems.length > 0) throw new Error(`Keyless catalog is invalid:\n  ${problems.join("\n  ")}`);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const CATALOG: CatalogData = {
  clients: CLIENTS,
  credentials: CREDENTIALS,
  services: SERVICES,
  connectionStrings: CONNECTION_STRING_FORMATS,
  roles: ROLES,
  operations: OPERATIONS,
};
validateCatalog(CATALOG);
deepFreeze(CATALOG);

export { CLIENTS, CONNECTION_STRING_FORMATS, CREDENTIALS, OPERATIONS, ROLES, SERVICES };

// Lookups ----------------------------------------------------------------------------------------------------------

const exportKey = (pkg: string, name: string): string => `${pkg}\u0000${name}`;
const byPackage = new Map<string, ClientEntry[]>();
const byExport = new Map<string, ClientEntry>();
for (const c of CLIENTS) {
  byPackage.set(c.value.package, [...(byPackage.get(c.value.package) ?? []), c]);
  byExport.set(exportKey(c.value.package, c.value.name), c);
}
const credentialsByExport = new Map<string, CredentialEntry>();
for (const c of CREDENTIALS) for (const pkg of c.packages) credentialsByExport.set(exportKey(pkg, c.name), c);
const rolesByName = new Map(ROLES.map((r) => [r.name, r]));
const NO_CLIENTS: readonly ClientEntry[] = Object.freeze([]);

/** Every catalogued client exported by `pkg` (legacy and pseudo ones included). */
export function clientsByPackage(pkg: string): readonly ClientEntry[] {
  return byPackage.get(pkg) ?? NO_CLIENTS;
}

/** The client that `pkg` exports as `name`. */
export function clientByExport(pkg: string, name: string): ClientEntry | undefined {
  return byExport.get(exportKey(pkg, name));
}

/** The credential class that `pkg` exports as `name` (core-auth's classes are re-exported by many packages). */
export function credentialByExport(pkg: string, name: string): CredentialEntry | undefined {
  return credentialsByExport.get(exportKey(pkg, name));
}

export function serviceInfo(id: ServiceId): ServiceInfo {
  return SERVICES[id];
}

/**
 * The host suffix of `service` that `host` matches: a leading "." means "ends with" (and something before it),
 * otherwise the exact host. `undefined` when none does.
 */
export function matchHostSuffix(service: ServiceId, host: string): string | undefined {
  return SERVICES[service].hostSuffixes.find((s) => (s.startsWith(".") ? host.endsWith(s) && host.length > s.length : host === s));
}

/** The service whose host suffixes `host` matches, if one does. */
export function serviceOfHost(host: string): ServiceId | undefined {
  return SERVICE_IDS.find((id) => matchHostSuffix(id, host) !== undefined);
}

export function roleByName(name: string): RoleEntry | undefined {
  return rolesByName.get(name);
}
