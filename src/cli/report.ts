import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import ts from "typescript";
import { findOperations } from "../analysis/operations.js";
import { fileSetResolver, parseSourceFile, programResolver } from "../analysis/program.js";
import type { ModuleResolver } from "../analysis/value-origin.js";
import { renderAz } from "../report/render/az.js";
import { renderBicep } from "../report/render/bicep.js";
import { renderJson } from "../report/render/json.js";
import { renderMarkdown } from "../report/render/markdown.js";
import { buildReport, fileLabeler, type RoleReport } from "../report/roles.js";
import { discoverFiles, fileKind, inSkippedDirectory } from "../scan/files.js";
import { stripBom } from "../scan/lines.js";
import { mapLimit, readWorkingFile } from "../scan/source.js";
import { UsageError, type CliIo } from "./io.js";

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
  -h, --help                       show this help

Exit codes: 0 report written · 2 usage or internal error.
No secret is ever printed: connection strings are read for resource names only.
`;

const FORMATS = ["markdown", "json", "az", "bicep"] as const;
type Format = (typeof FORMATS)[number];

const RENDERERS: Readonly<Record<Format, (report: RoleReport) => string>> = {
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
  readonly help: boolean;
}

export function parseReportArgs(args: readonly string[]): ReportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", default: "markdown" },
        output: { type: "string", short: "o" },
        tsconfig: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (!(FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${values.format}")`);
  }
  if (positionals.length > 1) throw new UsageError(`report takes one directory (got ${String(positionals.length)} paths)`);
  return { dir: positionals[0], format: values.format as Format, output: values.output, tsconfig: values.tsconfig, help: values.help };
}

interface Loaded {
  readonly files: ts.SourceFile[];
  readonly resolveModule: ModuleResolver;
  readonly errors: { file: string; message: string }[];
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
  return { files: [...parsed.values()], resolveModule: fileSetResolver(parsed), errors };
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
  const text = RENDERERS[options.format](report);
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
