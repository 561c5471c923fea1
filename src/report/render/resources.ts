import type { RoleReport, ServiceReport } from "../roles.js";

/**
 * One Azure resource the script or module refers to: services on the same resource share it (Blob and Queue on one
 * storage account). A resource whose name the code does not reveal gets its own slot per service entry.
 */
export interface ResourceSlot {
  /** `storage-account` */
  readonly kind: string;
  /** 1-based, per kind: `STORAGE_ACCOUNT_1`, `storageAccount1` */
  readonly index: number;
  readonly armType: string;
  readonly apiVersion: string;
  readonly name: string | null;
  readonly services: ServiceReport[];
}

export interface Slots {
  readonly all: readonly ResourceSlot[];
  readonly of: (service: ServiceReport) => ResourceSlot;
}

/** A resource the slots must hold though no service entry names it (a key in .env for an account the code never calls). */
export interface ExtraResource {
  readonly kind: string;
  readonly armType: string;
  readonly apiVersion: string;
  readonly name: string | null;
}

export function resourceSlots(report: RoleReport, include: (s: ServiceReport) => boolean = () => true, extras: readonly ExtraResource[] = []): Slots {
  const byKey = new Map<string, ResourceSlot>();
  const bySlot = new Map<ServiceReport, ResourceSlot>();
  const counts = new Map<string, number>();
  report.services.forEach((s, i) => {
    if (!include(s)) return;
    const key = `${s.resource.armType}\u0000${s.resource.name ?? `?${String(i)}`}`;
    let slot = byKey.get(key);
    if (!slot) {
      const index = (counts.get(s.resource.kind) ?? 0) + 1;
      counts.set(s.resource.kind, index);
      slot = { kind: s.resource.kind, index, armType: s.resource.armType, apiVersion: s.resource.apiVersion, name: s.resource.name, services: [] };
      byKey.set(key, slot);
    }
    slot.services.push(s);
    bySlot.set(s, slot);
  });
  extras.forEach((r, i) => {
    const key = `${r.armType}\u0000${r.name ?? `?extra${String(i)}`}`;
    if (byKey.has(key)) return;
    const index = (counts.get(r.kind) ?? 0) + 1;
    counts.set(r.kind, index);
    byKey.set(key, { kind: r.kind, index, armType: r.armType, apiVersion: r.apiVersion, name: r.name, services: [] });
  });
  return {
    all: [...byKey.values()],
    of: (s) => {
      const slot = bySlot.get(s);
      if (!slot) throw new Error(`no resource slot for ${s.service}`);
      return slot;
    },
  };
}

/**
 * The slot a runbook resource is in: same type and name (an unnamed resource: the slot of one of its services, or an
 * extra one), else same name for one of its services (a Managed Redis host reported under Microsoft.Cache/redis).
 */
export function slotOfResource(slots: Slots, resource: { readonly armType: string; readonly name: string | null } | null, services: readonly string[]): ResourceSlot | undefined {
  if (!resource) return undefined;
  const ofService = (s: ResourceSlot): boolean => s.services.some((x) => services.includes(x.service));
  return (
    slots.all.find((s) => s.armType === resource.armType && s.name === resource.name && (resource.name !== null || ofService(s) || s.services.length === 0)) ??
    slots.all.find((s) => s.name === resource.name && ofService(s))
  );
}

/** `STORAGE_ACCOUNT_1` */
export const shellName = (slot: ResourceSlot): string => `${slot.kind.replace(/-/gu, "_").toUpperCase()}_${String(slot.index)}`;

/** `storageAccount1` */
export const bicepName = (slot: ResourceSlot): string =>
  `${slot.kind.replace(/-(?<c>[a-z0-9])/gu, (_, c: string) => c.toUpperCase())}${String(slot.index)}`;

/** What a one-line comment may hold: no line breaks. */
export const oneLine = (text: string): string => text.replace(/[\r\n]+/gu, " ");

/** `upload src/storage.ts:14, …` (the first few reasons, for a comment). */
export function reasonList(because: readonly { readonly operation: string; readonly file: string; readonly line: number }[], max = 6): string {
  const shown = because.slice(0, max).map((b) => `${b.operation} ${b.file}:${String(b.line)}`);
  if (because.length > max) shown.push(`… ${String(because.length - max)} more`);
  return oneLine(shown.join(", "));
}
