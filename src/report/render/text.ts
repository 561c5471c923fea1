import { relativeScope, type RoleReport } from "../roles.js";

/**
 * The role table as plain text for a terminal: what `keyless migrate` ends its summary with, one line per role
 * (service, resource, role, where), then the control-plane calls it did not grant.
 */
export function renderRoleTable(report: RoleReport): string {
  const rows: string[][] = [];
  for (const s of report.services) {
    const resource = s.resource.name ?? `(${s.resource.kind}, name not in the code)`;
    for (const r of s.roles) {
      const where = r.role.assignment === "arm-rbac" ? r.scope.filter(([, n]) => n !== "default").map(([t, n]) => `${t}/${n}`).join("/") : relativeScope(r.scope);
      rows.push([s.service, resource, r.role.name, where === "" || where === "/" ? "(whole resource)" : where]);
    }
  }
  if (rows.length === 0) return "Roles: none needed by the Azure SDK operations found.\n";
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const lines = ["Roles the app's identity needs (keyless report --format az|bicep writes the assignments):"];
  for (const r of rows) lines.push(`  ${r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join("  ")}`);
  for (const s of report.services) {
    for (const c of s.controlPlane) lines.push(`  not granted: ${s.service} ${c.operation} (${c.file}:${String(c.line)}) is control plane: do it in ARM/Bicep`);
  }
  return `${lines.join("\n")}\n`;
}
