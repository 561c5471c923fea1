import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { main } from "../../src/cli/main.js";
import type { ScanResult } from "../../src/scan/types.js";
import { REPO_ROOT } from "../helpers/shared.js";

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `keyless …` in process, through `main()`, with stdout and stderr captured. */
export async function keyless(args: readonly string[], options: { cwd: string; tty?: boolean; env?: Record<string, string> }): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty === true },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

export async function scanJson(args: readonly string[], cwd: string): Promise<{ code: number; result: ScanResult; stderr: string }> {
  const run = await keyless(["scan", "--format", "json", ...args], { cwd });
  return { code: run.code, result: JSON.parse(run.stdout) as ScanResult, stderr: run.stderr };
}

/** A fresh directory under the OS temp dir, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `keyless-${prefix}-`));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/**
 * Key material made at run time, so no test file holds a secret (push protection, and keyless scanning itself).
 * Random bytes look like a real key to every detector.
 */
export function fakeKey(bytes = 64): string {
  return randomBytes(bytes).toString("base64");
}

export function storageConnectionString(key = fakeKey()): string {
  return ["DefaultEndpointsProtocol=https", "AccountName=contosodemo", `AccountKey=${key}`, "EndpointSuffix=core.windows.net"].join(";");
}

const run = promisify(execFile);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The built CLI (`bin/keyless.js` → `dist/`), rebuilt when the sources are newer: end-to-end tests run what users run. */
export async function builtCli(): Promise<string> {
  const built = path.join(REPO_ROOT, "dist/src/cli/main.js");
  const sources = Math.max(...["src", "rules", "codemods"].map((d) => newestMtime(path.join(REPO_ROOT, d))));
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    // tsc emits even when some file has a type error (the type check is another test's job).
    await run(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO_ROOT }).catch(() => undefined);
    if (!existsSync(built)) throw new Error("the CLI did not build: run npm run build");
  }
  return path.join(REPO_ROOT, "bin/keyless.js");
}
