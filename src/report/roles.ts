/**
 * Operations → the least-privilege role set per resource. Each operation maps to its smallest role (OPERATIONS);
 * on each resource the report keeps the fewest roles that cover them all: a role is dropped when another assigned on
 * the same or a wider scope includes it (ROLE_INCLUDES), and parts are replaced by a role that grants exactly their
 * union (ROLE_COMBINATIONS). An operation the catalog does not know gets the broadest unflagged data role of its
 * client and a note; operations no data role can do are listed apart, never granted.
 *
 * Pure: the analysis in, a report model out. The renderers in ./render turn the model into text.
 */
import path from "node:path";
import ts from "typescript";
import { matchHostSuffix, OPERATIONS, SERVICE_IDS, SERVICES, roleByName } from "../catalog/index.js";
import { RESOURCE_MODELS, type ResourceModel } from "../catalog/resources.js";
import { LOCAL_METHODS, ROLE_COMBINATIONS, ROLE_INCLUDES, SQL_STATEMENT_ROLES } from "../catalog/roles.js";
import type { AssignmentKind, ClientEntry, OperationRule, RoleEntry, ServiceId } from "../catalog/types.js";
import { findOperations, type ClientRoot, type EntityRef, type OperationAnalysis, type OperationCall } from "../analysis/operations.js";
import type { ModuleResolver } from "../analysis/value-origin.js";

/** A scope below the resource: child `[type, name]` pairs (empty: the resource itself). */
export type ScopePath = readonly (readonly [type: string, name: string])[];

/** Why a role is needed: one call (or the construction, for roles every use needs). */
export interface Because {
  readonly operation: string;
  readonly file: string;
  readonly line: number;
  /** the SDK client the method was called on */
  readonly client: string;
  /** the catalog does not know the operation: the role is a conservative guess */
  readonly unknown?: true;
}

export interface RoleAssignment {
  readonly role: RoleEntry;
  readonly scope: ScopePath;
  readonly because: readonly Because[];
}

/** An operation no data-plane role can perform (creating Cosmos containers, managing file shares). */
export interface ControlPlaneCall {
  readonly operation: string;
  readonly file: string;
  readonly line: number;
  readonly client: string;
  /** the control-plane role that could do it (not granted: do it in ARM/Bicep) */
  readonly role: RoleEntry;
  readonly note: string | undefined;
}

export interface ResourceRef {
  /** `storage-account`, `servicebus-namespace` … (SERVICES[…].resourceKind) */
  readonly kind: string;
  readonly name: string | null;
  readonly endpoint: string | null;
  /** the entity every role is scoped to (`reports`, `sales/orders`), else null */
  readonly entity: string | null;
  readonly armType: string;
  readonly apiVersion: string;
  /** the environment variable the code reads the endpoint (or connection string) from */
  readonly endpointEnv: string | null;
}

export interface ServiceReport {
  readonly service: ServiceId;
  readonly label: string;
  readonly assignment: AssignmentKind;
  readonly resource: ResourceRef;
  readonly roles: readonly RoleAssignment[];
  readonly controlPlane: readonly ControlPlaneCall[];
  /** what the migrated code reads its endpoint from */
  readonly envVars: readonly string[];
  /** variables holding key material the code reads today: remove them once the code is keyless */
  readonly removeEnvVars: readonly string[];
  readonly notes: readonly string[];
  /** what the catalog says about granting access to the service at all (not specific to this code) */
  readonly facts: readonly string[];
  /** where the clients of this resource are constructed */
  readonly constructions: readonly { readonly file: string; readonly line: number; readonly client: string }[];
}

export interface RoleReport {
  readonly version: 1;
  readonly services: readonly ServiceReport[];
  readonly errors: readonly { readonly file: string; readonly message: string }[];
  readonly stats: { readonly files: number };
}

export interface BuildOptions {
  /** how a file is named in the report (relative to the current directory, `/`-separated) */
  readonly label: (sf: ts.SourceFile) => string;
  readonly errors?: readonly { readonly file: string; readonly message: string }[];
  readonly files?: number;
}

