/**
 * The "Operator runbook" section of the Markdown report: the four steps of lockdown §0 in order, each with the
 * commands this code calls for, and the check to run before keys go off. Commands carry `<placeholders>` where the
 * code does not name a value; they never carry a secret (values are redacted, inputs are variables).
 */
import { isSwitch, USER_ASSIGNED_IDENTITY, type RotationStep } from "../../catalog/lockdown.js";
import { fillTemplate, type RotationItem, type Runbook, type RunbookResource } from "../runbook.js";

const cell = (text: string): string => text.replace(/\r?\n/gu, " ").replace(/\|/gu, "\\|");
const code = (text: string): string => (text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``);

function values(resource: RunbookResource | null, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const name = resource?.name ?? `<${resource?.kind ?? "resource"}-name>`;
  return {
    rg: "<resource-group>",
    name,
    host: "<app-name>",
    identity: "<identity-name>",
    identityId: "<identity-resource-id>",
    clientId: "<identity-client-id>",
    resourceId: resource ? `/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/${resource.armType}/${name}` : "<resource-id>",
    ...extra,
  };
}

function commandBlock(steps: readonly RotationStep[], vals: Record<string, string>): string[] {
  const out: string[] = [];
  const shell: string[] = [];
  for (const s of steps) {
    const note = s.text === "" ? "" : `# ${s.optional ? "(if it applies) " : ""}${s.text}${s.verified === false ? " (not verified against a Microsoft reference page)" : ""}`;
    if (s.command === undefined) {
      if (note) shell.push(note);
      continue;
    }
    if (note) shell.push(note);
    shell.push(`${s.sql ? "-- SQL: " : ""}${fillTemplate(s.command, vals)}`);
  }
  if (shell.length > 0) out.push("```sh", ...shell, "```");
  return out;
}

function resourceText(r: RunbookResource | null, from: RotationItem["resourceFrom"]): string {
  if (!r) return "not an Azure resource keyless knows";
  const what = `${r.kind.replace(/-/gu, " ")} ${r.name === null ? "(name not in the code)" : code(r.name)}`;
  return from === "code" ? `${what} (the one the code uses)` : from === "ambiguous" ? `${what}: one of several the code uses` : what;
}

