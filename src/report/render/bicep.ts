import { isSwitch, POLICY_ASSIGNMENTS_API, USER_ASSIGNED_IDENTITY } from "../../catalog/lockdown.js";
import { relativeScope, type RoleAssignment, type RoleReport, type ScopePath, type ServiceReport } from "../roles.js";
import type { IdentityPlan, Runbook } from "../runbook.js";
import { bicepName, oneLine, reasonList, resourceSlots, slotOfResource, type ResourceSlot, type Slots } from "./resources.js";

/** A Bicep string literal: `'…'` with `\`, `'` and `${` escaped. */
const str = (text: string): string => `'${text.replace(/\\/gu, "\\\\").replace(/'/gu, "\\'").replace(/\$\{/gu, "\\${")}'`;
/** The same text inside an interpolated string (`'${account.id}/dbs/…'`). */
const inner = (text: string): string => str(text).slice(1, -1);

const ROLE_ASSIGNMENTS_API = "2022-04-01";
const DATABASE_KINDS: ReadonlySet<string> = new Set(["sql-contained-user", "postgres-entra-principal", "mysql-entra-principal"]);

const HEADER = `// Least-privilege role assignments for the app's identity, written by \`keyless report --format bicep\` from the
// operations the code calls. Deploy it to the resource group that holds the resources, for example:
//   az deployment group create -g <resource group> -f <this file> -p principalId=<object id of the managed identity>
// The resources are referenced as \`existing\`: this module only adds role assignments.
targetScope = 'resourceGroup'

@description('Object (principal) id of the managed identity the app runs as.')
param principalId string
`;

interface Declared {
  readonly lines: string[];
  /** child scopes already declared: path key → symbolic name */
  readonly children: Map<string, string>;
}

/** `existing` child resources down to `scope`; returns the symbolic name of the innermost. */
function declareScope(slot: ResourceSlot, scope: ScopePath, declared: Declared): string {
  let parent = bicepName(slot);
  let type = slot.armType;
  let key = "";
  scope.forEach(([childType, name]) => {
    type = `${type}/${childType}`;
    key += `/${childType}/${name}`;
    let symbol = declared.children.get(key);
    if (symbol === undefined) {
      symbol = `${bicepName(slot)}Scope${String(declared.children.size + 1)}`;
      declared.children.set(key, symbol);
      declared.lines.push(`resource ${symbol} ${str(`${type}@${slot.apiVersion}`)} existing = {`, `  parent: ${parent}`, `  name: ${str(name)}`, "}", "");
    }
    parent = symbol;
  });
  return parent;
}

/** How the module names the principal: its value, and a deploy-time constant for guid() names (BCP120). */
interface Principal {
  readonly key: string;
}

function assignment(s: ServiceReport, slot: ResourceSlot, r: RoleAssignment, n: number, declared: Declared, principal: Principal): string[] {
  const account = bicepName(slot);
  const comment = [`// ${oneLine(s.label)}: ${oneLine(r.role.name)} (${reasonList(r.because)})`];
  if (r.because.some((b) => b.unknown)) comment.push("// (an operation keyless does not know: the role is a conservative guess, check it)");
  switch (r.role.assignment) {
    case "arm-rbac": {
      const target = declareScope(slot, r.scope, declared);
      const id = str(r.role.id);
      return [
        ...comment,
        `resource roleAssignment${String(n)} 'Microsoft.Authorization/roleAssignments@${ROLE_ASSIGNMENTS_API}' = {`,
        `  name: guid(${target}.id, ${principal.key}, ${id})`,
        `  scope: ${target}`,
        "  properties: {",
        `    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ${id})`,
        "    principalId: principalId",
        "    principalType: 'ServicePrincipal'",
        "  }",
        "}",
        "",
      ];
    }
    case "cosmos-sql-role": {
      // lockdown §3b: sqlRoleAssignments, scope = the account id, or below it /dbs/<db>[/colls/<container>].
      const below = r.scope.length === 0 ? "" : inner(relativeScope(r.scope));
      return [
        ...comment,
        `resource cosmosRoleAssignment${String(n)} 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@${slot.apiVersion}' = {`,
        `  parent: ${account}`,
        `  name: guid(${account}.id, ${principal.key}, ${str(r.role.id)}, ${str(relativeScope(r.scope))})`,
        "  properties: {",
        `    roleDefinitionId: '\${${account}.id}/sqlRoleDefinitions/${inner(r.role.id)}'`,
        "    principalId: principalId",
        `    scope: '\${${account}.id}${below}'`,
        "  }",
        "}",
        "",
      ];
    }
    case "redis-access-policy":
      // lockdown §1–2 Redis: Microsoft.Cache/redis/accessPolicyAssignments (objectId, objectIdAlias, accessPolicyName).
      return [
        ...comment,
        `resource redisAccessPolicy${String(n)} 'Microsoft.Cache/redis/accessPolicyAssignments@${slot.apiVersion}' = {`,
        `  parent: ${account}`,
        `  name: guid(${account}.id, ${principal.key}, ${str(r.role.id)})`,
        "  properties: {",
        `    accessPolicyName: ${str(r.role.id)}`,
        "    objectId: principalId",
        "    objectIdAlias: empty(identityName) ? principalId : identityName",
        "  }",
        "}",
        "",
      ];
    case "sql-contained-user":
    case "postgres-entra-principal":
    case "mysql-entra-principal":
      return [];
  }
}

