import type { SecretFinding } from "../analysis/secrets.js";
import type { LineIndex } from "./lines.js";
import { docsUrl, formatMessage } from "./message.js";
import type { ScanFinding } from "./types.js";

/** A finding of the shared analysis, placed in its file and worded as the ESLint rule words it. */
export function toScanFinding(finding: SecretFinding, file: string, lines: LineIndex): ScanFinding {
  const start = lines.position(finding.start);
  const end = lines.position(finding.end);
  return {
    ruleId: `keyless/${finding.rule}`,
    messageId: finding.messageId,
    kind: finding.kind,
    service: finding.service ?? null,
    severity: finding.rule === "prefer-managed-identity" ? "warning" : "error",
    confidence: finding.confidence,
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: formatMessage(finding.rule, finding.messageId, finding.data),
    secret: finding.redacted !== undefined && finding.fingerprint !== undefined ? { redacted: finding.redacted, fingerprint: finding.fingerprint } : null,
    origin: finding.origin,
    docsUrl: docsUrl(finding.rule, finding.messageId),
  };
}

export function compareFindings(a: ScanFinding, b: ScanFinding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
