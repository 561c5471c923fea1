import { createHash } from "node:crypto";

/** The stable, non-reversible id of a secret: what baselines and SARIF fingerprints use. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 16)}`;
}

/** `Acco…(88)`: enough to recognise, never enough to use. */
export function redact(secret: string): string {
  const shown = secret.length >= 12 ? 4 : secret.length >= 6 ? 2 : 0;
  return `${secret.slice(0, shown)}…(${String(secret.length)})`;
}

/** `Acco…(88) sha256:1a2b3c4d`, the form every human-facing output uses. */
export function redactWithFingerprint(secret: string): string {
  return `${redact(secret)} ${fingerprint(secret).slice(0, 15)}`;
}

/** Replace every occurrence of each secret in a text (diffs, logs) with its redacted form. */
export function redactAll(text: string, secrets: Iterable<string>): string {
  let out = text;
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(redactWithFingerprint(secret));
  return out;
}
