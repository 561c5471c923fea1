/**
 * The operator's side of the migration, as a model: which identity the app runs as and on which host, every exposed
 * secret with the resource it opens and how to rotate it, and per resource the switch that turns key access off.
 * Pure: the role report and the secrets found in, the runbook out; ./render spells it as az, Bicep, Markdown, JSON.
 *
 * Order (lockdown §0): 1. identity and role assignments, 2. deploy the migrated code and remove the old secret
 * settings, 3. rotate every exposed key, 4. after checking nothing still uses keys, switch key access off and pin it
 * with the built-in policy.
 */
import type { SecretResource } from "../analysis/secrets.js";
import { SERVICES } from "../catalog/index.js";
import {
  ARM_TYPE_BY_HOST,
  ENTRA_SECRET_SETTINGS,
  HOSTS,
  LOCKDOWN,
  ROTATION_BY_ARM_TYPE,
  ROTATION_BY_KIND,
  ROTATION_RECIPES,
  type HostKind,
  type HostModel,
  type IdentityKind,
  type LockdownSwitch,
  type NoSwitch,
  type RotationRecipe,
} from "../catalog/lockdown.js";
import { RESOURCE_MODELS } from "../catalog/resources.js";
import type { ServiceId } from "../catalog/types.js";
import { hostOf } from "../detect/connection-string.js";
import { resourceName, type RoleReport, type ServiceReport } from "./roles.js";

/** A secret as the runbook sees it: already redacted, placed in a file, with what it names of its resource. */
export interface ExposedSecret extends Partial<SecretResource> {
  readonly kind: string;
  /** what the detector calls it: `Azure Storage connection string` */
  readonly label: string;
  readonly service: ServiceId | undefined;
  readonly redacted: string;
  readonly fingerprint: string;
  readonly file: string;
  readonly line: number;
  /** the resource type, when the client it reaches says (Event Grid namespaces vs topics) */
  readonly armType?: string | undefined;
  readonly apiVersion?: string | undefined;
  /** `removed`: `keyless migrate` took it out of the code; `history`: only the git history holds it */
  readonly status?: "present" | "removed" | "history";
  /** for `history`: the first commit that added it */
  readonly commit?: string | undefined;
}

export interface RunbookResource {
  /** `storage-account` */
  readonly kind: string;
  readonly armType: string;
  readonly apiVersion: string;
  readonly name: string | null;
}

export interface RotationItem {
  readonly secret: ExposedSecret;
  /** every other place the same secret (same fingerprint) was found */
  readonly alsoAt: readonly { readonly file: string; readonly line: number }[];
  readonly resource: RunbookResource | null;
  /** how the resource was tied to the secret */
  readonly resourceFrom: "secret" | "code" | "ambiguous" | "none";
  /** for SAS policies: the rule and entity the connection string names */
  readonly rule: string | null;
  readonly entity: string | null;
  readonly recipe: RotationRecipe;
}

export interface LockdownItem {
  readonly resource: RunbookResource;
  readonly services: readonly ServiceId[];
  readonly change: LockdownSwitch | NoSwitch;
}

export interface IdentityPlan {
  readonly kind: IdentityKind;
  readonly host: HostModel | null;
  /** settings the app must lose once it runs keyless (the report's removeEnvVars, plus AZURE_CLIENT_SECRET & co. when an Entra secret leaked) */
  readonly removeSettings: readonly string[];
  /** the variable the migrated code reads the user-assigned identity's client id from (keyless migrate --client-id-env) */
  readonly clientIdEnv: string;
}

export interface Runbook {
  readonly identity: IdentityPlan | null;
  readonly rotations: readonly RotationItem[];
  readonly lockdowns: readonly LockdownItem[];
  /** resources the runbook names that the role report has no role for (a key in .env for an account the code never calls) */
  readonly extraResources: readonly RunbookResource[];
  /** which steps the scripts and modules spell out (`--rotation`, `--lockdown`); the Markdown runbook has all four */
  readonly steps: { readonly rotation: boolean; readonly lockdown: boolean };
}

export interface RunbookOptions {
  readonly identity?: IdentityKind | undefined;
  readonly host?: HostKind | undefined;
  readonly rotation?: boolean | undefined;
  readonly lockdown?: boolean | undefined;
  readonly clientIdEnv?: string | undefined;
}

function resourceFor(service: ServiceId, host: string | undefined, name: string | null, armType?: string, apiVersion?: string): RunbookResource | null {
  const model = RESOURCE_MODELS[service];
  const byHost = host === undefined ? undefined : ARM_TYPE_BY_HOST.find((h) => host.endsWith(h.suffix));
  if (byHost) return { kind: byHost.resourceKind, armType: byHost.armType, apiVersion: byHost.apiVersion, name };
  if (!model && armType === undefined) return null;
  return { kind: SERVICES[service].resourceKind, armType: armType ?? model?.armType ?? "", apiVersion: apiVersion ?? model?.apiVersion ?? "", name };
}

/** The resource each role-report service entry stands for (Managed Redis hosts become redisEnterprise). */
export function serviceResource(s: ServiceReport): RunbookResource {
  return resourceFor(s.service, hostOf(s.resource.endpoint ?? undefined), s.resource.name, s.resource.armType, s.resource.apiVersion) ?? {
    kind: s.resource.kind,
    armType: s.resource.armType,
    apiVersion: s.resource.apiVersion,
    name: s.resource.name,
  };
}