// ---- role facts derived from the catalog ------------------------------------------------------------------------

/** Transitive ROLE_INCLUDES: role → every role it grants all of. */
const INCLUDES: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const closure = new Map<string, Set<string>>();
  const expand = (role: string, seen: Set<string>): Set<string> => {
    const out = new Set<string>();
    for (const inner of ROLE_INCLUDES[role] ?? []) {
      if (seen.has(inner)) continue;
      out.add(inner);
      for (const deeper of expand(inner, new Set(seen).add(inner))) out.add(deeper);
    }
    return out;
  };
  for (const role of Object.keys(ROLE_INCLUDES)) closure.set(role, expand(role, new Set([role])));
  return closure;
})();

export function includes(wider: string, narrower: string): boolean {
  return INCLUDES.get(wider)?.has(narrower) ?? false;
}

function role(name: string): RoleEntry {
  const entry = roleByName(name);
  if (!entry) throw new Error(`role "${name}" is not in the catalog`);
  return entry;
}

function rulesFor(service: ServiceId, client: ClientEntry): OperationRule[] {
  return OPERATIONS.filter((r) => r.service === service && (r.clients === undefined || r.clients.includes(client.value.name)));
}

/**
 * The rule for a method: an exact row, else the longest `family.*` row the method falls under (openai's
 * `chat.completions.parse` under `chat.*`), else a row that covers every method of the client.
 */
function ruleFor(service: ServiceId, client: ClientEntry, method: string): OperationRule | undefined {
  const rules = rulesFor(service, client);
  const exact = rules.find((r) => r.methods.includes(method));
  if (exact) return exact;
  let best: { rule: OperationRule; length: number } | undefined;
  for (const rule of rules) {
    for (const m of rule.methods) {
      if (m.endsWith(".*") && method.startsWith(m.slice(0, -1)) && (best === undefined || m.length > best.length)) best = { rule, length: m.length };
    }
  }
  return best?.rule ?? rules.find((r) => r.anyMethod === true);
}

const isLocal = (service: ServiceId, method: string): boolean =>
  LOCAL_METHODS.some((l) => (l.service === undefined || l.service === service) && l.methods.includes(method));

/** SDKs that nest resources below the client (openai's `client.chat.completions.create`). */
const NESTED_METHODS = new Set(OPERATIONS.filter((r) => r.methods.some((m) => m.includes("."))).map((r) => r.service));

/**
 * The role(s) to assume for a method the catalog does not know: the broadest data roles the catalog gives this
 * client (none that can read keys, unless nothing else is left). Conservative: the call will be allowed.
 */
/** How reports name a client: its export, or the package for a default export (`openai`). */
export const clientLabel = (client: ClientEntry): string => (client.value.name === "default" ? client.value.package : client.value.name);

export function conservativeRoles(client: ClientEntry): RoleEntry[] {
  const eligible = (rules: OperationRule[]): string[] => [...new Set(rules.filter((r) => r.controlPlane !== true && r.requiresKey !== true).map((r) => r.role))];
  let names = eligible(rulesFor(client.service, client));
  if (names.length === 0) names = eligible(OPERATIONS.filter((r) => r.service === client.service));
  const maximal = names.filter((n) => !names.some((m) => m !== n && includes(m, n)));
  const unflagged = maximal.filter((n) => role(n).flag === undefined);
  const picked = unflagged.length > 0 ? unflagged : maximal;
  if (picked.length === 0 && SERVICES[client.service].impliedRole !== undefined) return [role(SERVICES[client.service].impliedRole as string)];
  return picked.sort().map(role);
}

/** §18: the roles an SQL statement needs, by its keywords; `undefined` when it names none of them. */
function sqlStatementRoles(statement: string): string[] | undefined {
  const found = new Set<string>();
  for (const row of SQL_STATEMENT_ROLES) {
    if (row.keywords.some((k) => new RegExp(`\\b${k}\\b`, "iu").test(statement))) for (const r of row.roles) found.add(r);
  }
  return found.size > 0 ? [...found].sort() : undefined;
}

