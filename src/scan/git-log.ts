import { spawn } from "node:child_process";
import { GitError } from "./git.js";

/**
 * Reading `git log -p` (and `git grep`) output as it arrives: a line splitter that never holds more than one capped
 * line, and a patch parser that turns lines into commit, file and added/removed-line events. Neither ever holds more
 * than the current line, so a history of any size passes through in constant memory.
 */

/** A line of output: its text (at most the cap, without the line break and a CR before it) and whether it was longer. */
export type LineHandler = (text: string, overlong: boolean) => void;

/** Splits bytes into lines; a line longer than `maxBytes` keeps only its first `maxBytes` bytes and is flagged. */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private overlong = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: LineHandler,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.take(chunk, start, nl);
      this.flush();
      start = nl + 1;
    }
    this.take(chunk, start, chunk.length);
  }

  end(): void {
    if (this.size > 0 || this.overlong) this.flush();
  }

  private take(chunk: Buffer, from: number, to: number): void {
    if (from === to) return;
    const room = this.maxBytes - this.size;
    let end = to;
    if (end - from > room) {
      this.overlong = true;
      end = from + room;
    }
    if (end <= from) return;
    this.parts.push(chunk.subarray(from, end));
    this.size += end - from;
  }

  private flush(): void {
    const bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.size);
    let text = bytes.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const overlong = this.overlong;
    this.parts = [];
    this.size = 0;
    this.overlong = false;
    this.onLine(text, overlong);
  }
}

export interface CommitInfo {
  readonly sha: string;
  /** empty for a root commit (and for the oldest commits of a shallow clone) */
  readonly parents: readonly string[];
  /** author date, strict ISO 8601 */
  readonly date: string;
  /** the subject line as written: may hold anything, a secret included; never printed as is */
  readonly subject: string;
}

/** What the patch parser reports, in the order of the output. */
export interface PatchEvents {
  commit(info: CommitInfo): void;
  /** a file's changes begin; `path` is the new path (the old one for a deletion), relative to the repository root */
  file(path: string, binary: boolean): void;
  /** a `+` line: `line` is its 1-based line in the new file; `text` is undefined for a line over the cap */
  added(line: number, text: string | undefined): void;
  /** a `-` line; `text` is undefined for a line over the cap */
  removed(text: string | undefined): void;
  /** the current file's changes end */
  fileEnd(): void;
  /** the current commit ends */
  commitEnd(): void;
}

/**
 * The `--format` of each commit's header line. It starts with a NUL byte, which no line of a patch can: content
 * lines start with `+`, `-`, ` ` or `\`, and git's own header lines with a keyword. The subject goes last, so nothing
 * it holds can shift the other fields.
 */
export const COMMIT_FORMAT = "%x00%H %P%x00%aI%x00%s";

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/u;

/**
 * Turns `git log -p --unified=0` lines into events. Lines inside a hunk are told apart by the hunk header's counts,
 * never by their look, so a content line that reads like a header (`+++ b/x`, `diff --git`) is still content.
 */
export class PatchParser {
  private inCommit = false;
  private header: { path: string | undefined; renamedTo: string | undefined; fromGitLine: string | undefined; oldPath: string | undefined; started: boolean } | undefined;
  private oldLeft = 0;
  private newLeft = 0;
  private newLine = 0;

  constructor(private readonly events: PatchEvents) {}

  readonly line: LineHandler = (text, overlong) => {
    if (this.oldLeft > 0 || this.newLeft > 0) {
      const mark = text.charCodeAt(0);
      if (mark === 43 /* + */) {
        this.events.added(this.newLine++, overlong ? undefined : text.slice(1));
        this.newLeft--;
        return;
      }
      if (mark === 45 /* - */) {
        this.events.removed(overlong ? undefined : text.slice(1));
        this.oldLeft--;
        return;
      }
      if (mark === 32 /* space: context, when hunks were merged */) {
        this.newLine++;
        this.oldLeft--;
        this.newLeft--;
        return;
      }
      if (mark === 92 /* \ No newline at end of file */) return;
      // Anything else means the counts and the output disagree: fall through and read it as a header.
      this.oldLeft = 0;
      this.newLeft = 0;
    }
    if (text.charCodeAt(0) === 0) {
      this.endCommit();
      const [head = "", date = "", ...subject] = text.slice(1).split("\0");
      const [sha = "", ...parents] = head.split(" ").filter((p) => p.length > 0);
      this.inCommit = true;
      this.events.commit({ sha, parents, date, subject: subject.join(" ") });
      return;
    }
    if (!this.inCommit) return;
    if (text.startsWith("diff --git ")) {
      this.endFile();
      this.header = { path: undefined, renamedTo: undefined, oldPath: undefined, fromGitLine: text.slice("diff --git ".length), started: false };
      return;
    }
    const header = this.header;
    if (!header) return;
    if (text.startsWith("@@ ")) {
      const m = HUNK.exec(text);
      if (!m) return;
      this.startFile(false);
      this.oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      this.newLine = Number(m[2]);
      this.newLeft = m[3] === undefined ? 1 : Number(m[3]);
      return;
    }
    if (header.started) return;
    if (text.startsWith("+++ ")) {
      const name = gitPath(text.slice(4));
      if (name !== undefined) header.path = stripPrefix(name, "b/");
    } else if (text.startsWith("--- ")) {
      const name = gitPath(text.slice(4));
      if (name !== undefined) header.oldPath = stripPrefix(name, "a/");
    } else if (text.startsWith("rename to ") || text.startsWith("copy to ")) {
      header.renamedTo = gitPath(text.slice(text.indexOf(" to ") + 4));
    } else if (text.startsWith("Binary files ")) {
      this.startFile(true);
    }
  };