const sameResource = (a: RunbookResource, b: RunbookResource): boolean => a.armType === b.armType && a.name === b.name;

function recipeFor(secret: ExposedSecret, resource: RunbookResource | null): RotationRecipe {
  const byKind = ROTATION_BY_KIND[secret.kind];
  const id =
    byKind ??
    (resource ? ROTATION_BY_ARM_TYPE[resource.armType] : undefined) ??
    ((secret.service as string | undefined) === "identity" ? "entra-client-secret" : secret.service !== undefined ? "azure-unlisted" : "external");
  const recipe = ROTATION_RECIPES[id];
  if (!recipe) throw new Error(`no rotation recipe "${id}"`);
  return recipe;
}

function rotationItem(secret: ExposedSecret, alsoAt: RotationItem["alsoAt"], report: RoleReport): RotationItem {
  const service = secret.service;
  // An Entra client secret belongs to an app registration, whatever client it was handed to.
  if (ROTATION_BY_KIND[secret.kind] === "entra-client-secret" || (service as string | undefined) === "identity") {
    return { secret, alsoAt, resource: null, resourceFrom: "none", rule: null, entity: null, recipe: recipeFor(secret, null) };
  }
  let resource: RunbookResource | null = null;
  let from: RotationItem["resourceFrom"] = "none";
  if (service !== undefined && service !== "identity") {
    const named = secret.accountName ?? resourceName(service, secret.host) ?? null;
    if (named !== null || secret.host !== undefined) {
      resource = resourceFor(service, secret.host, named, secret.armType, secret.apiVersion);
      from = "secret";
    } else {
      // The secret does not say (a bare key): the resource the code uses it with, when the code has exactly one.
      const candidates = report.services.filter((s) => s.service === service).map(serviceResource);
      const distinct = candidates.filter((c, i) => candidates.findIndex((d) => sameResource(c, d)) === i);
      if (distinct.length === 1 && distinct[0]) {
        resource = distinct[0];
        from = "code";
      } else if (distinct.length > 1) {
        resource = { ...(distinct[0] as RunbookResource), name: null };
        from = "ambiguous";
      } else {
        resource = resourceFor(service, undefined, null);
      }
    }
  }
  return { secret, alsoAt, resource, resourceFrom: from, rule: secret.keyName ?? null, entity: secret.entity ?? null, recipe: recipeFor(secret, resource) };
}

export function buildRunbook(report: RoleReport, secrets: readonly ExposedSecret[], options: RunbookOptions = {}): Runbook {
  // One item per distinct secret (fingerprint), at its first place; the others are listed with it.
  const byFingerprint = new Map<string, { first: ExposedSecret; more: { file: string; line: number }[] }>();
  for (const s of [...secrets].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    const seen = byFingerprint.get(s.fingerprint);
    if (seen) seen.more.push({ file: s.file, line: s.line });
    else byFingerprint.set(s.fingerprint, { first: s, more: [] });
  }
  const rotations = [...byFingerprint.values()].map((e) => rotationItem(e.first, e.more, report));

  // Lockdown: every resource the code uses, then every resource only a secret names.
  const resources: { resource: RunbookResource; services: Set<ServiceId> }[] = [];
  const add = (r: RunbookResource, service: ServiceId | undefined): void => {
    const existing = resources.find((x) => sameResource(x.resource, r));
    if (existing) {
      if (service) existing.services.add(service);
      return;
    }
    resources.push({ resource: r, services: new Set(service ? [service] : []) });
  };
  for (const s of report.services) add(serviceResource(s), s.service);
  const fromCode = resources.length;
  for (const r of rotations) if (r.resource) add(r.resource, r.secret.service);
  const extraResources = resources.slice(fromCode).map((x) => x.resource);

  const lockdowns: LockdownItem[] = [];
  for (const { resource, services } of resources) {
    // A type lockdown.md does not cover is listed as such: no switch is guessed.
    const change = LOCKDOWN[resource.armType] ?? { armType: resource.armType, none: "lockdown.md covers no key-access switch for this resource type: none is guessed.", source: "lockdown.md" };
    lockdowns.push({ resource, services: [...services], change });
  }

  let identity: IdentityPlan | null = null;
  if (options.identity !== undefined) {
    const remove = new Set(report.services.flatMap((s) => s.removeEnvVars));
    if (rotations.some((r) => r.recipe.id === "entra-client-secret")) for (const name of ENTRA_SECRET_SETTINGS) remove.add(name);
    identity = { kind: options.identity, host: options.host ? HOSTS[options.host] : null, removeSettings: [...remove].sort(), clientIdEnv: options.clientIdEnv ?? "AZURE_CLIENT_ID" };
  }
  return { identity, rotations, lockdowns, extraResources, steps: { rotation: options.rotation === true, lockdown: options.lockdown === true } };
}

/** Fill a catalog command template. Values are inserted as given: the caller quotes them for its language. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(?<key>[a-zA-Z]+)\}/gu, (whole, key: string) => values[key] ?? whole);
}
