import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { findOperations } from "../analysis/operations.js";
import { fileSetResolver, parseSourceFile, programResolver } from "../analysis/program.js";
import type { ModuleResolver } from "../analysis/value-origin.js";
import { renderAz } from "../report/render/az.js";
import { renderBicep } from "../report/render/bicep.js";
import { renderJson } from "../report/render/json.js";
import { renderMarkdown } from "../report/render/markdown.js";
import { configSecrets, secretTargets, sourceSecrets } from "../report/exposed.js";
import type { ClientRoot } from "../analysis/operations.js";
import { buildRunbook, type ExposedSecret, type Runbook, type RunbookOptions } from "../report/runbook.js";
import { HOST_KINDS, type HostKind, type IdentityKind } from "../catalog/lockdown.js";
import { GitError } from "../scan/git.js";
import { buildReport, fileLabeler, type RoleReport } from "../report/roles.js";
import { discoverFiles, fileKind, inSkippedDirectory } from "../scan/files.js";
import { stripBom } from "../scan/lines.js";
import { mapLimit, readWorkingFile } from "../scan/source.js";
import { oneOf, parseCommandArgs, UsageError, type CliIo } from "./io.js";

export const REPORT_HELP = `Usage: keyless report [dir] [options]

The least-privilege Azure roles each service needs, inferred from the operations the code calls on its Azure
SDK clients (followed through variables, properties, functions and imports). Key-based and token-based clients
alike. The directory defaults to the current one; node_modules, dist, build and .gitignored files are skipped.

Options:
  --format markdown|json|az|bicep  output format (default: markdown)
                                   markdown: a table per service and a Mermaid diagram
                                   json:     the version 1 contract
                                   az:       a bash script of az role assignments (and the SQL/PostgreSQL statements)
                                   bicep:    a module of Microsoft.Authorization/roleAssignments for existing resources
  --output FILE                    write the report to FILE instead of standard output
  --tsconfig PATH                  analyse the files of this TypeScript project instead of walking the directory

The operator runbook (the Markdown report always has it; these flags put it in the other formats):
  --identity system|user           the managed identity the app runs as: system-assigned (enabled on the host, its
                                   principalId gets the roles) or user-assigned (created, attached to the host, its
                                   clientId set as AZURE_CLIENT_ID, as keyless migrate --identity user expects)
  --host appservice|functionapp|containerapp|vm
                                   the host the app runs on (required with --identity system)
  --client-id-env NAME             with --identity user: the setting that carries its client id (default
                                   AZURE_CLIENT_ID; the same as keyless migrate --client-id-env)
  --rotation                       every secret found (code and config files), redacted, with the commands that
                                   rotate it on its resource
  --lockdown                       per resource, the switch that turns key-based access off and the built-in policy
                                   that audits it (az: a lockdown step; bicep: resources deployed with lockdown=true)
  --history                        add the secrets only the git history holds (keyless scan --history) to the
                                   rotation list: removed from the code, they still work until rotated
  -h, --help                       show this help

Exit codes: 0 report written · 2 usage or internal error.
No secret is ever printed: connection strings are read for resource names only.
`;

const FORMATS = ["markdown", "json", "az", "bicep"] as const;
type Format = (typeof FORMATS)[number];
const IDENTITIES: readonly IdentityKind[] = ["system", "user"];

const RENDERERS: Readonly<Record<Format, (report: RoleReport, runbook?: Runbook) => string>> = {
  markdown: renderMarkdown,
  json: renderJson,
  az: renderAz,
  bicep: renderBicep,
};

interface ReportArgs {
  readonly dir: string | undefined;
  readonly format: Format;
  readonly output: string | undefined;
  readonly tsconfig: string | undefined;
  readonly identity: IdentityKind | undefined;
  readonly host: HostKind | undefined;
  readonly rotation: boolean;
  readonly lockdown: boolean;
  readonly history: boolean;
  readonly clientIdEnv: string;
  readonly help: boolean;
}

