import { relativeScope, type RoleAssignment, type RoleReport, type ServiceReport } from "../roles.js";
import { oneLine, reasonList, resourceSlots, shellName, type ResourceSlot } from "./resources.js";

/** Text inside double quotes: `\`, `"`, `$` and backquotes escaped. */
const dq = (text: string): string => text.replace(/[\\"$`]/gu, "\\$&");
/** The message word of `${VAR:?message}`: no quote, brace, dollar or backslash can end or change the expansion. */
const word = (text: string): string => oneLine(text).replace(/['"`$}\\]/gu, "");
/** Text inside an unquoted here-document: `\`, `$` and backquotes escaped. */
const heredoc = (text: string): string => text.replace(/[\\$`]/gu, "\\$&");
/** A T-SQL identifier or PostgreSQL string piece the script writes (closing brackets and quotes doubled). */
const sqlName = (text: string): string => text.replace(/\]/gu, "]]").replace(/'/gu, "''");

const HEADER = `#!/usr/bin/env bash
# Least-privilege role assignments for the app's identity, written by \`keyless report --format az\` from the
# operations the code calls. Review, then run:
#
#   PRINCIPAL_ID=<object id of the managed identity> SUBSCRIPTION_ID=<id> RESOURCE_GROUP=<name> bash <this file>
#
# Resource names default to the ones the code reveals; set the variables below to override them.
set -euo pipefail
`;

interface Section {
  readonly lines: string[];
  readonly needsIdentityName: boolean;
}

function armAssignment(slot: ResourceSlot, r: RoleAssignment): string[] {
  const children = r.scope.map(([t, n]) => `/${dq(t)}/${dq(n)}`).join("");
  return [
    "az role assignment create \\",
    '  --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \\',
    `  --role ${r.role.id} \\`,
    `  --scope "/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RESOURCE_GROUP/providers/${slot.armType}/$${shellName(slot)}${children}"`,
  ];
}

function serviceSection(s: ServiceReport, slot: ResourceSlot): Section {
  const v = shellName(slot);
  const lines = [`# ---- ${oneLine(s.label)} (${s.service}): ${s.resource.kind.replace(/-/gu, " ")} $${v}`];
  let needsIdentityName = false;
  if (s.roles.length === 0) lines.push("# No role needed by the operations found.");
  for (const r of s.roles) {
    lines.push(`# ${oneLine(r.role.name)}: ${reasonList(r.because)}`);
    if (r.because.some((b) => b.unknown)) lines.push("#   (an operation keyless does not know: the role is a conservative guess, check it)");
    switch (r.role.assignment) {
      case "arm-rbac":
        lines.push(...armAssignment(slot, r));
        break;
      case "cosmos-sql-role":
        // §8: Cosmos data roles are its own SQL role assignments, not Azure RBAC.
        lines.push(
          "az cosmosdb sql role assignment create --subscription \"$SUBSCRIPTION_ID\" \\",
          `  --resource-group "$RESOURCE_GROUP" --account-name "$${v}" \\`,
          `  --role-definition-id ${r.role.id} \\`,
          `  --principal-id "$PRINCIPAL_ID" --scope "${dq(relativeScope(r.scope))}"`,
        );
        break;
      case "redis-access-policy":
        // §21: a data-access policy assignment on the cache.
        lines.push(
          "az redis access-policy-assignment create --subscription \"$SUBSCRIPTION_ID\" \\",
          `  --resource-group "$RESOURCE_GROUP" --name "$${v}" \\`,
          '  --policy-assignment-name "keyless-$PRINCIPAL_ID" \\',
          `  --access-policy-name "${dq(r.role.id)}" \\`,
          '  --object-id "$PRINCIPAL_ID" --object-id-alias "${IDENTITY_NAME:-$PRINCIPAL_ID}"',
        );
        break;
      case "sql-contained-user":
      case "postgres-entra-principal":
      case "mysql-entra-principal":
        break;
    }
  }
  const database = databaseStatements(s, v);
  if (database.length > 0) {
    needsIdentityName = true;
    lines.push(...database);
  }
  for (const c of s.controlPlane) lines.push(`# Not granted: ${c.operation} (${c.file}:${String(c.line)}) is a control-plane operation; do it in ARM/Bicep.`);
  lines.push("");
  return { lines, needsIdentityName };
}

/** §18–§20: database principals are created in the database, by its Microsoft Entra admin: printed, not run. */
function databaseStatements(s: ServiceReport, v: string): string[] {
  const roles = s.roles.filter((r) => r.role.assignment === "sql-contained-user" || r.role.assignment === "postgres-entra-principal" || r.role.assignment === "mysql-entra-principal");
  if (roles.length === 0) return [];
  const db = roles.map((r) => r.scope.at(-1)?.[1]).find((n) => n !== undefined);
  const user = "${IDENTITY_NAME}";
  const out: string[] = [];
  const assignment = roles[0]?.role.assignment;
  if (assignment === "sql-contained-user") {
    out.push(
      `# Run as the server's Microsoft Entra admin in ${db === undefined ? "the app's database" : `database ${oneLine(db)}`} (sqlcmd, Azure Data Studio …);`,
      "# this script only prints the statements.",
      "cat <<KEYLESS_SQL",
      `-- Azure SQL Database: server $${v}.database.windows.net${db === undefined ? "" : `, database ${heredoc(oneLine(db))}`}`,
      `CREATE USER [${user}] FROM EXTERNAL PROVIDER;`,
      ...roles.map((r) => `ALTER ROLE ${heredoc(r.role.id)} ADD MEMBER [${user}];`),
      "KEYLESS_SQL",
    );
  } else if (assignment === "postgres-entra-principal") {
    const grantDb = db === undefined ? "<database>" : `"${heredoc(sqlName(db))}"`;
    out.push(
      "# Run as a Microsoft Entra admin of the server, connected to the postgres database (psql …);",
      "# this script only prints the statements.",
      "cat <<KEYLESS_SQL",
      `-- Azure Database for PostgreSQL: server $${v}.postgres.database.azure.com`,
      `select * from pg_catalog.pgaadauth_create_principal('${user}', false, false);`,
      `GRANT CONNECT ON DATABASE ${grantDb} TO "${user}";`,
      "-- then, in that database, GRANT the table privileges the app needs (SELECT, INSERT, UPDATE, DELETE …).",
      "KEYLESS_SQL",
    );
  } else {
    const onDb = db === undefined ? "<database>" : `\\\`${heredoc(db.replace(/`/gu, "``"))}\\\``;
    out.push(
      "# Run as the server's Microsoft Entra admin (mysql …); this script only prints the statements.",
      "# catalog.md §20: CREATE AADUSER is not verified against the current MySQL docs.",
      "cat <<KEYLESS_SQL",
      `-- Azure Database for MySQL: server $${v}.mysql.database.azure.com`,
      `CREATE AADUSER '${user}' IDENTIFIED BY '\${AZURE_CLIENT_ID:-<client id of the identity>}';`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${onDb}.* TO '${user}';`,
      "KEYLESS_SQL",
    );
  }
  return out;
}

/** `keyless report --format az`: a bash script; `bash -n` and shellcheck clean. */
export function renderAz(report: RoleReport): string {
  const slots = resourceSlots(report, (s) => s.roles.length > 0 || s.controlPlane.length > 0);
  const sections = report.services.filter((s) => s.roles.length > 0 || s.controlPlane.length > 0).map((s) => serviceSection(s, slots.of(s)));
  const lines = [HEADER];
  lines.push(
    ': "${PRINCIPAL_ID:?set PRINCIPAL_ID to the object (principal) id of the managed identity the app runs as}"',
    ': "${SUBSCRIPTION_ID:?set SUBSCRIPTION_ID to the subscription of the resources}"',
    ': "${RESOURCE_GROUP:?set RESOURCE_GROUP to the resource group of the resources}"',
  );
  if (sections.some((s) => s.needsIdentityName)) {
    lines.push(': "${IDENTITY_NAME:?set IDENTITY_NAME to the display name of the managed identity (the database user name)}"');
  }
  lines.push("");
  for (const slot of slots.all) {
    const v = shellName(slot);
    const users = slot.services.map((s) => s.service).join(", ");
    if (slot.name !== null) {
      lines.push(`${v}="\${${v}:-${dq(slot.name)}}"  # ${users}`);
    } else {
      const env = slot.services.map((s) => s.resource.endpointEnv).find((e) => e !== null);
      const hint = env === undefined ? "" : ` (the code reads its endpoint from ${env})`;
      lines.push(`${v}="\${${v}:?${word(`set ${v} to the ${slot.kind.replace(/-/gu, " ")} name${hint}`)}}"  # ${users}`);
    }
  }
  if (slots.all.length > 0) lines.push("");
  if (sections.length === 0) lines.push("# No Azure SDK operation found: nothing to assign.", "");
  for (const s of sections) lines.push(...s.lines);
  for (const e of report.errors) lines.push(`# Not analysed: ${oneLine(e.file)}: ${oneLine(e.message)}`);
  return `${lines.join("\n").trimEnd()}\n`;
}