/** §18–§20: no ARM resource creates a database user; the statements to run, as comments. */
function databaseComments(s: ServiceReport): string[] {
  const roles = s.roles.filter((r) => r.role.assignment === "sql-contained-user" || r.role.assignment === "postgres-entra-principal" || r.role.assignment === "mysql-entra-principal");
  if (roles.length === 0) return [];
  const db = roles.map((r) => r.scope.at(-1)?.[1]).find((x) => x !== undefined);
  const where = db === undefined ? "the app's database" : `database ${oneLine(db)}`;
  const lines = [`// ${oneLine(s.label)}: not an ARM role. Run as the server's Microsoft Entra admin, in ${where}:`];
  switch (roles[0]?.role.assignment) {
    case "sql-contained-user":
      lines.push("//   CREATE USER [<identity display name>] FROM EXTERNAL PROVIDER;", ...roles.map((r) => `//   ALTER ROLE ${oneLine(r.role.id)} ADD MEMBER [<identity display name>];`));
      break;
    case "postgres-entra-principal":
      lines.push(
        "//   select * from pg_catalog.pgaadauth_create_principal('<identity display name>', false, false);   -- in the postgres database",
        `//   GRANT CONNECT ON DATABASE ${db === undefined ? "<database>" : oneLine(db)} TO "<identity display name>";   -- then GRANT the table privileges it needs`,
      );
      break;
    default:
      lines.push("//   CREATE AADUSER '<identity display name>' IDENTIFIED BY '<client id>';   -- catalog.md §20: not verified", "//   GRANT SELECT, INSERT, UPDATE, DELETE ON <database>.* TO '<identity display name>';");
  }
  for (const r of roles) lines.push(`//   because: ${reasonList(r.because)}`);
  lines.push("");
  return lines;
}

