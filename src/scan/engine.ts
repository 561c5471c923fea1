import { realpath } from "node:fs/promises";
import path from "node:path";
import { applyBaseline, type Baseline } from "./baseline.js";
import { createContext, type ScanSettings } from "./file-scan.js";
import { compareFindings } from "./finding.js";
import { discoverFiles, fileKind } from "./files.js";
import { stripBom } from "./lines.js";
import { scanInParallel, workerCount, type WorkItem } from "./parallel.js";
import { mapLimit, readWorkingFile, type Loaded } from "./source.js";
import { readStagedFile, stagedFiles } from "./staged.js";
import type { ScanError, ScanFinding, ScanResult } from "./types.js";

export interface ScanOptions {
  /** what relative paths in arguments and in the result are relative to */
  readonly cwd: string;
  /** files, directories or glob patterns; `["."]` when empty */
  readonly paths?: readonly string[] | undefined;
  /** read the content staged in the git index instead of the working tree */
  readonly staged?: boolean | undefined;
  /** also report keyless/prefer-managed-identity (key-based auth whose key comes from env or config) */
  readonly includeEnv?: boolean | undefined;
  /** findings whose fingerprints are in the baseline are left out */
  readonly baseline?: Baseline | undefined;
  /** the time SAS expiry is judged against (tests pin it) */
  readonly now?: Date | undefined;
  /** worker threads besides the main thread; by default one per spare core when the run is large enough to gain */
  readonly workers?: number | undefined;
}

/** Files read at once: enough to keep the disk (or git) busy, few enough to stay far from the descriptor limit. */
const READ_CONCURRENCY = 16;

/** `keyless scan`: every file the paths name, judged by the same analysis as the ESLint rules (config files by the string detectors). */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const paths = options.paths && options.paths.length > 0 ? options.paths : ["."];
  const errors: ScanError[] = [];
  let cwd = options.cwd;
  let files: readonly string[];
  let read: (file: string) => Promise<Loaded>;
  if (options.staged) {
    const staged = await stagedFiles(paths, cwd);
    // git reports real paths; relative names must be computed against the real current directory too.
    cwd = await realpath(cwd);
    files = staged.files;
    read = (file) => readStagedFile(staged.root, file);
  } else {
    const found = await discoverFiles(paths, cwd);
    files = found.files;
    for (const missing of found.missing) errors.push({ file: missing, reason: "not-found", message: "no such file or directory" });
    read = readWorkingFile;
  }
  const label = (file: string): string => path.relative(cwd, file).split(path.sep).join("/");

  const loaded = await mapLimit(files, READ_CONCURRENCY, read);
  const sources: WorkItem[] = [];
  files.forEach((file, i) => {
    const result = loaded[i];
    const kind = fileKind(file);
    if (!result || !kind) return;
    if (result.ok) sources.push({ file, kind, text: stripBom(result.text) });
    else errors.push({ file: label(file), reason: result.reason, message: result.message });
  });

  const scripts = new Map(sources.filter((s) => s.kind === "script").map((s) => [s.file, s.text]));
  const settings: ScanSettings = { cwd, includeEnv: options.includeEnv === true, now: options.now };
  const outcomes = await scanInParallel(sources, workerCount(options.workers, sources), createContext(scripts, settings), settings, scripts);
  const findings: ScanFinding[] = [];
  for (const outcome of outcomes) {
    findings.push(...outcome.findings);
    if (outcome.error) errors.push(outcome.error);
  }
  findings.sort(compareFindings);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const kept = options.baseline ? applyBaseline(findings, options.baseline) : findings;
  return {
    version: 1,
    findings: kept,
    errors,
    stats: {
      files: sources.length,
      durationMs: Math.round(performance.now() - started),
      ...(options.baseline ? { baselined: findings.length - kept.length } : {}),
    },
  };
}