export function parseReportArgs(args: readonly string[]): ReportArgs {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: "string", default: "markdown" },
    output: { type: "string", short: "o" },
    tsconfig: { type: "string" },
    identity: { type: "string" },
    host: { type: "string" },
    rotation: { type: "boolean", default: false },
    lockdown: { type: "boolean", default: false },
    history: { type: "boolean", default: false },
    "client-id-env": { type: "string", default: "AZURE_CLIENT_ID" },
    help: { type: "boolean", short: "h", default: false },
  });
  const format = oneOf("format", values.format, FORMATS);
  if (positionals.length > 1) throw new UsageError(`report takes one directory (got ${String(positionals.length)} paths)`);
  const identity = values.identity === undefined ? undefined : oneOf("identity", values.identity, IDENTITIES);
  const host = values.host === undefined ? undefined : oneOf("host", values.host, HOST_KINDS);
  if (!/^[A-Za-z_]\w*$/u.test(values["client-id-env"])) throw new UsageError(`--client-id-env must be an environment variable name (got "${values["client-id-env"]}")`);
  if (host !== undefined && identity === undefined) throw new UsageError("--host names where the identity lives: give --identity system|user with it");
  if (identity === "system" && host === undefined) {
    throw new UsageError(`--identity system is turned on on a host: give --host ${HOST_KINDS.join("|")}`);
  }
  return {
    dir: positionals[0],
    format,
    output: values.output,
    tsconfig: values.tsconfig,
    identity,
    host,
    rotation: values.rotation,
    lockdown: values.lockdown,
    history: values.history,
    clientIdEnv: values["client-id-env"],
    help: values.help,
  };
}

interface Loaded {
  readonly files: ts.SourceFile[];
  readonly resolveModule: ModuleResolver;
  readonly errors: { file: string; message: string }[];
  /** the configuration files beside the sources, when the walk found them (a --tsconfig project: not walked yet) */
  readonly configs?: readonly string[];
}

/**
 * The secrets only the git history of `dir` holds (`keyless scan --history`, the same detection): not at HEAD and
 * not among those found in the working tree. They must be rotated all the same (lockdown.md §4).
 */
async function historySecrets(dir: string, cwd: string, known: readonly ExposedSecret[]): Promise<ExposedSecret[]> {
  const { scanHistory } = await import("../scan/history.js");
  let result;
  try {
    result = await scanHistory({ cwd, paths: [path.relative(cwd, dir) || "."] });
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(`--history: ${error.message}`);
    throw error;
  }
  const seen = new Set(known.map((s) => s.fingerprint));
  const out: ExposedSecret[] = [];
  for (const f of result.findings) {
    if (f.secret === null || f.history.presentAtHead === true || seen.has(f.secret.fingerprint)) continue;
    seen.add(f.secret.fingerprint);
    out.push({
      kind: f.kind,
      label: f.kind.replace(/-/gu, " "),
      service: (f.service ?? undefined) as ExposedSecret["service"],
      redacted: f.secret.redacted,
      fingerprint: f.secret.fingerprint,
      file: f.file,
      line: f.line,
      status: "history",
      commit: f.history.firstCommit.sha.slice(0, 12),
    });
  }
  return out;
}

/** The secrets the project exposes: its source files and every configuration file under `dir`. */
async function exposedSecrets(loaded: Loaded, roots: readonly ClientRoot[], dir: string, cwd: string): Promise<ExposedSecret[]> {
  const label = (file: string): string => path.relative(cwd, file).split(path.sep).join("/");
  const secrets = sourceSecrets(loaded.files, loaded.resolveModule, fileLabeler(cwd), secretTargets(roots, loaded.resolveModule, fileLabeler(cwd)));
  const configs = loaded.configs ?? (await discoverFiles([dir], cwd)).files.filter((f) => fileKind(f) === "config");
  const texts = await mapLimit(configs, READ_CONCURRENCY, readWorkingFile);
  configs.forEach((file, i) => {
    const result = texts[i];
    if (result?.ok) secrets.push(...configSecrets(stripBom(result.text), label(file)));
  });
  return secrets;
}

const READ_CONCURRENCY = 16;
const isDeclaration = (file: string): boolean => /\.d\.[cm]?ts$/u.test(file);

/** The TypeScript/JavaScript files under `dir`, parsed; relative imports between them are followed. */
async function loadDirectory(dir: string, cwd: string): Promise<Loaded> {
  const found = await discoverFiles([dir], cwd);
  const scripts = found.files.filter((f) => fileKind(f) === "script" && !isDeclaration(f));
  const label = (file: string): string => path.relative(cwd, file).split(path.sep).join("/");
  const loaded = await mapLimit(scripts, READ_CONCURRENCY, readWorkingFile);
  const parsed = new Map<string, ts.SourceFile>();
  const errors: { file: string; message: string }[] = [];
  scripts.forEach((file, i) => {
    const result = loaded[i];
    if (!result) return;
    if (result.ok) parsed.set(file, parseSourceFile(file, stripBom(result.text)));
    else errors.push({ file: label(file), message: result.message });
  });
  return { files: [...parsed.values()], resolveModule: fileSetResolver(parsed), errors, configs: found.files.filter((f) => fileKind(f) === "config") };
}

