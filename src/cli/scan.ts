import { writeFile } from "node:fs/promises";
import path from "node:path";
import { formatJson } from "../report/findings/json.js";
import { formatSarif } from "../report/findings/sarif.js";
import { formatStylish } from "../report/findings/stylish.js";
import { applyBaseline, BaselineError, createBaseline, readBaseline, writeBaseline, type Baseline } from "../scan/baseline.js";
import { scan } from "../scan/engine.js";
import { GitError } from "../scan/git.js";
import { formatHistorySarif, formatHistoryStylish } from "../scan/history-format.js";
import type { HistoryResult, ScanResult } from "../scan/types.js";
import { oneOf, parseCommandArgs, UsageError, type CliIo } from "./io.js";

export const SCAN_HELP = `Usage: keyless scan [paths…] [options]

Find hard-coded connection strings, keys and secrets. TypeScript/JavaScript files go through the
keyless ESLint rules' analysis; .json .env* .yaml .yml .toml .ini .xml .config .properties .tf .bicep .sh
files through the same string detectors. Directories are expanded honouring .gitignore, skipping
node_modules, dist, build, coverage and .git. Paths default to the current directory.

Options:
  --staged                    scan what is staged in the git index (for pre-commit hooks)
  --history[=RANGE]           scan every commit of the git history instead of the working tree: each secret
                              that was ever committed, once, with the commit that first added it (RANGE: a
                              revision range such as main..feature; default: everything reachable from HEAD).
                              Paths, when given, limit the history to changes under them.
  --all                       with --history: walk every branch, tag and remote-tracking branch
  --since DATE                with --history: only commits more recent than DATE ("2024-01-01", "3 months ago")
  --format stylish|json|sarif output format (default: stylish)
  --output FILE               write the report to FILE instead of standard output
  --include-env               also report keyless/prefer-managed-identity (key-based auth, key from env or config)
  --baseline FILE             leave out findings whose fingerprints are in FILE
  --write-baseline FILE       record the current findings' fingerprints in FILE (then nothing is reported)
  -h, --help                  show this help

Exit codes: 0 no findings · 1 findings · 2 usage or internal error.
No secret is ever printed: findings show a redacted form and a fingerprint.
`;

