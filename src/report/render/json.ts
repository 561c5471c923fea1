import { isSwitch } from "../../catalog/lockdown.js";
import { scopeId, type RoleReport } from "../roles.js";
import type { RotationItem, Runbook } from "../runbook.js";

/** `keyless report --format json`: the version 1 contract of interfaces.md, with fields added after the contract's. */
export function renderJson(report: RoleReport, runbook?: Runbook): string {
  const body = {
    version: report.version,
    services: report.services.map((s) => ({
      service: s.service,
      resource: {
        kind: s.resource.kind,
        name: s.resource.name,
        endpoint: s.resource.endpoint,
        entity: s.resource.entity,
        type: s.resource.armType,
      },
      roles: s.roles.map((r) => ({
        name: r.role.name,
        id: r.role.id,
        assignment: r.role.assignment,
        scope: scopeId(s.resource, r.scope),
        because: r.because.map((b) => ({ operation: b.operation, file: b.file, line: b.line, client: b.client, ...(b.unknown ? { unknown: true } : {}) })),
      })),
      envVars: s.envVars,
      notes: s.notes,
      label: s.label,
      facts: s.facts,
      controlPlane: s.controlPlane.map((c) => ({ operation: c.operation, file: c.file, line: c.line, client: c.client, role: c.role.name, id: c.role.id })),
      removeEnvVars: s.removeEnvVars,
    })),
    errors: report.errors,
    ...(runbook ? { runbook: runbookJson(runbook) } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The runbook's facts (no secret: values are redacted, commands live in the catalog and the other formats). */
function runbookJson(runbook: Runbook): unknown {
  return {
    identity: runbook.identity && {
      kind: runbook.identity.kind,
      host: runbook.identity.host?.kind ?? null,
      hostType: runbook.identity.host?.armType ?? null,
      clientIdSetting: runbook.identity.kind === "user" ? runbook.identity.clientIdEnv : null,
      removeSettings: runbook.identity.removeSettings,
    },
    rotation: runbook.rotations.map(rotationItemJson),
    lockdown: runbook.lockdowns.map((l) => ({
      resource: { kind: l.resource.kind, type: l.resource.armType, name: l.resource.name },
      services: l.services,
      ...(isSwitch(l.change)
        ? {
            switch: l.change.what,
            apiVersion: l.change.apiVersion,
            change: l.change.change,
            az: l.change.az.map((a) => a.command).filter((c) => c !== undefined),
            policy: l.change.policy,
            check: l.change.check,
          }
        : { switch: null, none: l.change.none }),
    })),
  };
}

/** One secret of the rotation checklist, as `keyless report --rotation` and `keyless migrate` print it in JSON. */
export function rotationItemJson(r: RotationItem): unknown {
  return {
    kind: r.secret.kind,
    label: r.secret.label,
    redacted: r.secret.redacted,
    fingerprint: r.secret.fingerprint,
    file: r.secret.file,
    line: r.secret.line,
    alsoAt: r.alsoAt,
    ...(r.secret.status ? { status: r.secret.status } : {}),
    ...(r.secret.commit !== undefined ? { commit: r.secret.commit } : {}),
    resource: r.resource && { kind: r.resource.kind, type: r.resource.armType, name: r.resource.name, from: r.resourceFrom },
    rule: r.rule,
    entity: r.entity,
    rotate: r.recipe.id,
    what: r.recipe.what,
    commands: r.recipe.steps.filter((s) => s.command !== undefined).map((s) => ({ command: s.command, ...(s.optional ? { optional: true } : {}), ...(s.sql ? { sql: true } : {}), ...(s.verified === false ? { verified: false } : {}) })),
    traps: r.recipe.traps,
  };
}