/**
 * The runbook of a directory: its role report and the secrets its code and configuration files expose, each tied to
 * its resource (what `keyless migrate` turns into its rotation checklist).
 */
export async function runbookForDirectory(dir: string, cwd: string, options: RunbookOptions = {}): Promise<{ report: RoleReport; secrets: ExposedSecret[]; runbook: Runbook }> {
  const loaded = await loadDirectory(dir, cwd);
  const analysis = findOperations(loaded.files, loaded.resolveModule);
  const report = buildReport(analysis, { label: fileLabeler(cwd), errors: loaded.errors, files: loaded.files.length });
  const secrets = await exposedSecrets(loaded, analysis.roots, dir, cwd);
  return { report, secrets, runbook: buildRunbook(report, secrets, { rotation: true, ...options }) };
}

/** The role report for a directory (what `keyless migrate` prints at the end of its summary). */
export async function roleReportForDirectory(dir: string, cwd: string): Promise<RoleReport> {
  const loaded = await loadDirectory(dir, cwd);
  return buildReport(findOperations(loaded.files, loaded.resolveModule), { label: fileLabeler(cwd), errors: loaded.errors, files: loaded.files.length });
}

/** The files of a TypeScript project (its own sources: no declaration files, nothing from node_modules). */
function loadProject(tsconfig: string, cwd: string): Loaded {
  const read = ts.readConfigFile(tsconfig, (f) => ts.sys.readFile(f));
  if (read.error) throw new UsageError(`cannot read ${path.relative(cwd, tsconfig) || tsconfig}: ${ts.flattenDiagnosticMessageText(read.error.messageText, " ")}`);
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  const rootNames = config.fileNames.filter((f) => !isDeclaration(f) && !inSkippedDirectory(path.dirname(tsconfig), f));
  // Only the syntax trees are needed: no lib, no type packages, no resolution into node_modules.
  const options: ts.CompilerOptions = { ...config.options, noLib: true, noResolve: true, types: [], allowJs: true };
  const host = ts.createCompilerHost(options, true);
  const program = ts.createProgram({ rootNames, options, host });
  const wanted = new Set(rootNames.map((f) => path.resolve(f)));
  const files = program.getSourceFiles().filter((sf) => wanted.has(path.resolve(sf.fileName)));
  return { files: [...files], resolveModule: programResolver(program), errors: [] };
}

/** `keyless report`: exit 0 when the report is written, 2 for usage errors (thrown as UsageError). */
export async function runReport(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseReportArgs(args);
  if (options.help) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  const dir = path.resolve(io.cwd, options.dir ?? ".");
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${options.dir ?? "."} is not a directory`);
  let loaded: Loaded;
  if (options.tsconfig !== undefined) {
    const tsconfig = path.resolve(io.cwd, options.tsconfig);
    if (!(await stat(tsconfig).catch(() => undefined))?.isFile()) throw new UsageError(`--tsconfig ${options.tsconfig}: no such file`);
    loaded = loadProject(tsconfig, io.cwd);
  } else {
    loaded = await loadDirectory(dir, io.cwd);
  }

  const analysis = findOperations(loaded.files, loaded.resolveModule);
  const report = buildReport(analysis, { label: fileLabeler(io.cwd), errors: loaded.errors, files: loaded.files.length });
  const wantsRunbook = options.format === "markdown" || options.identity !== undefined || options.rotation || options.lockdown;
  let runbook: Runbook | undefined;
  if (wantsRunbook) {
    const secrets = options.format === "markdown" || options.rotation ? await exposedSecrets(loaded, analysis.roots, dir, io.cwd) : [];
    if (options.history) secrets.push(...(await historySecrets(dir, io.cwd, secrets)));
    runbook = buildRunbook(report, secrets, { identity: options.identity, host: options.host, rotation: options.rotation, lockdown: options.lockdown, clientIdEnv: options.clientIdEnv });
  }
  const text = RENDERERS[options.format](report, runbook);
  if (options.output !== undefined) {
    try {
      await writeFile(path.resolve(io.cwd, options.output), text, "utf8");
    } catch (error) {
      throw new UsageError(`cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else {
    io.stdout.write(text);
  }
  for (const e of loaded.errors) io.stderr.write(`keyless: ${e.file}: ${e.message}\n`);
  return 0;
}
