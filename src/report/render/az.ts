import { isSwitch, USER_ASSIGNED_IDENTITY, type RotationStep } from "../../catalog/lockdown.js";
import { relativeScope, type RoleAssignment, type RoleReport, type ServiceReport } from "../roles.js";
import { fillTemplate, type Runbook } from "../runbook.js";
import { oneLine, reasonList, resourceSlots, shellName, slotOfResource, type ResourceSlot, type Slots } from "./resources.js";

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

/** `keyless report --format az`: a bash script; `bash -n` and shellcheck clean. With a runbook: one function per step. */
export function renderAz(report: RoleReport, runbook?: Runbook): string {
  const roleServices = report.services.filter((s) => s.roles.length > 0 || s.controlPlane.length > 0);
  const slots = runbook
    ? resourceSlots(
        report,
        (s) => s.roles.length > 0 || s.controlPlane.length > 0 || (runbook.steps.lockdown && runbook.lockdowns.some((l) => l.services.includes(s.service))),
        runbook.steps.rotation || runbook.steps.lockdown ? runbook.extraResources : [],
      )
    : resourceSlots(report, (s) => s.roles.length > 0 || s.controlPlane.length > 0);
  const sections = roleServices.map((s) => serviceSection(s, slots.of(s)));
  const lines = [runbook ? RUNBOOK_HEADER : HEADER];
  const stepNames = runbook ? ["roles", "cleanup", ...(runbook.steps.rotation ? ["rotate"] : []), ...(runbook.steps.lockdown ? ["lockdown"] : [])] : [];
  if (runbook) lines.push(stepDispatch(stepNames));
  if (!runbook?.identity) {
    const check = ': "${PRINCIPAL_ID:?set PRINCIPAL_ID to the object (principal) id of the managed identity the app runs as}"';
    if (!runbook) lines.push(check);
  }
  lines.push(
    ': "${SUBSCRIPTION_ID:?set SUBSCRIPTION_ID to the subscription of the resources}"',
    ': "${RESOURCE_GROUP:?set RESOURCE_GROUP to the resource group of the resources}"',
  );
  const identity = runbook?.identity ?? null;
  if (identity?.host) lines.push(`: "\${HOST_NAME:?${word(`set HOST_NAME to the name of the ${identity.host.label} the app runs on`)}}"`);
  if (identity?.kind === "user") lines.push(`IDENTITY_NAME="\${IDENTITY_NAME:-${identity.host ? "id-$HOST_NAME" : "id-keyless-app"}}"`);
  else if (identity?.kind === "system" && identity.host) lines.push('IDENTITY_NAME="${IDENTITY_NAME:-$HOST_NAME}"  # a system-assigned identity is named after its host');
  if (!identity && sections.some((s) => s.needsIdentityName)) {
    lines.push(': "${IDENTITY_NAME:?set IDENTITY_NAME to the display name of the managed identity (the database user name)}"');
  }
  lines.push("");
  for (const slot of slots.all) {
    const v = shellName(slot);
    const users = slot.services.length > 0 ? slot.services.map((s) => s.service).join(", ") : "named by an exposed secret";
    if (slot.name !== null) {
      lines.push(`${v}="\${${v}:-${dq(slot.name)}}"  # ${oneLine(users)}`);
    } else {
      const env = slot.services.map((s) => s.resource.endpointEnv).find((e) => e !== null);
      const hint = env === undefined ? "" : ` (the code reads its endpoint from ${env})`;
      lines.push(`${v}="\${${v}:?${word(`set ${v} to the ${slot.kind.replace(/-/gu, " ")} name${hint}`)}}"  # ${oneLine(users)}`);
    }
  }
  if (slots.all.length > 0) lines.push("");
  const roleLines: string[] = [];
  if (sections.length === 0) roleLines.push("# No Azure SDK operation found: nothing to assign.", "");
  for (const s of sections) roleLines.push(...s.lines);
  if (!runbook) {
    lines.push(...roleLines);
  } else {
    const ctx: StepContext = { slots, lines: [] };
    lines.push(...stepFunction("roles", "1. The identity and its role assignments.", [...identityLines(runbook, !identity), ...roleLines]));
    lines.push(...stepFunction("cleanup", "2. After deploying the migrated code: remove the settings that held secrets.", cleanupLines(runbook, report)));
    if (runbook.steps.rotation) lines.push(...stepFunction("rotate", "3. Rotate every exposed secret (the code no longer needs any of them).", rotateLines(runbook, ctx)));
    if (runbook.steps.lockdown) lines.push(...stepFunction("lockdown", "4. Switch key-based access off and assign the built-in policies (run the check first).", lockdownLines(runbook, ctx)));
    lines.push('"step_$STEP"');
  }
  for (const e of report.errors) lines.push(`# Not analysed: ${oneLine(e.file)}: ${oneLine(e.message)}`);
  return `${lines.join("\n").trimEnd()}\n`;
}

