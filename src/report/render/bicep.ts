import { relativeScope, type RoleAssignment, type RoleReport, type ScopePath, type ServiceReport } from "../roles.js";
import { bicepName, oneLine, reasonList, resourceSlots, type ResourceSlot } from "./resources.js";

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

function assignment(s: ServiceReport, slot: ResourceSlot, r: RoleAssignment, n: number, declared: Declared): string[] {
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
        `  name: guid(${target}.id, principalId, ${id})`,
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
        `  name: guid(${account}.id, principalId, ${str(r.role.id)}, ${str(relativeScope(r.scope))})`,
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
        `  name: guid(${account}.id, principalId, ${str(r.role.id)})`,
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
export function renderBicep(report: RoleReport): string {
  const relevant = (s: ServiceReport): boolean => s.roles.length > 0;
  // Database users are not ARM resources: their servers need no parameter.
  const slots = resourceSlots(report, (s) => s.roles.some((r) => !DATABASE_KINDS.has(r.role.assignment)));
  const lines = [HEADER];
  if (report.services.some((s) => s.roles.some((r) => r.role.assignment === "redis-access-policy"))) {
    lines.push("@description('A readable alias for the identity in Redis access policy assignments (default: the principal id).')", "param identityName string = ''", "");
  }
  for (const slot of slots.all) {
    const services = slot.services.map((s) => s.service).join(", ");
    const env = slot.services.map((s) => s.resource.endpointEnv).find((e) => e !== null);
    const hint = slot.name === null && env !== undefined ? `; the code reads its endpoint from ${env}` : "";
    lines.push(`@description(${str(`Name of the ${slot.kind.replace(/-/gu, " ")} (${services}${hint}).`)})`);
    lines.push(`param ${bicepName(slot)}Name string${slot.name === null ? "" : ` = ${str(slot.name)}`}`, "");
  }
  for (const slot of slots.all) {
    lines.push(`resource ${bicepName(slot)} ${str(`${slot.armType}@${slot.apiVersion}`)} existing = {`, `  name: ${bicepName(slot)}Name`, "}", "");
  }
  const declared: Declared = { lines: [], children: new Map() };
  const body: string[] = [];
  let n = 0;
  for (const s of report.services.filter(relevant)) {
    for (const r of s.roles.filter((x) => !DATABASE_KINDS.has(x.role.assignment))) {
      const slot = slots.of(s);
      const block = assignment(s, slot, r, n + 1, declared);
      if (block.length > 0) n++;
      body.push(...block);
    }
    body.push(...databaseComments(s));
    for (const c of s.controlPlane) body.push(`// Not granted: ${oneLine(c.operation)} (${oneLine(c.file)}:${String(c.line)}) is a control-plane operation; declare what it creates in Bicep instead.`);
  }
  lines.push(...declared.lines, ...body);
  if (report.services.filter(relevant).length === 0) lines.push("// No Azure SDK operation found: nothing to assign.");
  return `${lines.join("\n").trimEnd()}\n`;
}
