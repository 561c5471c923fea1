// @ts-check
/**
 * One timed child process: wall time from the parent's monotonic clock, peak RSS from GNU time (`/usr/bin/time`,
 * the `%M` of `-v`), which covers the child and anything it waits for. Where GNU time is missing, RSS is left out.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const GNU_TIME = "/usr/bin/time";
const TIMEOUT = "/usr/bin/timeout";
export const HAS_GNU_TIME = existsSync(GNU_TIME);

/** @typedef {{ wallMs: number, rssKb: number | null, status: number | null, timedOut: boolean, stderr: string }} Sample */

/**
 * @param {string[]} args  node arguments (the script first)
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, stdoutFile?: string }} options
 *   timeoutMs: coreutils `timeout` ends the tool itself (a signal to GNU time would orphan it);
 *   stdoutFile: where the tool's standard output goes (discarded otherwise)
 * @returns {Sample}
 */
export function timeNode(args, options) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "keyless-time-"));
  const rssFile = path.join(scratch, "rss");
  const limit = options.timeoutMs !== undefined && existsSync(TIMEOUT) ? [TIMEOUT, `${String(Math.ceil(options.timeoutMs / 1000))}s`] : [];
  const command = [...limit, process.execPath, ...args];
  const [file, fileArgs] = HAS_GNU_TIME ? [GNU_TIME, ["-f", "%M", "-o", rssFile, ...command]] : [command[0] ?? process.execPath, command.slice(1)];
  const stdout = options.stdoutFile === undefined ? "ignore" : openSync(options.stdoutFile, "w");
  const started = process.hrtime.bigint();
  const run = spawnSync(file, fileArgs, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", stdout, "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: Math.ceil((options.timeoutMs ?? 1_800_000) + 30_000),
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (typeof stdout === "number") closeSync(stdout);
  let rssKb = null;
  if (HAS_GNU_TIME && existsSync(rssFile)) {
    // GNU time writes "Command exited with non-zero status N" before the number when the child fails.
    const last = readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "";
    rssKb = /^\d+$/u.test(last) ? Number(last) : null;
  }
  rmSync(scratch, { recursive: true, force: true });
  // Only the last lines, and no long token in them: enough to name a failure without echoing a scanned value back.
  const stderr = (run.stderr ?? "").split("\n").slice(-5).join("\n").replace(/[\w+/=~.%-]{20,}/gu, "…");
  // 124: coreutils timeout ended the command.
  return { wallMs, rssKb, status: run.status, timedOut: limit.length > 0 && run.status === 124, stderr };
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The 1-minute load average, rounded: what else the machine was doing. */
export function load() {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}

/**
 * Least squares of time against files: the fixed cost (intercept), the cost per 1,000 files (slope) and R².
 * @param {Array<[number, number]>} points  [files, seconds]
 */
export function linearFit(points) {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  const ssTot = points.reduce((s, [, y]) => s + (y - my) ** 2, 0);
  const ssRes = points.reduce((s, [x, y]) => s + (y - (intercept + slope * x)) ** 2, 0);
  return { intercept, perThousand: slope * 1000, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}
