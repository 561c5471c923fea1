import ts from "typescript";
import { migrateClient } from "../codemods/managed-identity/suggestion.js";
import type { FileAnalysis, FindingSuggestion, SecretFinding } from "../src/analysis/secrets.js";
import { createRule } from "./create-rule.js";

/** The innermost node that starts at an offset: the client construction a finding points at. */
function nodeAt(sf: ts.SourceFile, offset: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart(sf) <= offset && offset < node.end) {
      if (node.getStart(sf) === offset) found = node;
      ts.forEachChild(node, visit);
    }
  };
  visit(sf);
  return found;
}

/** The same edit `keyless migrate` makes for this one client, offered as a suggestion. */
function useManagedIdentity(finding: SecretFinding, sf: ts.SourceFile, analysis: FileAnalysis): FindingSuggestion[] {
  const node = nodeAt(sf, finding.start);
  if (!node) return [];
  const result = migrateClient(sf, node);
  if (result.status !== "migrated" || result.edits.length === 0) return [];
  // A suggestion's text ends up in formatter output (eslint -f json): never one that carries key material along.
  const material = analysis.findings.filter((f) => f.rule !== "prefer-managed-identity").map((f) => sf.text.slice(f.start, f.end));
  if (result.edits.some((e) => material.some((m) => m.length >= 8 && e.text.includes(m)))) return [];
  return [{ messageId: "useManagedIdentity", data: {}, edits: result.edits }];
}

export default createRule({
  name: "prefer-managed-identity",
  type: "suggestion",
  recommended: true,
  description: "Prefer managed identity (token credentials) over keys, connection strings and passwords for Azure clients",
  messages: {
    preferManagedIdentity:
      "{{client}} authenticates with {{auth}} ({{source}}). Use a token credential such as DefaultAzureCredential with a managed identity, and grant it an RBAC role. See {{docs}}",
    legacyClient:
      "{{client}} is a legacy SDK that authenticates with {{auth}} ({{source}}); move to the current Azure SDK package to use managed identity. See {{docs}}",
    useManagedIdentity: "Use managed identity (DefaultAzureCredential), as keyless migrate would",
  },
  suggest: useManagedIdentity,
});
