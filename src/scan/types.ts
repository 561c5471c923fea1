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
