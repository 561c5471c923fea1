import { realpath } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fingerprint, redactAll } from "../detect/redact.js";
import { detectSecrets } from "../detect/text.js";
import type { Baseline } from "./baseline.js";
import { createContext, scanText, type ScanSettings } from "./file-scan.js";
import { compareFindings, toScanFinding } from "./finding.js";
import { fileKind, inSkippedDirectory, type FileKind } from "./files.js";
import { git, GitError, gitFailure } from "./git.js";
import { COMMIT_FORMAT, PatchParser, streamGit, type CommitInfo, type PatchEvents } from "./git-log.js";
import { MAX_BYTES } from "./source.js";
import type { CommitRef, HistoryFinding, HistoryResult, ScanError, ScanErrorReason, ScanFinding, SecretHistory } from "./types.js";

export interface HistoryOptions {
  /** what relative paths in arguments and in the result are relative to */
  readonly cwd: string;
  /** only changes to these paths (git pathspecs, relative to `cwd`); the whole repository when empty */
  readonly paths?: readonly string[] | undefined;
  /** revisions and ranges for `git log` (`main..feature`, `v1.2.0..`); `HEAD` when empty and not `all` */
  readonly revisions?: readonly string[] | undefined;
  /** every ref: branches, tags, remote-tracking branches, stashes (`git log --all`) */
  readonly all?: boolean | undefined;
  /** only commits more recent than this date (`git log --since`) */
  readonly since?: string | undefined;
  /** secrets whose fingerprints are in the baseline are left out, whatever rule first found them */
  readonly baseline?: Baseline | undefined;
  /** the time SAS expiry is judged against (tests pin it) */
  readonly now?: Date | undefined;
}

/**
 * A line longer than this is not scanned (minified bundles, data on one line) and is listed under `errors`: it is
 * also what bounds the memory one line of `git log` output can take.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/** Key material shorter than this is not followed through later commits: too likely to occur by chance. */
const MIN_MARKER = 8;

/**
 * `git log` as the history scan reads it. Every setting that would change the output's shape is pinned, whatever
 * the user's configuration says:
 * - `--patch --unified=0 --inter-hunk-context=0`: only changed lines, no context, so only added lines are scanned;
 * - `--diff-merges=first-parent`: a merge shows what it brought into its first parent, so a secret introduced by a
 *   conflict resolution is seen, and the lines each commit holds can be followed from parent to child;
 * - `--find-renames`: a renamed file is not a deletion plus an addition, so it is not scanned again in full;
 * - `--no-textconv --no-ext-diff --no-color`, fixed `a/` `b/` prefixes, `core.quotePath=false`, no signatures;
 *   binary files show as `Binary files … differ` and are listed, not scanned;
 * - `--date-order --reverse`: parents before children (else oldest first), so the first sighting is the first commit;
 *   git lists the commits before the first patch, which holds commit ids in memory, never patches.
 */
export function logArguments(options: { revisions: readonly string[]; all: boolean; since: string | undefined; paths: readonly string[] }): string[] {
  return [
    ...["-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "log.showRoot=true", "-c", "diff.relative=false"],
    "log",
    "--patch",
    "--unified=0",
    "--inter-hunk-context=0",
    "--diff-merges=first-parent",
    "--find-renames",
    "--no-textconv",
    "--no-ext-diff",
    "--no-color",
    "--submodule=short",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--encoding=UTF-8",
    "--date-order",
    "--reverse",
    `--format=${COMMIT_FORMAT}`,
    ...(options.since === undefined ? [] : [`--since=${options.since}`]),
    ...(options.all ? ["--all"] : []),
    "--end-of-options",
    ...options.revisions,
    "--",
    ...options.paths,
  ];
}

interface Repository {
  readonly root: string;
  readonly head: string | null;
  readonly shallow: boolean;
  readonly uri: string;
}

async function openRepository(cwd: string): Promise<Repository> {
  let root: string;
  try {
    root = await realpath((await git(["rev-parse", "--show-toplevel"], cwd)).toString("utf8").trim());
  } catch (error) {
    throw new GitError(`--history needs a git repository: ${gitFailure(error)}`);
  }
  const head = await git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root).then(
    (out) => out.toString("utf8").trim() || null,
    () => null,
  );
  const shallow = await git(["rev-parse", "--is-shallow-repository"], root).then(
    (out) => out.toString("utf8").trim() === "true",
    () => false,
  );
  const remote = await git(["config", "--get", "remote.origin.url"], root).then(
    (out) => out.toString("utf8").trim(),
    () => "",
  );
  return { root, head, shallow, uri: repositoryUri(remote, root) };
}

/**
 * The repository as a URI, for SARIF's `versionControlProvenance`: the `origin` remote without any user name or
 * password (a token in a remote URL is a secret too), `git@host:path` as `ssh://host/path`, else the local directory.
 */
