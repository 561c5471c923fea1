import { readFile, writeFile } from "node:fs/promises";
import { fingerprint } from "../detect/redact.js";
import type { ScanFinding } from "./types.js";

/**
 * Known findings, by rule and fingerprint of the key material: a baselined secret stays silent wherever it moves
 * (other lines, reformatting, a renamed file), and a new secret is reported even on a baselined line.
 * The file holds fingerprints and redacted forms only, never a secret.
 */
export interface Baseline {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly ruleId: string;
  readonly fingerprint: string;
  /** where it was when the baseline was written: for the reader, not for matching */
  readonly file: string;
  readonly kind: string;
}

export class BaselineError extends Error {
  override readonly name = "BaselineError";
}

/**
 * The identity of a finding. prefer-managed-identity has no secret to hash: the client, auth kind and file name
 * it, which also survive line moves.
 */
export function findingFingerprint(f: ScanFinding): string {
  return f.secret?.fingerprint ?? fingerprint(`${f.ruleId}\u0000${f.file}\u0000${f.message}`);
}

const keyOf = (ruleId: string, print: string): string => `${ruleId} ${print}`;

export function createBaseline(findings: readonly ScanFinding[]): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const print = findingFingerprint(f);
    const key = keyOf(f.ruleId, print);
    if (!entries.has(key)) entries.set(key, { ruleId: f.ruleId, fingerprint: print, file: f.file, kind: f.kind });
  }
  const sorted = [...entries.values()].sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  return { version: 1, findings: sorted };
}

export function applyBaseline(findings: readonly ScanFinding[], baseline: Baseline): ScanFinding[] {
  const known = new Set(baseline.findings.map((e) => keyOf(e.ruleId, e.fingerprint)));
  return findings.filter((f) => !known.has(keyOf(f.ruleId, findingFingerprint(f))));
}

/** `name`: the file as the user wrote it, for messages. */
export async function readBaseline(file: string, name = file): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BaselineError(`the baseline ${name} is not JSON`);
  }
  if (!isBaseline(data)) throw new BaselineError(`the baseline ${name} is not a keyless baseline (version 1 with findings[] of { ruleId, fingerprint })`);
  return data;
}

function isBaseline(data: unknown): data is Baseline {
  if (typeof data !== "object" || data === null) return false;
  const { version, findings } = data as { version?: unknown; findings?: unknown };
  return (
    version === 1 &&
    Array.isArray(findings) &&
    findings.every((e: unknown) => typeof e === "object" && e !== null && typeof (e as BaselineEntry).ruleId === "string" && typeof (e as BaselineEntry).fingerprint === "string")
  );
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`, "utf8");
}
