import { docsUrl } from "../../../rules/create-rule.js";
import { rules } from "../../../rules/index.js";
import { findingFingerprint } from "../../scan/baseline.js";
import type { ScanError, ScanFinding, ScanResult } from "../../scan/types.js";

export interface SarifOptions {
  /** the keyless version, for `tool.driver.version` */
  readonly version?: string | undefined;
}

const INFORMATION_URI = "https://github.com/keyless-dev/eslint-plugin-keyless";

type Level = "error" | "warning";

const LEVEL: Record<keyof typeof rules, Level> = {
  "no-hardcoded-connection-string": "error",
  "no-hardcoded-credential": "error",
  "no-hardcoded-secret": "error",
  "prefer-managed-identity": "warning",
};

/** GitHub code scanning ranks alerts by this CVSS-like score: a leaked key is high, key-based auth from config is medium. */
const SECURITY_SEVERITY: Record<Level, string> = { error: "8.0", warning: "4.0" };

const RULE_NAMES = Object.keys(rules) as (keyof typeof rules)[];

/** `src/My File.ts` → `src/My%20File.ts`: SARIF locations are URI references. */
function uriOf(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

function ruleDescriptor(name: keyof typeof rules): Record<string, unknown> {
  const meta = rules[name].meta;
  const description = meta?.docs?.description ?? name;
  const helpUri = docsUrl(name);
  const level = LEVEL[name];
  return {
    id: `keyless/${name}`,
    name: name.replace(/(?:^|-)([a-z])/gu, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: description },
    fullDescription: { text: description },
    helpUri,
    help: { text: `${description}. See ${helpUri}`, markdown: `${description}. [Documentation](${helpUri})` },
    defaultConfiguration: { level },
    properties: {
      tags: level === "error" ? ["security", "secrets", "external/cwe/cwe-798"] : ["security", "maintainability"],
      precision: level === "error" ? "high" : "very-high",
      "problem.severity": level,
      "security-severity": SECURITY_SEVERITY[level],
    },
  };
}

function result(f: ScanFinding): Record<string, unknown> {
  const name = f.ruleId.replace(/^keyless\//u, "");
  return {
    ruleId: f.ruleId,
    ruleIndex: RULE_NAMES.indexOf(name as keyof typeof rules),
    level: f.severity,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.file), uriBaseId: "%SRCROOT%" },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    // The fingerprint of the key material: the same alert across line moves, and never the secret itself.
    partialFingerprints: { "secretFingerprint/v1": findingFingerprint(f) },
    properties: {
      kind: f.kind,
      service: f.service,
      confidence: f.confidence,
      origin: f.origin,
      ...(f.secret ? { redacted: f.secret.redacted } : {}),
    },
  };
}

function notification(e: ScanError): Record<string, unknown> {
  return {
    level: e.reason === "parse-error" ? "note" : "warning",
    message: { text: `${e.file}: ${e.message}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(e.file), uriBaseId: "%SRCROOT%" } } }],
    properties: { reason: e.reason },
  };
}

/** `--format sarif`: SARIF 2.1.0 for GitHub code scanning, with every keyless rule described and linked to its docs. */
export function formatSarif(scan: ScanResult, options: SarifOptions = {}): string {
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "keyless",
            informationUri: INFORMATION_URI,
            ...(options.version ? { version: options.version, semanticVersion: options.version } : {}),
            rules: RULE_NAMES.map(ruleDescriptor),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: scan.errors.map(notification) }],
        columnKind: "utf16CodeUnits",
        results: scan.findings.map(result),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
