import { formatSarif, type SarifOptions } from "../report/findings/sarif.js";
import { formatStylish, type StylishOptions } from "../report/findings/stylish.js";
import type { HistoryFinding, HistoryResult, SecretHistory } from "./types.js";

/**
 * `keyless scan --history` output. The findings reporters render the findings as for any scan; these add what the
 * history knows about each (first commit, commits holding it, HEAD), so the two kinds of report read alike.
 * (`--format json` needs nothing more: it is the result as is.)
 */

const ROTATE =
  "A secret that ever entered the git history must be rotated, even if a later commit removed it: earlier commits, clones, forks and caches keep it. See docs/scan.md#scanning-git-history.";

const short = (sha: string): string => sha.slice(0, 12);
const day = (date: string): string => date.slice(0, 10);
const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? "" : "s"}`;

/** A subject is the author's text: no control characters (terminal escapes) and no more than a line's worth. */
function printable(subject: string): string {
  // eslint-disable-next-line no-control-regex -- exactly the characters to remove
  const clean = subject.replace(/[\u0000-\u001f\u007f-\u009f]/gu, " ");
  return clean.length > 72 ? `${clean.slice(0, 71)}…` : clean;
}

function whereNow(h: SecretHistory): string {
  if (h.presentAtHead === true) return "still at HEAD";
  if (h.presentAtHead === false) return h.removedIn ? `removed in ${short(h.removedIn.sha)} (${day(h.removedIn.date)})` : "no longer at HEAD";
  return "whether HEAD holds it is unknown";
}

/** `added in 1a2b3c4d5e6f (2024-05-01, "Add storage") · removed in 5e6f7a8b9c0d (2024-05-02) · in 1 commit` */
export function provenance(h: SecretHistory): string {
  const first = `added in ${short(h.firstCommit.sha)} (${day(h.firstCommit.date)}, "${printable(h.firstCommit.subject)}")`;
  const count = h.commits === null ? "" : ` · in ${plural(h.commits, "commit")}`;
  return `${first} · ${whereNow(h)}${count}`;
}

export function formatHistoryStylish(result: HistoryResult, options: StylishOptions = {}): string {
  const findings = result.findings.map((f): HistoryFinding => ({ ...f, message: `${f.message} [${provenance(f.history)}]` }));
  const out = [formatStylish({ ...result, findings }, options).trimEnd()];
  const h = result.history;
  const atHead = result.findings.filter((f) => f.history.presentAtHead === true).length;
  out.push(
    `git history: ${plural(h.commits, "commit")} walked (${h.revisions.join(" ")}), ${plural(h.changes, "file change")} scanned` +
      (result.findings.length > 0 ? `; ${String(atHead)} of ${plural(result.findings.length, "secret")} still at HEAD` : ""),
  );
  if (result.findings.length > 0) out.push(ROTATE);
  for (const note of h.notes) out.push(`note: ${note}`);
  return `${out.join("\n")}\n`;
}

/**
 * SARIF 2.1.0 as for a scan, plus the repository and HEAD in the run's `versionControlProvenance`, and per result the
 * commit that added the secret (in the location's message and the result's properties).
 */
export function formatHistorySarif(result: HistoryResult, options: SarifOptions = {}): string {
  const log = JSON.parse(formatSarif(result, options)) as { runs: { results: SarifResult[]; [key: string]: unknown }[] };
  const run = log.runs[0];
  if (run) {
    run.versionControlProvenance = [{ repositoryUri: result.history.repository, ...(result.history.head ? { revisionId: result.history.head } : {}) }];
    run.properties = { history: { revisions: result.history.revisions, commits: result.history.commits, shallow: result.history.shallow, notes: result.history.notes } };
    run.results.forEach((r, i) => {
      const h = result.findings[i]?.history;
      if (!h) return;
      const location = r.locations?.[0];
      if (location) location.message = { text: `added in commit ${h.firstCommit.sha}` };
      r.message = { text: `${r.message.text} [${provenance(h)}]` };
      r.properties = { ...r.properties, commit: h.firstCommit.sha, firstCommit: h.firstCommit, commits: h.commits, presentAtHead: h.presentAtHead, removedIn: h.removedIn };
    });
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}

interface SarifResult {
  message: { text: string };
  locations?: { message?: { text: string } }[];
  properties?: Record<string, unknown>;
}
