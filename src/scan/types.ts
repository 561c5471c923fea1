import type { Confidence } from "../catalog/types.js";

/** One finding, in the shape of `keyless scan --format json` (version 1). */
export interface ScanFinding {
  readonly ruleId: `keyless/${string}`;
  readonly messageId: string;
  readonly kind: string;
  readonly service: string | null;
  readonly severity: "error" | "warning";
  readonly confidence: Confidence;
  /** relative to the current directory, `/`-separated */
  readonly file: string;
  /** 1-based */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  /** redacted form and fingerprint of the key material; `null` for prefer-managed-identity (no secret in the code) */
  readonly secret: { readonly redacted: string; readonly fingerprint: string } | null;
  readonly origin: string;
  readonly docsUrl: string;
}

/** Why a file was not (fully) scanned. */
export type ScanErrorReason = "not-found" | "unreadable" | "binary" | "too-large" | "parse-error" | "analysis-failed";

export interface ScanError {
  readonly file: string;
  readonly message: string;
  readonly reason: ScanErrorReason;
  /** `--history`: the first commit where the file could not be scanned */
  readonly commit?: string;
}

export interface ScanStats {
  /** files read and scanned */
  readonly files: number;
  readonly durationMs: number;
  /** findings left out because their fingerprints are in the baseline (only with `--baseline`) */
  readonly baselined?: number;
}

export interface ScanResult {
  readonly version: 1;
  readonly findings: readonly ScanFinding[];
  readonly errors: readonly ScanError[];
  readonly stats: ScanStats;
}

/** A commit as history findings name it. */
export interface CommitRef {
  readonly sha: string;
  /** author date, ISO 8601 */
  readonly date: string;
}

/** Where a secret found by `keyless scan --history` has been. */
export interface SecretHistory {
  /** the first commit of the walk (parents before children, else by date) whose changes add it */
  readonly firstCommit: CommitRef & {
    /** the commit's subject, any secret in it redacted */
    readonly subject: string;
  };
  /** how many of the walked commits hold it in a scanned file; `null` when its key material cannot be followed */
  readonly commits: number | null;
  /** is it in a scanned file of HEAD? `null` when there is no HEAD or the key material cannot be followed */
  readonly presentAtHead: boolean | null;
  /** the last commit of the walk that took it out of the last file holding it, when it is no longer at HEAD */
  readonly removedIn: CommitRef | null;
}

export interface HistoryFinding extends ScanFinding {
  readonly history: SecretHistory;
}

/** What `keyless scan --history` walked. */
export interface HistoryRun {
  /** the repository: its `origin` remote without credentials, else its directory as a `file:` URI */
  readonly repository: string;
  /** the revisions given to `git log` (`HEAD`, a range, `--all`) */
  readonly revisions: readonly string[];
  /** the commit HEAD names, `null` in a repository without commits */
  readonly head: string | null;
  /** a shallow clone: history before its oldest fetched commits was not scanned */
  readonly shallow: boolean;
  /** commits walked */
  readonly commits: number;
  /** changes to scanned files in those commits (`stats.files` counts the distinct files) */
  readonly changes: number;
  readonly notes: readonly string[];
}

/** `keyless scan --history --format json`: the scan result, each finding with its history, and the walk. */
export interface HistoryResult extends ScanResult {
  readonly findings: readonly HistoryFinding[];
  readonly history: HistoryRun;
}