/** `keyless report --format bicep`: a module of role assignments on existing resources, deterministic names. */
export function renderBicep(report: RoleReport, runbook?: Runbook): string {
  const relevant = (s: ServiceReport): boolean => s.roles.length > 0;
  // Database users are not ARM resources: their servers need no parameter (unless the lockdown step names them).
  const locked = (s: ServiceReport): boolean => (runbook?.steps.lockdown === true && runbook.lockdowns.some((l) => l.services.includes(s.service)));
  const slots = resourceSlots(report, (s) => s.roles.some((r) => !DATABASE_KINDS.has(r.role.assignment)) || locked(s), runbook?.steps.lockdown ? runbook.extraResources : []);
  const identity = runbook?.identity ?? null;
  const lines = [identity ? identityHeader(identity) : HEADER];
  const principal: Principal = identity === null ? { key: "principalId" } : identity.kind === "system" ? { key: "appHost.id" } : { key: "identity.id" };
  if (identity?.kind !== "user" && report.services.some((s) => s.roles.some((r) => r.role.assignment === "redis-access-policy"))) {
    lines.push("@description('A readable alias for the identity in Redis access policy assignments (default: the principal id).')", "param identityName string = ''", "");
  }
  if (runbook?.steps.lockdown && runbook.lockdowns.some((l) => isSwitch(l.change))) {
    lines.push("@description('Step 4 of the runbook: deploy again with lockdown=true once nothing uses keys any more.')", "param lockdown bool = false", "");
  }
  for (const slot of slots.all) {
    const services = slot.services.length > 0 ? slot.services.map((s) => s.service).join(", ") : "named by an exposed secret";
    const env = slot.services.map((s) => s.resource.endpointEnv).find((e) => e !== null);
    const hint = slot.name === null && env !== undefined ? `; the code reads its endpoint from ${env}` : "";
    lines.push(`@description(${str(`Name of the ${slot.kind.replace(/-/gu, " ")} (${services}${hint}).`)})`);
    lines.push(`param ${bicepName(slot)}Name string${slot.name === null ? "" : ` = ${str(slot.name)}`}`, "");
  }
  if (identity) lines.push(...identityResources(identity));
  for (const slot of slots.all) {
    lines.push(`resource ${bicepName(slot)} ${str(`${slot.armType}@${slot.apiVersion}`)} existing = {`, `  name: ${bicepName(slot)}Name`, "}", "");
  }
  const declared: Declared = { lines: [], children: new Map() };
  const body: string[] = [];
  let n = 0;
  for (const s of report.services.filter(relevant)) {
    for (const r of s.roles.filter((x) => !DATABASE_KINDS.has(x.role.assignment))) {
      const slot = slots.of(s);
      const block = assignment(s, slot, r, n + 1, declared, principal);
      if (block.length > 0) n++;
      body.push(...block);
    }
    body.push(...databaseComments(s));
    for (const c of s.controlPlane) body.push(`// Not granted: ${oneLine(c.operation)} (${oneLine(c.file)}:${String(c.line)}) is a control-plane operation; declare what it creates in Bicep instead.`);
  }
  lines.push(...declared.lines, ...body);
  if (report.services.filter(relevant).length === 0) lines.push("// No Azure SDK operation found: nothing to assign.");
  if (runbook?.steps.rotation) lines.push("", ...rotationPointer(runbook));
  if (runbook?.steps.lockdown) lines.push("", ...lockdownResources(runbook, slots));
  if (identity?.kind === "user") {
    lines.push(
      "",
      "output identityPrincipalId string = identity.properties.principalId",
      `@description('Set it as ${identity.clientIdEnv} where the app runs: the migrated code (keyless migrate --identity user) reads it.')`,
      "output identityClientId string = identity.properties.clientId",
      "output identityResourceId string = identity.id",
    );
  }
  return `${lines.join("\n").replace(/\n{3,}/gu, "\n\n").trimEnd()}\n`;
}

// ---- identity ---------------------------------------------------------------------------------------------------------

function identityHeader(identity: IdentityPlan): string {
  const deploy =
    identity.kind === "system"
      ? "az deployment group create -g <resource group> -f <this file> -p hostName=<name of the host>"
      : "az deployment group create -g <resource group> -f <this file> -p identityName=<name of the identity to create>";
  return `// The app's managed identity and its least-privilege role assignments, written by \`keyless report --format bicep\`
// from the operations the code calls. Deploy it to the resource group that holds the resources, for example:
//   ${deploy}
// The resources are referenced as \`existing\`: this module adds role assignments${identity.kind === "user" ? " and the identity" : ""}, and with lockdown=true
// the child resources and policy assignments of step 4; properties of the resources themselves are shown as comments.
targetScope = 'resourceGroup'
`;
}

function identityBlock(type: string, user: boolean): string[] {
  return user ? ["identity: {", `  type: '${type}'`, "  userAssignedIdentities: { '${identity.id}': {} }", "}"] : ["identity: {", `  type: '${type}'`, "}"];
}

function identityResources(identity: IdentityPlan): string[] {
  const host = identity.host;
  const out: string[] = [];
  if (identity.kind === "system") {
    if (!host) return out;
    out.push(
      `@description(${str(`Name of the ${host.label} the app runs on: its system-assigned identity gets the roles.`)})`,
      "param hostName string",
      "",
      `// A system-assigned identity lives and dies with its host. Turn it on in the host's own Bicep definition`,
      "// (an `existing` reference cannot change it, and a declaration here with only the identity would overwrite the",
      "// rest of its configuration):",
      ...identityBlock("SystemAssigned", false).map((l) => `//   ${l}`),
      `// or with: ${host.az.assignSystem.replace("{rg}", "<resource group>").replace("{host}", "<host name>")}`,
      `resource appHost ${str(`${host.armType}@${host.apiVersion}`)} existing = {`,
      "  name: hostName",
      "}",
      "",
      "var principalId = appHost.identity.principalId",
      "",
    );
    return out;
  }
  out.push(
    "@description('Name of the user-assigned managed identity to create.')",
    `param identityName string = 'id-keyless-app'`,
    "",
    "@description('Location of the identity.')",
    "param location string = resourceGroup().location",
    "",
    "// A user-assigned identity is a resource of its own: several hosts can share it; the code names it by client id.",
    `resource identity ${str(`${USER_ASSIGNED_IDENTITY.armType}@${USER_ASSIGNED_IDENTITY.apiVersion}`)} = {`,
    "  name: identityName",
    "  location: location",
    "}",
    "",
    "var principalId = identity.properties.principalId",
    "",
  );
  if (host) {
    out.push(
      `// Attach it to the ${host.label} in the host's own Bicep definition (an \`existing\` reference cannot change it):`,
      `//   resource appHost '${host.armType}@${host.apiVersion}' = {`,
      ...identityBlock(host.userAssignedType, true).map((l) => `//     ${l}`),
      host.bicepSetting !== null
        ? `//     // and in ${host.bicepSetting}: { name: '${identity.clientIdEnv}', value: identity.properties.clientId }`
        : `//     // and ${identity.clientIdEnv}=<identityClientId> in the app's ${host.settingsWord}`,
      "//   }",
      `// or with: ${host.az.assignUser.replace("{rg}", "<resource group>").replace("{host}", "<host name>").replace("{identityId}", "<identityResourceId>")}`,
      "",
    );
  } else {
    out.push(`// Attach it to the host the app runs on and set ${identity.clientIdEnv} there (keyless report --host … writes how).`, "");
  }
  return out;
}