export function repositoryUri(remote: string, root: string): string {
  const scp = /^[^@/\s]+@([^:/\s]+):(?!\/)(\S+)$/u.exec(remote);
  if (scp) return `ssh://${scp[1] ?? ""}/${scp[2] ?? ""}`;
  try {
    const url = new URL(remote);
    if (["https:", "http:", "ssh:", "git:"].includes(url.protocol)) {
      url.username = "";
      url.password = "";
      return url.href;
    }
  } catch {
    // not a URL: a local path or nothing
  }
  return pathToFileURL(root).href;
}

/** Paths relative to the repository root → the kind scan reads them as, or undefined for files scan leaves alone. */
type Selection = (name: string) => FileKind | undefined;

/**
 * The files the working-tree scan would read: known kinds, no lockfiles, nothing inside node_modules, dist, build,
 * coverage below the repository root, or below a path the user named (naming `dist` scans it).
 */
function selection(root: string, cwd: string, paths: readonly string[]): Selection {
  const bases = paths
    .map((p) => path.resolve(cwd, p))
    .filter((p) => p === root || p.startsWith(root + path.sep))
    .sort((a, b) => b.length - a.length);
  return (name) => {
    const kind = fileKind(name);
    if (!kind) return undefined;
    const file = path.join(root, name);
    const base = bases.find((b) => file === b || file.startsWith(b + path.sep)) ?? root;
    return inSkippedDirectory(base, file) ? undefined : kind;
  };
}

interface Sighting {
  /** where it was first added */
  readonly finding: ScanFinding;
  readonly first: SecretHistory["firstCommit"];
  /** walk position of the first commit */
  readonly order: number;
  /** the longest line of the key material: what later lines and HEAD are searched for */
  marker: string | undefined;
  commits: number;
  removedIn: CommitRef | undefined;
}

type ProblemKind = "binary" | "too-large" | "long-lines" | "analysis-failed";

interface Problem {
  readonly file: string;
  readonly kind: ProblemKind;
  readonly first: string;
  commits: number;
  lines: number;
  readonly message: string | undefined;
}

interface OpenFile {
  readonly name: string;
  readonly file: string;
  readonly kind: FileKind;
  added: { readonly line: number; readonly text: string }[];
  bytes: number;
  longLines: number;
  tooLarge: boolean;
}

/** Fingerprint → how many scanned lines hold the key material, after some commit. Shared between commits while unchanged. */
type Holdings = ReadonlyMap<string, number>;
const NOTHING: Holdings = new Map();

/**
 * The walk: detection over the lines each commit adds, and the bookkeeping that follows every secret found through
 * later commits. Added lines are held for one file of one commit at a time (at most 1 MiB); a commit's holdings are
 * a map per commit that changes them, shared with the children that do not.
 */
class HistoryWalk implements PatchEvents {
  commits = 0;
  /** changes to scanned files, and the distinct files they touch */
  changes = 0;
  readonly files = new Set<string>();
  readonly sightings = new Map<string, Sighting>();
  /** marker → fingerprint */
  readonly markers = new Map<string, string>();
  readonly problems = new Map<string, Problem>();
  private readonly holdings = new Map<string, Holdings>();
  private current: { readonly info: CommitInfo; readonly order: number; readonly base: Holdings; readonly delta: Map<string, number> } | undefined;
  private open: OpenFile | undefined;

  constructor(
    private readonly root: string,
    private readonly selected: Selection,
    private readonly settings: ScanSettings,
  ) {}

  commit(info: CommitInfo): void {
    const parent = info.parents[0];
    this.current = { info, order: this.commits++, base: (parent === undefined ? undefined : this.holdings.get(parent)) ?? NOTHING, delta: new Map() };
  }

  file(name: string, binary: boolean): void {
    const kind = this.selected(name);
    this.open = undefined;
    if (!kind) return;
    if (binary) {
      this.problem(name, "binary");
      return;
    }
    this.open = { name, file: path.join(this.root, name), kind, added: [], bytes: 0, longLines: 0, tooLarge: false };
  }

  added(line: number, text: string | undefined): void {
    const open = this.open;
    if (!open) return;
    if (text === undefined) {
      open.longLines++;
    } else if (open.tooLarge) {
      this.follow(text, 1);
    } else {
      open.added.push({ line, text });
      open.bytes += text.length + 1;
      if (open.bytes > MAX_BYTES) {
        open.tooLarge = true;
        for (const a of open.added) this.follow(a.text, 1);
        open.added = [];
      }
    }
  }

  removed(text: string | undefined): void {
    if (this.open && text !== undefined) this.follow(text, -1);
  }