const FORMATS = ["stylish", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

interface ScanArgs {
  readonly paths: string[];
  readonly staged: boolean;
  /** `--history` (an empty list: from HEAD) or `--history=RANGE`; undefined for a working-tree scan */
  readonly history: readonly string[] | undefined;
  readonly all: boolean;
  readonly since: string | undefined;
  readonly format: Format;
  readonly output: string | undefined;
  readonly includeEnv: boolean;
  readonly baseline: string | undefined;
  readonly writeBaseline: string | undefined;
  readonly help: boolean;
}

/**
 * `--history` takes an optional value, which parseArgs cannot express: `--history=RANGE` is taken out first
 * (its revisions split at spaces: `--history="main ^v1"`), and `--history` stays a flag.
 */
function historyRanges(args: readonly string[]): { rest: string[]; ranges: string[] } {
  const rest: string[] = [];
  const ranges: string[] = [];
  let positional = false;
  for (const arg of args) {
    if (!positional && arg.startsWith("--history=")) {
      const revisions = arg.slice("--history=".length).split(/\s+/u).filter((r) => r.length > 0);
      if (revisions.length === 0) throw new UsageError("--history= needs a revision range (e.g. --history=main..feature), or no value at all");
      // A revision that looks like an option would be read by git as one.
      const option = revisions.find((r) => r.startsWith("-"));
      if (option !== undefined) throw new UsageError(`--history: "${option}" is not a revision`);
      ranges.push(...revisions);
      rest.push("--history");
    } else {
      if (arg === "--") positional = true;
      rest.push(arg);
    }
  }
  return { rest, ranges };
}

export function parseScanArgs(args: readonly string[]): ScanArgs {
  const { rest, ranges } = historyRanges(args);
  const { values, positionals } = parseCommandArgs(rest, {
    staged: { type: "boolean", default: false },
    history: { type: "boolean", default: false },
    all: { type: "boolean", default: false },
    since: { type: "string" },
    format: { type: "string", default: "stylish" },
    output: { type: "string", short: "o" },
    "include-env": { type: "boolean", default: false },
    baseline: { type: "string" },
    "write-baseline": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  const format = oneOf("format", values.format, FORMATS);
  if (values.history && values.staged) throw new UsageError("--history and --staged cannot be combined: one scans the commits, the other the next one");
  if (values.history && values["include-env"]) throw new UsageError("--include-env does not apply to --history: it reports key-based clients, not secrets");
  if (!values.history && (values.all || values.since !== undefined)) throw new UsageError(`${values.all ? "--all" : "--since"} only applies with --history`);
  if (values.since?.trim() === "") throw new UsageError("--since needs a date");
  return {
    paths: positionals,
    staged: values.staged,
    history: values.history ? ranges : undefined,
    all: values.all,
    since: values.since,
    format: format,
    output: values.output,
    includeEnv: values["include-env"],
    baseline: values.baseline,
    writeBaseline: values["write-baseline"],
    help: values.help,
  };
}

/** KEYLESS_WORKERS=N forces N worker threads (0: none); unset, keyless decides from the size of the run. */
function workersFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`KEYLESS_WORKERS must be a whole number (got "${value}")`);
  return n;
}

function useColor(io: CliIo, toFile: boolean): boolean {
  if (toFile) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.stdout.isTTY === true;
}

/** `keyless scan`: exit 0 when nothing is found, 1 when something is, 2 for usage errors (thrown as UsageError). */
export async function runScan(args: readonly string[], io: CliIo, version: string | undefined): Promise<number> {
  const options = parseScanArgs(args);
  if (options.help) {
    io.stdout.write(SCAN_HELP);
    return 0;
  }
  if (options.history) return runHistoryScan(options, options.history, io, version);
  let result: ScanResult;
  try {
    const baseline = options.baseline ? await readBaseline(path.resolve(io.cwd, options.baseline), options.baseline) : undefined;
    result = await scan({
      cwd: io.cwd,
      paths: options.paths,
      staged: options.staged,
      includeEnv: options.includeEnv,
      baseline: options.writeBaseline ? undefined : baseline,
      workers: workersFromEnv(io.env.KEYLESS_WORKERS),
    });
    if (options.writeBaseline) {
      const written = createBaseline(result.findings);
      await writeBaseline(path.resolve(io.cwd, options.writeBaseline), written);
      io.stderr.write(`keyless: wrote ${String(written.findings.length)} fingerprints to ${options.writeBaseline}\n`);
      const kept = applyBaseline(result.findings, written);
      result = { ...result, findings: kept, stats: { ...result.stats, baselined: result.findings.length - kept.length } };
    }
  } catch (error) {
    if (error instanceof GitError || error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }

  const report =
    options.format === "json"
      ? formatJson(result)
      : options.format === "sarif"
        ? formatSarif(result, { version })
        : formatStylish(result, { color: useColor(io, options.output !== undefined) });
  await deliver(report, options, io);
  return result.findings.length > 0 ? 1 : 0;
}

async function deliver(report: string, options: ScanArgs, io: CliIo): Promise<void> {
  if (options.output) {
    try {
      await writeFile(path.resolve(io.cwd, options.output), report, "utf8");
    } catch (error) {
      throw new UsageError(`cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else {
    io.stdout.write(report);
  }
}

/** `keyless scan --history`: the same exit codes, baselines and formats, over the commits instead of the files. */
async function runHistoryScan(options: ScanArgs, revisions: readonly string[], io: CliIo, version: string | undefined): Promise<number> {
  // The history module (and its git plumbing) loads only when asked for.
  const { scanHistory } = await import("../scan/history.js");
  let result: HistoryResult;
  try {
    const baseline: Baseline | undefined = options.baseline ? await readBaseline(path.resolve(io.cwd, options.baseline), options.baseline) : undefined;
    result = await scanHistory({
      cwd: io.cwd,
      paths: options.paths,
      revisions,
      all: options.all,
      since: options.since,
      baseline: options.writeBaseline ? undefined : baseline,
    });
    if (options.writeBaseline) {
      const written = createBaseline(result.findings);
      await writeBaseline(path.resolve(io.cwd, options.writeBaseline), written);
      io.stderr.write(`keyless: wrote ${String(written.findings.length)} fingerprints to ${options.writeBaseline}\n`);
      result = { ...result, findings: [], stats: { ...result.stats, baselined: result.findings.length } };
    }
  } catch (error) {
    if (error instanceof GitError || error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
  const report =
    options.format === "json"
      ? formatJson(result)
      : options.format === "sarif"
        ? formatHistorySarif(result, { version })
        : formatHistoryStylish(result, { color: useColor(io, options.output !== undefined) });
  await deliver(report, options, io);
  return result.findings.length > 0 ? 1 : 0;
}