// ---- the runbook steps -----------------------------------------------------------------------------------------------

const RUNBOOK_HEADER = `#!/usr/bin/env bash
# The operator runbook for the app's move to managed identity, written by \`keyless report --format az\` from the
# code: run one step at a time, in order (see the Operator runbook in \`keyless report --format markdown\`):
#
#   SUBSCRIPTION_ID=<id> RESOURCE_GROUP=<name> bash <this file> roles      # 1. identity + role assignments
#   (deploy the migrated code)
#   SUBSCRIPTION_ID=<id> RESOURCE_GROUP=<name> bash <this file> cleanup    # 2. remove the old secret settings
#   SUBSCRIPTION_ID=<id> RESOURCE_GROUP=<name> bash <this file> rotate     # 3. rotate every exposed secret
#   SUBSCRIPTION_ID=<id> RESOURCE_GROUP=<name> bash <this file> lockdown   # 4. keys off, policies on
#
# Resource names default to the ones the code reveals; set the variables below to override them.
# No secret is in this file: commands that need one read it from a variable you set.
set -euo pipefail
`;

const stepDispatch = (names: readonly string[]): string => `STEP="\${1:-roles}"
case "$STEP" in
  ${names.join(" | ")}) ;;
  *)
    echo "usage: bash $0 [${names.join("|")}]" >&2
    exit 2
    ;;
esac
`;

/** Variables a command needs from the operator, and what to tell them. */
const INPUTS: Readonly<Record<string, string>> = {
  NEW_PASSWORD: "set NEW_PASSWORD to the new password (never commit it)",
  ENTRA_APP_ID: "set ENTRA_APP_ID to the application (client) id of the app registration whose secret leaked",
  LEAKED_KEY_ID: "set LEAKED_KEY_ID to the keyId of the leaked secret (from the list above)",
  LEAKED_QUERY_KEY: "set LEAKED_QUERY_KEY to the leaked query key value",
  APPCONFIG_KEY_ID: "set APPCONFIG_KEY_ID to the id of the leaked key (from the list above)",
  ENTRA_ADMIN_NAME: "set ENTRA_ADMIN_NAME to the display name of the Microsoft Entra admin group",
  ENTRA_ADMIN_OBJECT_ID: "set ENTRA_ADMIN_OBJECT_ID to the object id of the Microsoft Entra admin group",
  MYSQL_SERVER_IDENTITY: "set MYSQL_SERVER_IDENTITY to the user-assigned identity the MySQL server reads Microsoft Graph with",
};

interface StepContext {
  readonly slots: Slots;
  readonly lines: string[];
}

function stepFunction(name: string, title: string, body: readonly string[]): string[] {
  // Here-documents stay at column 0: their terminator must start the line.
  let inHeredoc = false;
  const inner = body.map((l) => {
    if (inHeredoc) {
      if (l === "KEYLESS_SQL") inHeredoc = false;
      return l;
    }
    if (l.endsWith("<<KEYLESS_SQL")) inHeredoc = true;
    return l === "" ? "" : `  ${l}`;
  });
  // A body of comments only is a syntax error in bash: give it a command.
  if (!inner.some((l) => l.trim() !== "" && !l.trim().startsWith("#"))) inner.push("  :");
  while (inner.at(-1) === "") inner.pop();
  return [`# ${title}`, `step_${name}() {`, ...inner, "}", ""];
}

