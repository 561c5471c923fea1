import path from "node:path";
import { unifiedDiff } from "../../codemods/diff.js";
import { MigrateError, migrateProject, type MigrateResult } from "../../codemods/runner.js";
import type { MigrateOptions } from "../../codemods/managed-identity/types.js";
import { parseSourceFile } from "../analysis/program.js";
import { redactAll } from "../detect/redact.js";
import { configSecrets, sourceSecrets } from "../report/exposed.js";
import { rotationItemJson } from "../report/render/json.js";
import { fillTemplate, type RotationItem, type Runbook } from "../report/runbook.js";
import { oneOf, parseCommandArgs, UsageError, type CliIo } from "./io.js";

export const MIGRATE_HELP = `Usage: keyless migrate [dir] [options]

Move key-based Azure SDK clients (connection strings, account keys, API keys, client secrets, passwords) to
managed identity: one DefaultAzureCredential per module, each client in its token-credential form, endpoints
derived from the connection strings, imports and now-unused secrets removed, @azure/identity added to
package.json. Dry run by default: prints a unified diff (secrets redacted) and a summary.

Options:
  --write                  apply the changes (refuses a git tree with uncommitted changes)
  --allow-dirty            with --write: apply even when git reports uncommitted changes
  --identity system|user   system (default): new DefaultAzureCredential();
                           user: new DefaultAzureCredential({ managedIdentityClientId: process.env.<--client-id-env> })
  --client-id-env NAME     the variable holding the user-assigned identity's client id (default AZURE_CLIENT_ID)
  --endpoints literal|env  literal (default): endpoints derived from the connection strings;
                           env: read from process.env with the Service Connector names (AZURE_STORAGEBLOB_RESOURCEENDPOINT, …)
  --include-env            also migrate clients whose key comes from the environment or configuration
  --tsconfig PATH          the project to load (default: <dir>/tsconfig.json, else every source file under dir)
  --format text|json       output format (default: text)
  -h, --help               show this help

Nothing is written until every changed file re-parses and type-checks no worse than before.
Exit codes: 0 done · 1 some clients left unmigrated (each listed with its reason) · 2 usage or internal error.
`;

const FORMATS = ["text", "json"] as const;

interface MigrateArgs {
  readonly dir: string;
  readonly write: boolean;
  readonly allowDirty: boolean;
  readonly options: MigrateOptions;
  readonly tsconfig: string | undefined;
  readonly format: (typeof FORMATS)[number];
  readonly help: boolean;
}