// ---- steps 3 and 4 ---------------------------------------------------------------------------------------------------

function rotationPointer(runbook: Runbook): string[] {
  if (runbook.rotations.length === 0) return [];
  const out = ["// Step 3, rotating the exposed secrets, is not a deployment: `keyless report --format az --rotation` writes the commands."];
  for (const r of runbook.rotations) out.push(`//   ${oneLine(r.secret.label)} ${oneLine(r.secret.redacted)} ${r.secret.fingerprint.slice(0, 15)} (${oneLine(r.secret.file)}:${String(r.secret.line)}): ${oneLine(r.recipe.what)}`);
  out.push("");
  return out;
}

function lockdownResources(runbook: Runbook, slots: Slots): string[] {
  const out: string[] = [];
  let n = 0;
  for (const item of runbook.lockdowns) {
    const slot = slotOfResource(slots, item.resource, item.services);
    if (!slot) continue;
    const symbol = bicepName(slot);
    const change = item.change;
    if (!isSwitch(change)) {
      out.push(`// Step 4, ${item.resource.armType} ${symbol}: no switch. ${oneLine(change.none)}`, "");
      continue;
    }
    n++;
    out.push(`// Step 4, ${item.resource.armType} ${symbol}: turn off ${oneLine(change.what)} (${oneLine(change.source)}).`);
    out.push(`// Check first: ${oneLine(change.check)}`);
    for (const b of change.before) out.push(`// First: ${oneLine(b.text)}`);
    for (const c of change.caveats) out.push(`// Note: ${oneLine(c)}`);
    if (change.change.kind === "child") {
      const c = change.change;
      out.push(
        `resource lockdown${String(n)} ${str(`${item.resource.armType}/${c.type}@${c.apiVersion}`)} = if (lockdown) {`,
        `  parent: ${symbol}`,
        `  name: ${str(c.name)}`,
        "  properties: {",
        ...c.bicep.map((l) => `    ${l}`),
        "  }",
        "}",
      );
    } else {
      const c = change.change;
      out.push("// `existing` cannot change a property: add it to the resource's own Bicep definition (a declaration here with only", "// this property would overwrite the rest of its configuration), or run the az script's lockdown step:");
      if (c.on) {
        out.push(
          `//   resource ${symbol}Database '${item.resource.armType}/${c.on.type}@${change.apiVersion}' = {`,
          `//     parent: ${symbol}`,
          `//     name: '${c.on.name}'`,
        );
      } else {
        out.push(`//   resource ${symbol} '${item.resource.armType}@${change.apiVersion}' = {`, `//     name: ${symbol}Name`);
      }
      out.push("//     properties: {", ...c.bicep.map((l) => `//       ${l}`), "//     }", "//   }");
    }
    if (change.policy) {
      const p = change.policy;
      out.push(
        `// Built-in policy, effect Audit by default: set its effect to Deny once ${symbol} complies.`,
        `resource lockdownPolicy${String(n)} 'Microsoft.Authorization/policyAssignments@${POLICY_ASSIGNMENTS_API}' = if (lockdown) {`,
        `  name: guid(${symbol}.id, ${str(p.id)})`,
        `  scope: ${symbol}`,
        "  properties: {",
        `    displayName: ${str(p.displayName)}`,
        `    policyDefinitionId: ${str(`/providers/Microsoft.Authorization/policyDefinitions/${p.id}`)}`,
        "  }",
        "}",
      );
    } else {
      out.push("// No built-in Azure Policy checks this setting.");
    }
    out.push("");
  }
  return out;
}