/** The shell words a catalog template's placeholders become. */
function shellValues(slot: ResourceSlot | undefined, extra: Readonly<Record<string, string>> = {}, clientIdEnv = "AZURE_CLIENT_ID"): Record<string, string> {
  const v = slot ? shellName(slot) : "RESOURCE_NAME";
  return {
    rg: '"$RESOURCE_GROUP"',
    name: `"$${v}"`,
    host: '"$HOST_NAME"',
    identity: '"$IDENTITY_NAME"',
    identityId: '"$IDENTITY_ID"',
    clientId: '"$CLIENT_ID"',
    clientIdEnv,
    resourceId: slot ? `"/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RESOURCE_GROUP/providers/${dq(slot.armType)}/$${v}"` : '"$RESOURCE_ID"',
    ...extra,
  };
}

/** `: "${X:?…}"` for every operator input the command reads that was not checked yet in this step. */
function inputChecks(command: string, checked: Set<string>): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/\$(?<name>[A-Z][A-Z0-9_]*)/gu)) {
    const name = m.groups?.name ?? "";
    const message = INPUTS[name];
    if (message === undefined || checked.has(name)) continue;
    checked.add(name);
    out.push(`: "\${${name}:?${word(message)}}"`);
  }
  return out;
}

function stepLines(steps: readonly RotationStep[], values: Record<string, string>, checked: Set<string>): string[] {
  const out: string[] = [];
  for (const step of steps) {
    const text = step.text === "" ? [] : [`# ${oneLine(step.text)}${step.verified === false ? " (not verified against a Microsoft reference page)" : ""}`];
    if (step.command === undefined) {
      out.push(...text);
      continue;
    }
    const command = fillTemplate(step.command, values);
    if (step.optional || step.sql) {
      out.push(...text, `#   ${oneLine(command)}`);
      continue;
    }
    out.push(...text, ...inputChecks(command, checked), command);
  }
  return out;
}

function identityLines(runbook: Runbook, needPrincipal: boolean): string[] {
  const identity = runbook.identity;
  if (!identity || needPrincipal) {
    return ['# The identity exists already: give its object (principal) id.', ': "${PRINCIPAL_ID:?set PRINCIPAL_ID to the object (principal) id of the managed identity the app runs as}"', ""];
  }
  const v = shellValues(undefined, {}, identity.clientIdEnv);
  const env = identity.clientIdEnv;
  const host = identity.host;
  const out: string[] = [];
  if (identity.kind === "system") {
    if (!host) return out;
    out.push(`# System-assigned identity: turned on for the ${host.label}, it lives and dies with it.`, fillTemplate(host.az.assignSystem, v));
    out.push(`PRINCIPAL_ID="$(${fillTemplate(host.az.showPrincipalId, v)})"`, "");
    return out;
  }
  out.push(
    "# User-assigned identity: a resource of its own that the host (and others) can share.",
    fillTemplate(USER_ASSIGNED_IDENTITY.create, v),
    `PRINCIPAL_ID="$(${fillTemplate(USER_ASSIGNED_IDENTITY.showPrincipalId, v)})"`,
    `CLIENT_ID="$(${fillTemplate(USER_ASSIGNED_IDENTITY.showClientId, v)})"`,
  );
  if (host) {
    out.push(`IDENTITY_ID="$(${fillTemplate(USER_ASSIGNED_IDENTITY.showId, v)})"`, fillTemplate(host.az.assignUser, v));
    if (host.az.setClientId !== null) {
      out.push(`# The migrated code (keyless migrate --identity user) reads the identity's client id from ${env}.`, fillTemplate(host.az.setClientId, v));
    } else {
      out.push(`# A ${host.label} has no app settings: set ${env} in the app's ${host.settingsWord} (systemd unit, container env …).`, `echo "${env}=$CLIENT_ID"`);
    }
  } else {
    out.push(`# Attach the identity to the host the app runs on (keyless report --host …), and set ${env} there.`, `echo "${env}=$CLIENT_ID"`);
  }
  out.push("");
  return out;
}

const SETTING_NAME = /^[A-Za-z_]\w*$/u;

