import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A problem with the repository itself (not a git repository, git missing): a usage error, not a file error. */
export class GitError extends Error {
  override readonly name = "GitError";
}

/** `git <args>` in `cwd`, its standard output as bytes; rejects with the child-process error (its `stderr` attached). */
export async function git(args: readonly string[], cwd: string, maxBuffer = 64 * 1024 * 1024): Promise<Buffer> {
  const { stdout } = await run("git", args, { cwd, encoding: "buffer", maxBuffer, windowsHide: true });
  return stdout;
}

/** What git said when it failed: its standard error, else the spawn error (`ENOENT` when git is not installed). */
export function gitFailure(error: unknown): string {
  const detail = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
  if (detail) return detail.replace(/^fatal: /u, "");
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return "git is not installed (or not on PATH)";
  return error instanceof Error ? error.message : String(error);
}
