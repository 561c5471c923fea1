import { relativeScope, type Because, type RoleAssignment, type RoleReport, type ServiceReport } from "../roles.js";
import type { Runbook } from "../runbook.js";
import { renderRunbookMarkdown } from "./runbook-markdown.js";

/** Cells hold one line; a pipe would end the cell even inside a code span (GFM). */
const cell = (text: string): string => text.replace(/\r?\n/gu, " ").replace(/\|/gu, "\\|");
const code = (text: string): string => (text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``);
/** Mermaid labels sit in double quotes; entity codes keep them (and the HTML around them) intact. */
const mermaid = (text: string): string => text.replace(/&/gu, "#amp;").replace(/"/gu, "#quot;").replace(/</gu, "#lt;").replace(/>/gu, "#gt;");

const MAX_REASONS = 12;

function resourceLabel(s: ServiceReport): string {
  const kind = s.resource.kind.replace(/-/gu, " ");
  return s.resource.name === null ? `${kind} (name not in the code)` : `${kind} ${code(s.resource.name)}`;
}

/** Where the role applies, in the words of its assignment kind. */
function scopeLabel(s: ServiceReport, r: RoleAssignment): string {
  switch (r.role.assignment) {
    case "cosmos-sql-role":
      return `${code(relativeScope(r.scope))} (Cosmos DB role assignment scope)`;
    case "sql-contained-user":
    case "postgres-entra-principal":
    case "mysql-entra-principal": {
      const db = r.scope.at(-1)?.[1];
      return db === undefined ? "the database the app connects to" : `database ${code(db)}`;
    }
    case "redis-access-policy":
      return "the cache (access policy assignment)";
    case "arm-rbac": {
      const name = s.resource.name ?? `{${s.resource.kind}}`;
      const type = s.resource.armType.split("/").at(-1) ?? s.resource.armType;
      return code(`…/${type}/${name}${r.scope.map(([t, n]) => `/${t}/${n}`).join("")}`);
    }
  }
}

function roleLabel(r: RoleAssignment): string {
  const id = r.role.id === r.role.name ? "" : `<br>${code(r.role.id)}`;
  const flag = r.role.flag === undefined ? "" : `<br>⚠️ ${r.role.flag}`;
  return `**${r.role.name}**${id}${flag}`;
}

function reasons(because: readonly Because[]): string {
  const shown = because.slice(0, MAX_REASONS).map((b) => `${code(b.operation)} ${b.file}:${String(b.line)}${b.unknown ? " (not in the catalog: assumed)" : ""}`);
  if (because.length > MAX_REASONS) shown.push(`… and ${String(because.length - MAX_REASONS)} more`);
  return shown.join("<br>");
}

function serviceSection(s: ServiceReport): string[] {
  const lines = [`## ${s.label} (${code(s.service)})`, ""];
  if (s.roles.length > 0) {
    lines.push("| resource | role | scope | why |", "|---|---|---|---|");
    for (const r of s.roles) lines.push(`| ${cell(resourceLabel(s))} | ${cell(roleLabel(r))} | ${cell(scopeLabel(s, r))} | ${cell(reasons(r.because))} |`);
  } else {
    lines.push(`${resourceLabel(s)}: no role needed by the operations found.`);
  }
  lines.push("");
  if (s.controlPlane.length > 0) {
    lines.push("Control-plane operations (no data role can do them; not granted: create these in ARM/Bicep instead):", "");
    lines.push("| operation | where | role that could |", "|---|---|---|");
    for (const c of s.controlPlane) lines.push(`| ${cell(code(`${c.client}.${c.operation}`))} | ${cell(`${c.file}:${String(c.line)}`)} | ${cell(`${c.role.name}${c.role.flag === undefined ? "" : ` (⚠️ ${c.role.flag})`}`)} |`);
    lines.push("");
  }
  if (s.envVars.length > 0) {
    const value = s.resource.endpoint === null ? "" : ` = ${code(s.resource.endpoint)}`;
    lines.push(`Environment the migrated code expects: ${s.envVars.map(code).join(", ")}${value}.`);
  }
  if (s.removeEnvVars.length > 0) lines.push(`Remove once the code is keyless (they hold keys): ${s.removeEnvVars.map(code).join(", ")}.`);
  if (s.envVars.length > 0 || s.removeEnvVars.length > 0) lines.push("");
  if (s.notes.length > 0) {
    lines.push("Notes:", "");
    for (const n of s.notes) lines.push(`- ${n}`);
    lines.push("");
  }
  if (s.facts.length > 0) {
    lines.push("Good to know:", "");
    for (const n of s.facts) lines.push(`- ${n}`);
    lines.push("");
  }
  return lines;
}

function diagram(report: RoleReport): string[] {
  const lines = ["```mermaid", "flowchart LR", '  identity(["App identity<br/>$PRINCIPAL_ID"])'];
  report.services.forEach((s, i) => {
    const resource = `r${String(i)}`;
    lines.push(`  ${resource}["${mermaid(s.label)}<br/>${mermaid(s.resource.name ?? `(${s.resource.kind})`)}"]`);
    lines.push(`  identity --> ${resource}`);
    s.roles.forEach((r, j) => {
      const node = `${resource}_${String(j)}`;
      const where = r.scope.length === 0 ? "" : `<br/>${mermaid(r.scope.filter(([, n]) => n !== "default").map(([, n]) => n).join("/"))}`;
      lines.push(`  ${node}["${mermaid(r.role.name)}${where}"]`);
      lines.push(`  ${resource} --> ${node}`);
    });
    s.controlPlane.forEach((c, j) => {
      const node = `${resource}_cp${String(j)}`;
      lines.push(`  ${node}["${mermaid(`${c.operation}: control plane, not granted`)}"]`);
      lines.push(`  ${resource} -.-> ${node}`);
    });
  });
  lines.push("```");
  return lines;
}

/** `keyless report` (default format): a table per service, the environment, notes, and a Mermaid diagram. */
export function renderMarkdown(report: RoleReport, runbook?: Runbook): string {
  const assignments = report.services.reduce((n, s) => n + s.roles.length, 0);
  const lines = ["# Least-privilege roles (keyless report)", ""];
  if (report.services.length === 0) {
    lines.push(`No Azure SDK client was found in ${String(report.stats.files)} files: no role to assign.`, "");
  } else {
    lines.push(
      `The roles the application's identity needs, inferred from the operations the code calls: ${String(report.services.length)} resources, ${String(assignments)} role assignments, from ${String(report.stats.files)} files.`,
      "Assign them to the app's managed identity: `keyless report --format az` writes the commands, `--format bicep` a Bicep module.",
      "",
      "| service | resource | roles |",
      "|---|---|---|",
    );
    for (const s of report.services) {
      const roles = s.roles.map((r) => r.role.name).join(", ") || "none";
      lines.push(`| ${cell(s.label)} | ${cell(s.resource.name === null ? "(not in the code)" : code(s.resource.name))} | ${cell(roles)} |`);
    }
    lines.push("");
    for (const s of report.services) lines.push(...serviceSection(s));
    lines.push("## Identity → resource → role", "", ...diagram(report), "");
    lines.push(
      "## Environment",
      "",
      "- `AZURE_CLIENT_ID`: only with a user-assigned identity, its client id (DefaultAzureCredential reads it). Remove `AZURE_CLIENT_SECRET` and `AZURE_TENANT_ID` from the app: DefaultAzureCredential tries them before the managed identity.",
    );
    const listed = new Set<string>();
    for (const s of report.services) {
      for (const v of s.envVars) {
        const line = `- ${code(v)}: the ${s.label} endpoint${s.resource.endpoint === null ? "" : ` (${code(s.resource.endpoint)})`}.`;
        if (!listed.has(line)) lines.push(line);
        listed.add(line);
      }
    }
    const retired = [...new Set(report.services.flatMap((s) => s.removeEnvVars))].sort();
    if (retired.length > 0) lines.push(`- Remove once the code is keyless, they hold keys: ${retired.map(code).join(", ")}.`);
    lines.push("");
  }
  if (runbook) lines.push(...renderRunbookMarkdown(runbook));
  if (report.errors.length > 0) {
    lines.push("## Files not analysed", "");
    for (const e of report.errors) lines.push(`- ${e.file}: ${e.message}`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