export function parseMigrateArgs(args: readonly string[]): MigrateArgs {
  const { values, positionals } = parseCommandArgs(args, {
    write: { type: "boolean", default: false },
    "allow-dirty": { type: "boolean", default: false },
    identity: { type: "string", default: "system" },
    "client-id-env": { type: "string", default: "AZURE_CLIENT_ID" },
    endpoints: { type: "string", default: "literal" },
    "include-env": { type: "boolean", default: false },
    tsconfig: { type: "string" },
    format: { type: "string", default: "text" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (positionals.length > 1) throw new UsageError(`migrate takes one directory (got ${String(positionals.length)})`);
  const clientIdEnv = values["client-id-env"];
  if (!/^[A-Za-z_]\w*$/u.test(clientIdEnv)) throw new UsageError(`--client-id-env must be an environment variable name (got "${clientIdEnv}")`);
  return {
    dir: positionals[0] ?? ".",
    write: values.write,
    allowDirty: values["allow-dirty"],
    options: {
      identity: oneOf("identity", values.identity, ["system", "user"] as const),
      clientIdEnv,
      endpoints: oneOf("endpoints", values.endpoints, ["literal", "env"] as const),
      includeEnv: values["include-env"],
    },
    tsconfig: values.tsconfig,
    format: oneOf("format", values.format, FORMATS),
    help: values.help,
  };
}

/**
 * Every secret the code held, marked `removed` when the migration took it out of the code: removed or not, each still
 * works until it is rotated. The fingerprints left after the migration are those of the files it did not change, and
 * those the detectors still find in the files it changed.
 */
export function rotationAfter(runbook: Runbook, result: MigrateResult): RotationItem[] {
  const changed = new Set(result.changes.map((c) => c.file));
  const remaining = new Set<string>();
  for (const item of runbook.rotations) {
    for (const at of [{ file: item.secret.file }, ...item.alsoAt]) if (!changed.has(at.file)) remaining.add(item.secret.fingerprint);
  }
  const isScript = (file: string): boolean => /\.[cm]?[jt]sx?$/u.test(file);
  const after = result.changes.filter((c) => isScript(c.file)).map((c) => parseSourceFile(c.path, c.after));
  for (const s of sourceSecrets(after, undefined, (sf) => sf.fileName)) remaining.add(s.fingerprint);
  for (const c of result.changes.filter((x) => !isScript(x.file))) for (const s of configSecrets(c.after, c.file)) remaining.add(s.fingerprint);
  return runbook.rotations.map((r) => ({ ...r, secret: { ...r.secret, status: remaining.has(r.secret.fingerprint) ? "present" : "removed" } }));
}

/** The rotation checklist at the end of the text summary: one entry per secret, with the first command to run. */
export function formatRotation(items: readonly RotationItem[]): string {
  const out = ["Rotate every secret the code held: removed or not, each still works until it is rotated (keyless report --rotation --format az|markdown writes every command):"];
  for (const r of items) {
    const where = `${r.secret.file}:${String(r.secret.line)}`;
    const resource = r.resource ? ` of ${r.resource.kind.replace(/-/gu, " ")} ${r.resource.name ?? "(name not in the code)"}` : "";
    const first = r.recipe.steps.find((st) => st.command !== undefined && st.optional !== true && st.sql !== true)?.command;
    const values = { rg: "<resource-group>", name: r.resource?.name ?? "<name>", rule: r.rule ?? "<sas-policy>", entity: r.entity ?? "<entity>" };
    out.push(`  ${where}  ${r.secret.label} ${r.secret.redacted} ${r.secret.fingerprint.slice(0, 15)}  ${r.secret.status === "removed" ? "removed from the code" : "still in the code"}`);
    out.push(`      rotate ${r.recipe.what}${resource}${first === undefined ? "" : `: ${fillTemplate(first, values)}`}`);
  }
  if (items.some((r) => r.recipe.id === "entra-client-secret")) {
    out.push("  ! Delete AZURE_CLIENT_SECRET (and AZURE_TENANT_ID) from the app: left in place, DefaultAzureCredential signs in with them instead of the managed identity.");
  }
  return `${out.join("\n")}\n`;
}

/** The JSON contract (interfaces.md, version 1), extended with notes, messages and errors. It holds no code, so no secret. */
export function formatMigrateJson(result: MigrateResult, rotation: readonly RotationItem[] = []): string {
  const json = {
    version: 1,
    write: result.write,
    changedFiles: result.changes.map((c) => c.file),
    migrated: result.migrated.map((m) => ({ file: m.file, line: m.line, service: m.service, client: m.client, from: m.from, to: m.to, endpoint: m.endpoint, notes: m.notes })),
    skipped: result.skipped.map((s) => ({ file: s.file, line: s.line, service: s.service, client: s.client, reason: s.reason, message: s.message })),
    dependencies: { added: result.dependencies.added },
    notes: result.notes,
    errors: result.errors,
    stats: result.stats,
    rotation: rotation.map((r) => rotationItemJson({ ...r, secret: { ...r.secret, status: r.secret.status ?? "present" } })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + " ".repeat(width - text.length);
}

/** The diff of every changed file (secrets redacted), then what was migrated, what was not and why. */
export function formatMigrateText(result: MigrateResult, options: { color: boolean }): string {
  const color = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  for (const change of result.changes) {
    const diff = unifiedDiff(change.file, change.before, change.after);
    out.push(
      ...diff
        .trimEnd()
        .split("\n")
        .map((l) => (l.startsWith("+++") || l.startsWith("---") ? color("1", l) : l.startsWith("+") ? color("32", l) : l.startsWith("-") ? color("31", l) : l.startsWith("@@") ? color("36", l) : l)),
      "",
    );
  }
  const files = new Set(result.migrated.map((m) => m.file)).size;
  const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? "" : "s"}`;
  out.push(
    `keyless migrate${result.write ? "" : " (dry run)"}: ${plural(result.migrated.length, "client")} migrated in ${plural(files, "file")}, ${String(result.skipped.length)} left unmigrated.`,
  );
  const rows = [...result.migrated, ...result.skipped];
  const w = {
    at: Math.max(0, ...rows.map((r) => `${r.file}:${String(r.line)}`.length)) + 2,
    service: Math.max(0, ...rows.map((r) => r.service.length)) + 2,
    client: Math.max(0, ...rows.map((r) => r.client.length)) + 2,
  };
  const lead = (r: (typeof rows)[number]): string => `  ${pad(`${r.file}:${String(r.line)}`, w.at)}${pad(r.service, w.service)}${pad(r.client, w.client)}`;
  if (result.migrated.length > 0) {
    out.push("", "Migrated");
    for (const m of result.migrated) out.push(`${lead(m)}${m.from} → ${m.to}${m.endpoint === "unchanged" ? "" : ` (endpoint: ${m.endpoint})`}`);
  }
  if (result.skipped.length > 0) {
    out.push("", "Left unmigrated");
    for (const s of result.skipped) out.push(`${lead(s)}${color("33", s.reason)}: ${s.message}`);
  }
  const todo = result.migrated.flatMap((m) => m.notes.map((n) => `${m.file}:${String(m.line)} ${n}`));
  if (todo.length > 0 || result.notes.length > 0) {
    out.push("", "To do by hand");
    for (const n of [...new Set([...todo, ...result.notes])]) out.push(`  - ${n}`);
  }
  if (result.errors.length > 0) {
    out.push("", "Errors");
    for (const e of result.errors) out.push(`  ${e.file}: ${e.message}`);
  }
  out.push("");
  if (result.dependencies.added.length > 0) {
    out.push(`Dependencies: ${result.dependencies.added.join(", ")} added to ${result.dependencies.packageJson ?? "package.json"}${result.write ? "" : " (on --write)"}.`);
  }
  if (result.migrated.length > 0 || result.changes.length > 0) {
    out.push(result.write ? `Wrote ${plural(result.changes.length, "file")}.` : "Nothing was written: run again with --write to apply.");
    out.push("Then grant the identity its data roles: keyless report.");
  }
  return redactAll(`${out.join("\n")}\n`, result.secrets());
}

/** Draws `[#####.....] 120/1000 files` on a terminal, and nothing elsewhere. */
function progressBar(io: CliIo): { update: (done: number, total: number) => void; clear: () => void } {
  const tty = io.stderr.isTTY === true;
  let last = -1;
  let drawn = false;
  return {
    update(done, total) {
      if (!tty || total < 50) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      if (filled === last && done !== total) return;
      last = filled;
      drawn = true;
      io.stderr.write(`\rkeyless migrate [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(done)}/${String(total)} files`);
    },
    clear() {
      if (drawn) io.stderr.write("\r\u001b[2K");
    },
  };
}

/** `keyless migrate`: exit 0 when done, 1 when some clients were left unmigrated, 2 for errors. */
export async function runMigrate(args: string[], io: CliIo): Promise<number> {
  const parsed = parseMigrateArgs(args);
  if (parsed.help) {
    io.stdout.write(MIGRATE_HELP);
    return 0;
  }
  const bar = progressBar(io);
  // The secrets as the code holds them now: after the migration they are the checklist of what to rotate.
  const { runbookForDirectory } = await import("./report.js");
  const before = await runbookForDirectory(path.resolve(io.cwd, parsed.dir), io.cwd, { identity: parsed.options.identity }).catch(() => undefined);
  let result: MigrateResult;
  try {
    result = await migrateProject({
      root: path.resolve(io.cwd, parsed.dir),
      cwd: io.cwd,
      tsconfig: parsed.tsconfig,
      write: parsed.write,
      allowDirty: parsed.allowDirty,
      ...parsed.options,
      onProgress: bar.update,
    });
  } catch (error) {
    bar.clear();
    if (error instanceof MigrateError) {
      io.stderr.write(`keyless migrate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  bar.clear();
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "";
  const rotation = before ? rotationAfter(before.runbook, result) : [];
  io.stdout.write(parsed.format === "json" ? formatMigrateJson(result, rotation) : formatMigrateText(result, { color: io.stdout.isTTY === true && !noColor }));
  if (parsed.format === "text") {
    // The one-off run gives the operator everything in one place: what changed, the roles to grant, what to rotate.
    const { renderRoleTable } = await import("../report/render/text.js");
    if (before && before.report.services.length > 0) io.stdout.write(`\n${renderRoleTable(before.report)}`);
    if (rotation.length > 0) io.stdout.write(`\n${formatRotation(rotation)}`);
  }
  if (result.errors.length > 0) return 2;
  return result.skipped.length > 0 ? 1 : 0;
}
