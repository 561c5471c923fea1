import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatJson } from "../report/findings/json.js";
import { formatSarif } from "../report/findings/sarif.js";
import { formatStylish } from "../report/findings/stylish.js";
import { applyBaseline, BaselineError, createBaseline, readBaseline, writeBaseline } from "../scan/baseline.js";
import { scan } from "../scan/engine.js";
import { GitError } from "../scan/staged.js";
import type { ScanResult } from "../scan/types.js";
import { UsageError, type CliIo } from "./io.js";

export const SCAN_HELP = `Usage: keyless scan [paths…] [options]

Find hard-coded connection strings, keys and secrets. TypeScript/JavaScript files go through the
keyless ESLint rules' analysis; .json .env* .yaml .yml .toml .ini .xml .config .properties .tf .bicep .sh
files through the same string detectors. Directories are expanded honouring .gitignore, skipping
node_modules, dist, build, coverage and .git. Paths default to the current directory.

Options:
  --staged                    scan what is staged in the git index (for pre-commit hooks)
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
  readonly format: Format;
  readonly output: string | undefined;
  readonly includeEnv: boolean;
  readonly baseline: string | undefined;
  readonly writeBaseline: string | undefined;
  readonly help: boolean;
}

export function parseScanArgs(args: readonly string[]): ScanArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        staged: { type: "boolean", default: false },
        format: { type: "string", default: "stylish" },
        output: { type: "string", short: "o" },
        "include-env": { type: "boolean", default: false },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const format = values.format;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${format}")`);
  }
  return {
    paths: positionals,
    staged: values.staged,
    format: format as Format,
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
  if (options.output) {
    try {
      await writeFile(path.resolve(io.cwd, options.output), report, "utf8");
    } catch (error) {
      throw new UsageError(`cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else {
    io.stdout.write(report);
  }
  return result.findings.length > 0 ? 1 : 0;
}