// ---- resources ----------------------------------------------------------------------------------------------------

function modelOf(service: ServiceId, client: ClientEntry): ResourceModel | undefined {
  const model = RESOURCE_MODELS[service];
  const override = model?.byClient?.[client.value.name];
  return model && override ? { ...model, ...override } : model;
}

/** `contosoprod` from `contosoprod.blob.core.windows.net`, when the host ends in one of the service's suffixes. */
export function resourceName(service: ServiceId, host: string | undefined): string | null {
  if (host === undefined || RESOURCE_MODELS[service]?.nameFromHost === false) return null;
  const suffix = matchHostSuffix(service, host);
  if (suffix === undefined || !suffix.startsWith(".")) return null;
  const label = host.slice(0, -suffix.length).split(".")[0];
  return label !== undefined && label.length > 0 ? label : null;
}

function endpointOf(service: ServiceId, host: string | undefined): string | null {
  if (host === undefined) return null;
  return SERVICES[service].endpointEnvVar?.value === "host" ? host : `https://${host}`;
}

/**
 * Resolve `queue|topic`: another use of the same name says which (a receiver without a subscription reads a queue),
 * else the names it travelled through (`ordersQueue`), else nothing.
 */
function resolveKind(entity: EntityRef, definite: ReadonlyMap<string, string>): { kind: string; from?: string } | undefined {
  if (!entity.kind.includes("|")) return { kind: entity.kind };
  const options = entity.kind.split("|");
  const known = entity.name === undefined ? undefined : definite.get(entity.name);
  if (known !== undefined && options.includes(known)) return { kind: known };
  const hinted = options.filter((k) => entity.via.some((v) => v.toLowerCase().includes(k)));
  const kind = hinted[0];
  if (hinted.length !== 1 || kind === undefined) return undefined;
  return { kind, from: entity.via.find((v) => v.toLowerCase().includes(kind)) ?? kind };
}

interface ScopeChoice {
  readonly path: ScopePath;
  /** the entity names the path spells, outermost first */
  readonly names: readonly string[];
}

function chooseScope(model: ResourceModel | undefined, entities: readonly EntityRef[], definite: ReadonlyMap<string, string>): ScopeChoice {
  const named = new Map<string, string>();
  for (const e of entities) {
    const kind = resolveKind(e, definite)?.kind;
    if (kind !== undefined && e.name !== undefined) named.set(kind, e.name);
  }
  for (const candidate of model?.scopes ?? []) {
    const names: string[] = [];
    const path: [string, string][] = [];
    let complete = true;
    for (const [type, name] of candidate) {
      const placeholder = /^\{(?<kind>[\w-]+)\}$/u.exec(name)?.groups?.kind;
      if (placeholder === undefined) {
        path.push([type, name]);
        continue;
      }
      const value = named.get(placeholder);
      if (value === undefined) {
        complete = false;
        break;
      }
      names.push(value);
      path.push([type, value]);
    }
    if (complete) return { path, names };
  }
  return { path: [], names: [] };
}

const pathKey = (p: ScopePath): string => p.map(([t, n]) => `${t}/${n}`).join("/");
const isWithin = (inner: ScopePath, outer: ScopePath): boolean => outer.length <= inner.length && outer.every(([t, n], i) => inner[i]?.[0] === t && inner[i][1] === n);

// ---- the report -----------------------------------------------------------------------------------------------

interface Need {
  readonly role: RoleEntry;
  readonly path: ScopePath;
  readonly because: Because[];
}

interface Group {
  readonly service: ServiceId;
  readonly roots: ClientRoot[];
  readonly operations: OperationCall[];
}

const serviceOrder = new Map<string, number>(SERVICE_IDS.map((s, i) => [s, i]));

/** Group clients by resource: same service and host (or the same environment variable when the host is unknown). */
function groupKey(root: ClientRoot): string {
  const where = root.host ?? (root.endpointEnv !== undefined ? `env:${root.endpointEnv}` : "?");
  return `${root.usage.client.service}\u0000${where}`;
}