  fileEnd(): void {
    const open = this.open;
    this.open = undefined;
    if (!open) return;
    this.changes++;
    this.files.add(open.name);
    if (open.longLines > 0) this.problem(open.name, "long-lines", undefined, open.longLines);
    if (open.tooLarge) this.problem(open.name, "too-large");
    if (open.added.length === 0) return;
    this.detect(open);
    for (const a of open.added) this.follow(a.text, 1);
  }

  commitEnd(): void {
    const c = this.current;
    this.current = undefined;
    if (!c) return;
    let now = c.base;
    if ([...c.delta.values()].some((d) => d !== 0)) {
      const next = new Map(c.base);
      for (const [print, d] of c.delta) {
        const n = (next.get(print) ?? 0) + d;
        // Below zero: lines that held the material before it was first recognised as a secret are leaving.
        if (n > 0) next.set(print, n);
        else next.delete(print);
      }
      for (const print of c.base.keys()) {
        const sighting = this.sightings.get(print);
        if (!next.has(print) && sighting) sighting.removedIn = { sha: c.info.sha, date: c.info.date };
      }
      now = next;
    }
    for (const print of now.keys()) {
      const sighting = this.sightings.get(print);
      if (sighting) sighting.commits++;
    }
    if (now.size > 0) this.holdings.set(c.info.sha, now);
  }

  /**
   * The added lines of one file in one commit, scanned as the working-tree scan scans a file: each line at its
   * own line number (the lines between stay empty), so positions, flows and `eslint-disable` comments read as in the
   * file. A whole new file is the whole file, and TypeScript goes through the full analysis; a fragment that does not
   * parse goes through the string detectors, as a file with syntax errors does.
   */
  private detect(open: OpenFile): void {
    const commit = this.current;
    if (!commit) return;
    const parts: string[] = [];
    let at = 1;
    for (const a of open.added) {
      parts.push("\n".repeat(Math.max(0, a.line - at)), a.text);
      at = Math.max(at, a.line);
    }
    const text = parts.join("");
    const scanned = scanText(open.file, open.kind, text, createContext(new Map([[open.file, text]]), this.settings));
    // A fragment that does not parse is the normal case here, not a problem worth listing.
    if (scanned.error?.reason === "analysis-failed") this.problem(open.name, "analysis-failed", scanned.error.message);
    for (const found of scanned.findings) {
      const print = found.fingerprint;
      if (print === undefined) continue;
      let sighting = this.sightings.get(print);
      if (sighting?.marker !== undefined) continue;
      // The offsets are those of the material in the text, unless an escape sits inside it: then it cannot be followed.
      const material = text.slice(found.start, found.end);
      const marker = fingerprint(material) === print ? longestLine(material) : undefined;
      if (marker !== undefined && marker.length >= MIN_MARKER && !this.markers.has(marker)) this.markers.set(marker, print);
      if (!sighting) {
        sighting = {
          finding: toScanFinding(found, scanned.label, scanned.lines),
          first: { sha: commit.info.sha, date: commit.info.date, subject: redactSubject(commit.info.subject, this.markers) },
          order: commit.order,
          marker: undefined,
          commits: 0,
          removedIn: undefined,
        };
        this.sightings.set(print, sighting);
      }
      if (marker !== undefined && this.markers.get(marker) === print) sighting.marker = marker;
    }
  }

  /** A line enters (+1) or leaves (-1) a file: every secret whose material it holds is held by one line more or less. */
  private follow(text: string, sign: 1 | -1): void {
    const commit = this.current;
    if (!commit || this.markers.size === 0 || text.length < MIN_MARKER) return;
    for (const [marker, print] of this.markers) {
      if (text.includes(marker)) commit.delta.set(print, (commit.delta.get(print) ?? 0) + sign);
    }
  }

  private problem(name: string, kind: ProblemKind, message?: string, lines = 0): void {
    const key = `${kind}\u0000${name}`;
    const known = this.problems.get(key);
    if (known) {
      known.commits++;
      known.lines += lines;
    } else {
      this.problems.set(key, { file: name, kind, first: this.current?.info.sha ?? "", commits: 1, lines, message });
    }
  }
}

function longestLine(material: string): string {
  return material.split(/\r?\n/u).reduce((a, b) => (b.length > a.length ? b : a), "");
}

/** A commit subject can hold a secret too (a pasted connection string): each one the detectors or the walk know is redacted. */
function redactSubject(subject: string, markers: ReadonlyMap<string, string>): string {
  const found = detectSecrets(subject).map((m) => subject.slice(m.start, m.end));
  const known = [...markers.keys()].filter((m) => subject.includes(m));
  return redactAll(subject, [...found, ...known]);
}

