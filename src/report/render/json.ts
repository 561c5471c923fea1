import { scopeId, type RoleReport } from "../roles.js";

/** `keyless report --format json`: the version 1 contract of interfaces.md, with fields added after the contract's. */
export function renderJson(report: RoleReport): string {
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
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