/** Parsed files in, the role report out: the analysis and the role selection in one call (for `keyless migrate`). */
export function roleReport(files: readonly ts.SourceFile[], resolveModule: ModuleResolver | undefined, options: BuildOptions): RoleReport {
  return buildReport(findOperations(files, resolveModule), { files: files.length, ...options });
}

export function buildReport(analysis: OperationAnalysis, options: BuildOptions): RoleReport {
  const groups = new Map<string, Group>();
  const groupOf = (root: ClientRoot): Group => {
    const key = groupKey(root);
    let g = groups.get(key);
    if (!g) {
      g = { service: root.usage.client.service, roots: [], operations: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const root of analysis.roots) {
    if (RESOURCE_MODELS[root.usage.client.service] === undefined) continue;
    const g = groupOf(root);
    if (!g.roots.includes(root)) g.roots.push(root);
  }
  for (const op of analysis.operations) {
    if (RESOURCE_MODELS[op.value.root.usage.client.service] === undefined) continue;
    const g = groupOf(op.value.root);
    if (!g.roots.includes(op.value.root)) g.roots.push(op.value.root);
    g.operations.push(op);
  }
  const services = [...groups.values()].map((g) => serviceReport(g, options.label));
  services.sort(
    (a, b) =>
      (serviceOrder.get(a.service) ?? 0) - (serviceOrder.get(b.service) ?? 0) ||
      (a.resource.name ?? "\uffff").localeCompare(b.resource.name ?? "\uffff") ||
      (a.resource.endpointEnv ?? "").localeCompare(b.resource.endpointEnv ?? ""),
  );
  return { version: 1, services, errors: options.errors ?? [], stats: { files: options.files ?? 0 } };
}

function serviceReport(group: Group, label: (sf: ts.SourceFile) => string): ServiceReport {
  const service = group.service;
  const info = SERVICES[service];
  const first = group.roots[0];
  const model = first ? modelOf(service, first.usage.client) : RESOURCE_MODELS[service];
  if (!model) throw new Error(`no resource model for ${service}`);
  const notes: string[] = [];
  const note = (text: string | undefined): void => {
    if (text !== undefined && !notes.includes(text)) notes.push(text);
  };

  // Entities whose kind a call states (a receiver's queue) resolve the ambiguous ones (a sender's queue or topic).
  const definite = new Map<string, string>();
  for (const e of [...group.roots.flatMap((r) => r.entities), ...group.operations.flatMap((o) => o.entities)]) {
    if (!e.kind.includes("|") && e.name !== undefined) definite.set(e.name, e.kind);
  }

  const needs: Need[] = [];
  const ruleNotes: { role: string; note: string }[] = [];
  const controlPlane: ControlPlaneCall[] = [];
  const entityNames = new Set<string>();
  const need = (r: RoleEntry, scope: ScopeChoice, because: Because): void => {
    entityNames.add(scope.names.join("/"));
    needs.push({ role: r, path: scope.path, because: [because] });
  };

  for (const op of group.operations) {
    const client = op.value.client;
    const rule = ruleFor(service, client, op.method);
    if (!rule && (op.derives || isLocal(service, op.method))) continue;
    if (!rule && op.method.includes(".") && !NESTED_METHODS.has(service)) continue;
    // A service whose every use needs one role (§17 telemetry) has configuration methods, not operations.
    if (!rule && info.impliedRole !== undefined) continue;
    const because: Because = { operation: op.method, file: label(op.file), line: op.line, client: clientLabel(client) };
    if (rule?.controlPlane === true) {
      controlPlane.push({ ...because, role: role(rule.role), note: rule.note });
      note(
        `\`${op.method}\` (${because.file}:${String(because.line)}) cannot be done with a data-plane role: create or change it in ARM/Bicep instead (${rule.role} could, and is not granted).`,
      );
      continue;
    }
    for (const e of op.entities) {
      if (!e.kind.includes("|") || e.name === undefined) continue;
      const resolved = resolveKind(e, definite);
      const kinds = e.kind.split("|").join(" or a ");
      if (resolved === undefined) {
        note(`"${e.name}" is a ${kinds}: the code does not say which, so the role is scoped to the ${info.resourceKind.replace(/-/gu, " ")}; narrow it by hand.`);
      } else if (resolved.from !== undefined) {
        note(`"${e.name}" is taken to be a ${resolved.kind} from the name ${resolved.from}: the calls alone do not say whether it is a ${kinds}. Change the scope if it is not.`);
      }
    }
    const scope = chooseScope(model, op.entities, definite);
    if (!rule) {
      const roles = conservativeRoles(client);
      for (const r of roles) need(r, scope, { ...because, unknown: true });
      note(
        `\`${clientLabel(client)}.${op.method}\` (${because.file}:${String(because.line)}) is not in the keyless catalog: ${roles.map((r) => r.name).join(" + ") || "no role"} assumed, the broadest data role for it. Check what the call needs and narrow the role.`,
      );
      continue;
    }
    if (rule.requiresKey === true) note(`\`${op.method}\` (${because.file}:${String(because.line)}) signs with the account key: no role makes it work with a token.`);
    const statementRoles = service === "sql" && rule.role === "db_datareader" && op.statement !== undefined ? sqlStatementRoles(op.statement) : undefined;
    // The rule's note says what to add when the statement is unknown; a statement the code spells out decided it.
    if (rule.note !== undefined && statementRoles === undefined) ruleNotes.push({ role: rule.role, note: rule.note });
    for (const name of statementRoles ?? [rule.role]) need(role(name), scope, because);
  }

  // Roles every use of the service needs, whatever it calls (§16 SignalR app server, §17 telemetry publishing).
  if (info.impliedRole !== undefined) {
    for (const root of group.roots) {
      need(role(info.impliedRole), { path: [], names: [] }, { operation: constructionLabel(root), file: label(root.file), line: root.line, client: clientLabel(root.usage.client) });
    }
  }

  const roles = reduce(needs);
  // A rule's note matters when its role is assigned (a Reader note is noise once Contributor covers the reads).
  for (const r of ruleNotes) if (roles.some((a) => a.role.name === r.role)) note(r.note);
  if (roles.length === 0 && controlPlane.length === 0) {
    note("No operation on this client was found: it needs no role, unless it is used where keyless cannot follow it (passed to a library, stored in a collection).");
  }
  const host = group.roots.find((r) => r.host !== undefined)?.host;
  const name = resourceName(service, host);
  const endpointEnv = group.roots.find((r) => r.endpointEnv !== undefined)?.endpointEnv ?? null;
  if (group.roots.some((r) => r.emulator)) note("The connection string or endpoint is a local emulator's: there is nothing to assign there; the roles are for the real resource.");
  if (name === null) {
    note(
      `The code does not name the ${info.resourceKind.replace(/-/gu, " ")}${endpointEnv === null ? "" : ` (its endpoint comes from process.env.${endpointEnv})`}: fill in its name when you assign the roles.`,
    );
  } else if (group.roots.some((r) => r.hostFrom === "fallback")) {
    note(`The ${info.resourceKind.replace(/-/gu, " ")} name comes from the literal fallback of process.env.${endpointEnv ?? "…"}; check it is the one the deployed app uses.`);
  }

  const entities = [...entityNames];
  const envVars = [...new Set([...(info.endpointEnvVar ? [info.endpointEnvVar.name] : []), ...(endpointEnv !== null ? [endpointEnv] : [])])];
  const removeEnvVars = [...new Set(group.roots.filter((r) => r.usage.form?.notSecret !== true).flatMap((r) => r.secretEnv))].sort();
  return {
    service,
    label: info.label,
    assignment: info.assignment,
    resource: {
      kind: info.resourceKind,
      name,
      endpoint: endpointOf(service, host),
      entity: entities.length === 1 && entities[0] !== "" ? (entities[0] ?? null) : null,
      armType: model.armType,
      apiVersion: model.apiVersion,
      endpointEnv,
    },
    roles,
    controlPlane,
    envVars,
    removeEnvVars,
    notes,
    facts: info.notes ?? [],
    constructions: group.roots
      .map((r) => ({ file: label(r.file), line: r.line, client: clientLabel(r.usage.client) }))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
  };
}

function constructionLabel(root: ClientRoot): string {
  const name = clientLabel(root.usage.client);
  const node = root.usage.node;
  if (ts.isNewExpression(node)) return `new ${name}`;
  const callee = node.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text !== name ? `${name}.${callee.name.text}` : name;
}

/**
 * The fewest roles that cover every need: identical roles on one scope merge, parts become the single role that
 * grants exactly their union, and a role is dropped when one including it sits on the same or a wider scope.
 */
export function reduce(needs: readonly Need[]): RoleAssignment[] {
  let items = new Map<string, Need>();
  for (const n of needs) {
    const key = `${n.role.name}\u0000${pathKey(n.path)}`;
    const existing = items.get(key);
    if (existing) existing.because.push(...n.because);
    else items.set(key, { role: n.role, path: n.path, because: [...n.because] });
  }
  for (const combo of ROLE_COMBINATIONS) {
    for (const p of new Set([...items.values()].map((i) => pathKey(i.path)))) {
      const parts = combo.of.map((name) => items.get(`${name}\u0000${p}`));
      if (parts.some((x) => x === undefined)) continue;
      const present = parts as Need[];
      const merged: Need = { role: role(combo.role), path: present[0]?.path ?? [], because: present.flatMap((x) => x.because) };
      const next = new Map([...items].filter(([, v]) => !present.includes(v)));
      const key = `${combo.role}\u0000${p}`;
      const existing = next.get(key);
      if (existing) existing.because.push(...merged.because);
      else next.set(key, merged);
      items = next;
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const [key, a] of items) {
      const cover = [...items.values()].find(
        (b) => b !== a && isWithin(a.path, b.path) && (b.role.name === a.role.name ? b.path.length < a.path.length : includes(b.role.name, a.role.name)),
      );
      if (!cover) continue;
      cover.because.push(...a.because);
      items.delete(key);
      changed = true;
      break;
    }
  }
  return [...items.values()]
    .map((i) => ({ role: i.role, scope: i.path, because: sortBecause(i.because) }))
    .sort((a, b) => a.scope.length - b.scope.length || pathKey(a.scope).localeCompare(pathKey(b.scope)) || a.role.name.localeCompare(b.role.name));
}

function sortBecause(list: readonly Because[]): Because[] {
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.operation.localeCompare(b.operation))
    .filter((b) => {
      const key = `${b.file}:${String(b.line)}:${b.operation}:${b.client}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

// ---- scopes as text -------------------------------------------------------------------------------------------------

export interface ScopeVariables {
  readonly subscription: string;
  readonly resourceGroup: string;
  /** the resource name, or what stands for it */
  readonly name: string;
}

/** `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/<type>/<name>[/<child>/<name>…]` */
export function scopeId(resource: ResourceRef, scope: ScopePath, vars?: Partial<ScopeVariables>): string {
  const name = vars?.name ?? resource.name ?? `{${resource.kind}}`;
  const base = `/subscriptions/${vars?.subscription ?? "{subscriptionId}"}/resourceGroups/${vars?.resourceGroup ?? "{resourceGroup}"}/providers/${resource.armType}/${name}`;
  return base + scope.map(([t, n]) => `/${t}/${n}`).join("");
}

/** The part of a scope below the resource, as Cosmos role assignments and az cosmosdb spell it (`/dbs/x/colls/y`, `/`). */
export function relativeScope(scope: ScopePath): string {
  return scope.length === 0 ? "/" : scope.map(([t, n]) => `/${t}/${n}`).join("");
}

/** File labels: relative to `cwd`, `/`-separated. */
export function fileLabeler(cwd: string): (sf: ts.SourceFile) => string {
  return (sf) => path.relative(cwd, sf.fileName).split(path.sep).join("/");
}
