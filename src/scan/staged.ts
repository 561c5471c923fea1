import { realpath } from "node:fs/promises";
import path from "node:path";
import { fileKind, inSkippedDirectory } from "./files.js";
import { git, GitError, gitFailure } from "./git.js";
import { decode, MAX_BYTES, tooLarge, type Loaded } from "./source.js";

export { GitError };

export interface StagedFiles {
  /** the repository's top-level directory */
  readonly root: string;
  /** absolute paths of the staged added/copied/modified files that `paths` select, sorted */
  readonly files: readonly string[];
}

/**
 * What the next commit adds or changes (`git diff --cached --diff-filter=ACM`), limited to files under `paths`
 * and to files Keyless reads. Deleted files are gone from the commit and renamed-only files carry nothing new.
 */
export async function stagedFiles(paths: readonly string[], cwd: string): Promise<StagedFiles> {
  let root: string;
  let listing: Buffer;
  try {
    root = await realpath((await git(["rev-parse", "--show-toplevel"], cwd)).toString("utf8").trim());
    listing = await git(["diff", "--cached", "--name-only", "--diff-filter=ACM", "-z"], root);
  } catch (error) {
    throw new GitError(`--staged needs a git repository: ${gitFailure(error)}`);
  }
  const realCwd = await realpath(cwd);
  const selected = paths.map((p) => path.resolve(realCwd, p));
  const files = listing
    .toString("utf8")
    .split("\0")
    .filter((name) => name.length > 0)
    .map((name) => path.join(root, name))
    .filter((file) => fileKind(file) !== undefined)
    .filter((file) =>
      selected.some((base) => file === base || (file.startsWith(base + path.sep) && !inSkippedDirectory(base, file))),
    );
  return { root, files: files.sort() };
}

/** The staged content of a file (`git show :path`), judged like a file on disk; never throws. */
export async function readStagedFile(root: string, file: string): Promise<Loaded> {
  const name = path.relative(root, file).split(path.sep).join("/");
  try {
    return decode(await git(["show", `:${name}`], root, MAX_BYTES + 1));
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return tooLarge();
    const detail = (error as { stderr?: Buffer }).stderr?.toString("utf8").trim();
    return { ok: false, reason: "unreadable", message: `cannot be read from the git index: ${detail || "git show failed"}` };
  }
}