  /** Ends the last commit: call once the output is exhausted. */
  end(): void {
    this.endCommit();
  }

  private startFile(binary: boolean): void {
    const header = this.header;
    if (!header || header.started) return;
    header.started = true;
    const name = header.path ?? header.renamedTo ?? header.oldPath ?? pathFromDiffLine(header.fromGitLine ?? "");
    this.events.file(name, binary);
  }

  private endFile(): void {
    if (this.header?.started) this.events.fileEnd();
    this.header = undefined;
    this.oldLeft = 0;
    this.newLeft = 0;
  }

  private endCommit(): void {
    this.endFile();
    if (this.inCommit) this.events.commitEnd();
    this.inCommit = false;
  }
}

function stripPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** A path as git prints it in a patch header: `/dev/null` is none; C-style quoting (`"a/\303\251 x"`) is undone. */
export function gitPath(raw: string): string | undefined {
  const text = raw.replace(/\t$/u, "");
  if (text === "/dev/null") return undefined;
  return text.startsWith('"') ? unquote(text).value : text;
}

const ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/** Undoes git's C-style quoting (`\303\251` are UTF-8 bytes) from the opening quote; `rest` is what follows the closing quote. */
function unquote(text: string): { value: string; rest: string } {
  const raw = Buffer.from(text, "utf8");
  const bytes: number[] = [];
  let i = 1;
  for (; i < raw.length && raw[i] !== 34; i++) {
    const c = raw[i] ?? 0;
    if (c !== 92) {
      bytes.push(c);
      continue;
    }
    const next = raw[++i] ?? 0;
    if (next >= 48 && next <= 55) {
      bytes.push(parseInt(raw.subarray(i, i + 3).toString("latin1"), 8));
      i += 2;
    } else {
      bytes.push(ESCAPES[String.fromCharCode(next)] ?? next);
    }
  }
  return { value: Buffer.from(bytes).toString("utf8"), rest: raw.subarray(i + 1).toString("utf8") };
}

/**
 * The path in `diff --git a/<p> b/<p>`, needed only when no other header names it (a binary file). With spaces in
 * names the line is ambiguous unless both sides are equal, which they are for anything but a rename.
 */
function pathFromDiffLine(rest: string): string {
  if (rest.startsWith('"')) {
    const first = unquote(rest);
    const second = first.rest.trimStart();
    return stripPrefix(second.startsWith('"') ? unquote(second).value : second, "b/");
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.slice(2, half) === rest.slice(half + 3)) return rest.slice(2, half);
  const at = rest.lastIndexOf(" b/");
  return at >= 0 ? rest.slice(at + 3) : rest;
}

/**
 * Runs git and hands its standard output to `onLine`, line by line, as it arrives. The output is read only as fast as
 * it is handled (git waits on a full pipe), so memory stays at one chunk and one line however long the output is.
 * `input` is written to git's standard input. Exit codes in `okCodes` are success; any other is a GitError with
 * git's own message.
 */
export async function streamGit(args: readonly string[], cwd: string, maxLine: number, onLine: LineHandler, options: { input?: string; okCodes?: readonly number[] } = {}): Promise<void> {
  const child = spawn("git", args, { cwd, stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      resolve(code);
    });
  });
  // A failure to start arrives while the output is read; it is reported below, not as an unhandled rejection.
  exited.catch(() => undefined);
  // git's messages are short; keep the first few kilobytes only.
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  // git may exit before reading all of its input (no match needed the rest): not an error.
  child.stdin.on("error", () => undefined);
  child.stdin.end(options.input);
  const splitter = new LineSplitter(maxLine, onLine);
  try {
    for await (const chunk of child.stdout) splitter.push(chunk as Buffer);
    splitter.end();
  } catch (error) {
    child.kill();
    await exited.catch(() => undefined);
    throw error;
  }
  let code: number | null;
  try {
    code = await exited;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new GitError(missing ? "git is not installed (or not on PATH)" : `git could not be started: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!(options.okCodes ?? [0]).includes(code ?? -1)) {
    const said = stderr.trim().split("\n")[0];
    throw new GitError(said ? said.replace(/^(?:fatal|error): /u, "") : `git exited with code ${String(code)}`);
  }
}