function cleanupLines(runbook: Runbook, report: RoleReport): string[] {
  const names = (runbook.identity?.removeSettings ?? [...new Set(report.services.flatMap((s) => s.removeEnvVars))].sort()).filter((n) => SETTING_NAME.test(n));
  if (names.length === 0) return ["# The code read no secret from a setting: nothing to remove."];
  const host = runbook.identity?.host ?? null;
  const out = [`# Settings that held secrets the migrated code no longer reads: ${names.join(", ")}.`];
  if (names.includes("AZURE_CLIENT_SECRET")) out.push("# AZURE_CLIENT_SECRET left in place would make DefaultAzureCredential sign in as the service principal, not the managed identity.");
  if (host?.az.deleteSettings) {
    out.push(fillTemplate(host.az.deleteSettings, { ...shellValues(undefined), settings: names.join(" ") }));
  } else {
    out.push(`# Remove them from the app's ${host?.settingsWord ?? "settings"} by hand:`, ...names.map((n) => `echo "remove ${n}"`));
  }
  return out;
}

function rotateLines(runbook: Runbook, ctx: StepContext): string[] {
  if (runbook.rotations.length === 0) return ["# No secret found in the code or its configuration files: nothing to rotate."];
  const out: string[] = [];
  const checked = new Set<string>();
  for (const item of runbook.rotations) {
    const slot = slotOfResource(ctx.slots, item.resource, item.secret.service ? [item.secret.service] : []);
    const where = [`${item.secret.file}:${String(item.secret.line)}`, ...item.alsoAt.map((a) => `${a.file}:${String(a.line)}`)];
    const history = item.secret.status === "history" ? ` (git history only, added in ${oneLine(item.secret.commit ?? "?")})` : "";
    out.push(`# ---- ${oneLine(item.secret.label)} ${oneLine(item.secret.redacted)} ${item.secret.fingerprint.slice(0, 15)} at ${oneLine(where.join(", "))}${history}`);
    out.push(`# rotate: ${oneLine(item.recipe.what)}${slot ? ` of $${shellName(slot)}` : ""}`);
    const extra: Record<string, string> = {
      rule: item.rule !== null ? `"${dq(item.rule)}"` : '"$SAS_POLICY_NAME"',
      entity: item.entity !== null ? `"${dq(item.entity)}"` : '"$ENTITY_NAME"',
    };
    out.push(...stepLines(item.recipe.steps, shellValues(slot, extra), checked));
    for (const trap of item.recipe.traps) out.push(`# ! ${oneLine(trap)}`);
    out.push("");
  }
  return out;
}

function lockdownLines(runbook: Runbook, ctx: StepContext): string[] {
  if (runbook.lockdowns.length === 0) return ["# No Azure resource found: nothing to switch off."];
  const out: string[] = [];
  const checked = new Set<string>();
  for (const item of runbook.lockdowns) {
    const slot = slotOfResource(ctx.slots, item.resource, item.services);
    const label = slot ? `$${shellName(slot)}` : (item.resource.name ?? item.resource.kind);
    if (!isSwitch(item.change)) {
      out.push(`# ---- ${item.resource.armType} ${label}: no switch. ${oneLine(item.change.none)}`, "");
      continue;
    }
    const values = shellValues(slot);
    out.push(`# ---- ${item.resource.armType} ${label}: turn off ${oneLine(item.change.what)}`);
    out.push(`# Check first: ${oneLine(item.change.check)}`);
    out.push(...stepLines(item.change.before, values, checked));
    out.push(...stepLines(item.change.az, values, checked));
    for (const c of item.change.caveats) out.push(`# ! ${oneLine(c)}`);
    if (item.change.policy) {
      const p = item.change.policy;
      out.push(
        `# Built-in policy "${oneLine(p.displayName)}" (default effect Audit; move it to Deny once the resource complies):`,
        `az policy assignment create --name ${dq(`keyless-${p.id.slice(0, 8)}`)}-"$${slot ? shellName(slot) : "RESOURCE_NAME"}" \\`,
        `  --display-name "${dq(p.displayName)}" \\`,
        `  --policy ${p.id} \\`,
        `  --scope ${values.resourceId ?? '"$RESOURCE_ID"'}`,
      );
      if (p.remediationId !== undefined) out.push(`# A Modify/DeployIfNotExists variant can enforce it: ${p.remediationId}`);
    } else {
      out.push("# No built-in Azure Policy checks this setting.");
    }
    out.push("");
  }
  return out;
}