/** The fingerprints whose markers occur in a scanned file of HEAD (`git grep`, the markers passed on standard input, never as arguments). */
async function presentAtHead(root: string, markers: ReadonlyMap<string, string>, selected: Selection): Promise<Set<string>> {
  const present = new Set<string>();
  if (markers.size === 0) return present;
  const args = [
    ...["-c", "grep.lineNumber=false", "-c", "grep.column=false", "-c", "grep.fullName=true", "-c", "core.quotePath=false"],
    ...["grep", "--fixed-strings", "-I", "--only-matching", "-z", "--no-color", "-f", "-", "HEAD", "--"],
  ];
  await streamGit(
    args,
    root,
    MAX_LINE_BYTES,
    (line) => {
      const nul = line.indexOf("\u0000");
      if (nul < 0) return;
      const print = markers.get(line.slice(nul + 1));
      if (print !== undefined && selected(line.slice(0, nul).replace(/^HEAD:/u, ""))) present.add(print);
    },
    { input: `${[...markers.keys()].join("\n")}\n`, okCodes: [0, 1] },
  );
  return present;
}

function problemError(p: Problem, label: (name: string) => string): ScanError {
  const where = `${p.commits === 1 ? "in commit" : `in ${String(p.commits)} commits, first`} ${p.first.slice(0, 12)}`;
  const [reason, message]: [ScanErrorReason, string] =
    p.kind === "binary"
      ? ["binary", `binary file ${where}: not scanned`]
      : p.kind === "too-large"
        ? ["too-large", `more than 1 MiB added at once ${where}: not scanned`]
        : p.kind === "long-lines"
          ? ["too-large", `${String(p.lines)} line${p.lines === 1 ? "" : "s"} longer than ${String(MAX_LINE_BYTES / 1024)} KiB (minified or generated) ${where}: not scanned`]
          : ["analysis-failed", `${p.message ?? "could not be analysed"} (${where})`];
  return { file: label(p.file), reason, message, commit: p.first };
}

/**
 * `keyless scan --history`: every secret that entered the git history, once per fingerprint, with the commit that
 * first added it, how many commits hold it, and whether HEAD still does. `git log -p` is read as it streams.
 */
export async function scanHistory(options: HistoryOptions): Promise<HistoryResult> {
  const started = performance.now();
  const repo = await openRepository(options.cwd);
  const cwd = await realpath(options.cwd);
  const paths = options.paths ?? [];
  const all = options.all === true;
  const revisions = options.revisions && options.revisions.length > 0 ? options.revisions : all ? [] : ["HEAD"];
  const selected = selection(repo.root, cwd, paths);
  const settings: ScanSettings = { cwd, includeEnv: false, now: options.now };
  const walk = new HistoryWalk(repo.root, selected, settings);
  const notes: string[] = [];

  if (repo.head === null && revisions.length === 1 && revisions[0] === "HEAD") {
    notes.push("the repository has no commits yet: there is no history to scan");
  } else {
    const parser = new PatchParser(walk);
    await streamGit(logArguments({ revisions, all, since: options.since, paths }), cwd, MAX_LINE_BYTES, parser.line);
    parser.end();
  }
  if (repo.shallow) {
    notes.push(
      "this is a shallow clone: the history is truncated. Commits before the oldest fetched ones were not scanned, and secrets in those commits' files show as first added in the oldest fetched commit (git fetch --unshallow fetches the rest).",
    );
  }
  if (options.since !== undefined || revisions.some((r) => r !== "HEAD")) {
    notes.push("only part of the history was walked: first commits and commit counts are those within it.");
  }

  const present = repo.head === null ? new Set<string>() : await presentAtHead(repo.root, walk.markers, selected);
  const findings: HistoryFinding[] = [...walk.sightings.entries()]
    .sort(([, a], [, b]) => a.order - b.order || compareFindings(a.finding, b.finding))
    .map(([print, s]) => {
      const followed = s.marker !== undefined;
      const atHead = followed && repo.head !== null ? present.has(print) : null;
      return {
        ...s.finding,
        history: {
          firstCommit: s.first,
          commits: followed ? s.commits : null,
          presentAtHead: atHead,
          removedIn: atHead === false ? (s.removedIn ?? null) : null,
        },
      };
    });

  const known = new Set(options.baseline?.findings.map((e) => e.fingerprint) ?? []);
  const kept = options.baseline ? findings.filter((f) => f.secret === null || !known.has(f.secret.fingerprint)) : findings;
  const label = (name: string): string => path.relative(cwd, path.join(repo.root, name)).split(path.sep).join("/");
  const errors = [...walk.problems.values()].map((p) => problemError(p, label)).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    version: 1,
    findings: kept,
    errors,
    stats: {
      files: walk.files.size,
      durationMs: Math.round(performance.now() - started),
      ...(options.baseline ? { baselined: findings.length - kept.length } : {}),
    },
    history: {
      repository: repo.uri,
      revisions: all ? ["--all", ...revisions] : revisions,
      head: repo.head,
      shallow: repo.shallow,
      commits: walk.commits,
      changes: walk.changes,
      notes,
    },
  };
}