export function renderRunbookMarkdown(runbook: Runbook): string[] {
  const lines = ["## Operator runbook", ""];
  lines.push(
    "Moving the code is half the migration: the keys that were in it still work, still sit in git history and forks, and the services still accept them. Do these four steps in order.",
    "",
  );

  // 1. identity and roles
  lines.push("### 1. Create the identity and its role assignments", "");
  const identity = runbook.identity;
  if (!identity) {
    lines.push(
      "Pick the identity: `keyless report --identity system|user --host appservice|functionapp|containerapp|vm` writes the commands for it. A system-assigned identity lives and dies with its host; a user-assigned one is a resource of its own that several hosts can share, and the code names it by client id (`AZURE_CLIENT_ID`).",
      "",
    );
  } else {
    const v = values(null);
    const host = identity.host;
    const sh: string[] = [];
    if (identity.kind === "system") {
      lines.push(`A **system-assigned** identity on the ${host?.label ?? "host"}: it lives and dies with it, and needs no setting in the app.`, "");
      if (host) sh.push(fillTemplate(host.az.assignSystem, v), `PRINCIPAL_ID="$(${fillTemplate(host.az.showPrincipalId, v)})"`);
    } else {
      lines.push(
        `A **user-assigned** identity${host ? ` attached to the ${host.label}` : ""}: a resource of its own; the migrated code (\`keyless migrate --identity user\`) finds it through \`${identity.clientIdEnv}\`.`,
        "",
      );
      sh.push(
        fillTemplate(USER_ASSIGNED_IDENTITY.create, v),
        `PRINCIPAL_ID="$(${fillTemplate(USER_ASSIGNED_IDENTITY.showPrincipalId, v)})"`,
        `CLIENT_ID="$(${fillTemplate(USER_ASSIGNED_IDENTITY.showClientId, v)})"`,
      );
      if (host) {
        sh.push(`IDENTITY_ID="$(${fillTemplate(USER_ASSIGNED_IDENTITY.showId, v)})"`, fillTemplate(host.az.assignUser, { ...v, identityId: '"$IDENTITY_ID"' }));
        if (host.az.setClientId) sh.push(fillTemplate(host.az.setClientId, { ...v, clientId: '"$CLIENT_ID"', clientIdEnv: identity.clientIdEnv }));
        else sh.push(`# set ${identity.clientIdEnv}=$CLIENT_ID in the app's ${host.settingsWord}`);
      }
    }
    if (sh.length > 0) lines.push("```sh", ...sh, "```", "");
  }
  lines.push("Then the role assignments of the tables above, for `$PRINCIPAL_ID`: `keyless report --format az` (a script) or `--format bicep` (a module).", "");

  // 2. deploy
  lines.push("### 2. Deploy the migrated code and remove the secret settings", "");
  const settings = identity?.removeSettings ?? [];
  if (settings.length > 0) {
    lines.push(`Once the migrated code runs, remove the settings that held secrets: ${settings.map(code).join(", ")}.`);
    const host = identity?.host;
    if (host?.az.deleteSettings) lines.push("", "```sh", fillTemplate(host.az.deleteSettings, { ...values(null), settings: settings.join(" ") }), "```");
    lines.push("");
  } else {
    lines.push("Deploy the migrated code (`keyless migrate --write`), then remove from the app every setting that held a key or connection string (the tables above list them).", "");
  }
  if (settings.includes("AZURE_CLIENT_SECRET") || runbook.rotations.some((r) => r.recipe.id === "entra-client-secret")) {
    lines.push("> A leftover `AZURE_CLIENT_SECRET` wins over the managed identity: `DefaultAzureCredential` tries `EnvironmentCredential` first.", "");
  }

  // 3. rotate
  lines.push("### 3. Rotate every exposed secret", "");
  if (runbook.rotations.length === 0) {
    lines.push("No secret was found in the code or its configuration files. Run `keyless scan --history` too: a secret removed from the code still sits in git history, and must be rotated all the same.", "");
  } else {
    lines.push(
      "Removing a secret from the code does not un-leak it: it stays in git history, clones and forks. Rotate each one, even where step 4 turns keys off (turning them back on would revive the old key). `keyless scan --history` lists the secrets only the history holds.",
      "",
      "| secret | where | resource | rotate |",
      "|---|---|---|---|",
    );
    for (const r of runbook.rotations) {
      const where = [`${r.secret.file}:${String(r.secret.line)}`, ...r.alsoAt.map((a) => `${a.file}:${String(a.line)}`)].join("<br>");
      const status = r.secret.status === "removed" ? " (removed by keyless migrate)" : r.secret.status === "history" ? ` (git history only, added in ${r.secret.commit ?? "?"})` : "";
      lines.push(`| ${cell(`${r.secret.label}<br>${code(r.secret.redacted)} ${code(r.secret.fingerprint.slice(0, 15))}`)} | ${cell(where + status)} | ${cell(resourceText(r.resource, r.resourceFrom))} | ${cell(r.recipe.what)} |`);
    }
    lines.push("");
    for (const r of runbook.rotations) {
      lines.push(`**${r.secret.label}** ${code(r.secret.redacted)} (${r.secret.file}:${String(r.secret.line)}): ${r.recipe.what}.`, "");
      lines.push(...commandBlock(r.recipe.steps, values(r.resource, { rule: r.rule ?? "<sas-policy-name>", entity: r.entity ?? "<entity-name>" })));
      for (const t of r.recipe.traps) lines.push(`- ${t}`);
      lines.push("");
    }
  }

  // 4. lockdown
  lines.push("### 4. Switch key-based access off, and pin it with policy", "");
  if (runbook.lockdowns.length === 0) {
    lines.push("No Azure resource was found in the code.", "");
  } else {
    lines.push("**Before this step**, check that nothing still authenticates with a key; clients that still do will fail:", "");
    const checks = new Set<string>();
    for (const l of runbook.lockdowns) if (isSwitch(l.change)) checks.add(`- ${l.resource.kind.replace(/-/gu, " ")} ${l.resource.name === null ? "" : code(l.resource.name)}: ${l.change.check}`);
    lines.push(...checks, "");
    lines.push("| resource | what goes off | property (Bicep) | built-in policy |", "|---|---|---|---|");
    for (const l of runbook.lockdowns) {
      const name = `${l.resource.kind.replace(/-/gu, " ")} ${l.resource.name === null ? "(name not in the code)" : code(l.resource.name)}`;
      if (!isSwitch(l.change)) {
        lines.push(`| ${cell(name)} | no switch | — | ${cell(l.change.none)} |`);
        continue;
      }
      const c = l.change;
      const prop = c.change.kind === "child" ? `${c.armType}/${c.change.type} ${code(c.change.name)}: ${c.change.bicep.join(", ")}` : c.change.bicep.filter((b) => !b.startsWith("//")).join(" ");
      const policy = c.policy ? `${c.policy.displayName} (${code(c.policy.id)})` : "none";
      lines.push(`| ${cell(name)} | ${cell(c.what)} | ${cell(`${code(prop)} @ ${c.apiVersion}`)} | ${cell(policy)} |`);
    }
    lines.push("");
    for (const l of runbook.lockdowns) {
      if (!isSwitch(l.change)) continue;
      const v = values(l.resource);
      lines.push(`**${l.resource.kind.replace(/-/gu, " ")} ${l.resource.name === null ? "" : code(l.resource.name)}**: ${l.change.what}.`, "");
      lines.push(...commandBlock([...l.change.before, ...l.change.az], v));
      if (l.change.policy) {
        lines.push("```sh", `az policy assignment create --name keyless-${l.change.policy.id.slice(0, 8)} --display-name "${l.change.policy.displayName}" --policy ${l.change.policy.id} --scope ${v.resourceId ?? "<resource-id>"}`, "```");
      }
      for (const c of l.change.caveats) lines.push(`- ${c}`);
      lines.push("");
    }
    lines.push("Start the policies in Audit (their default), then move them to Deny so the setting cannot drift back.", "");
  }
  return lines;
}
