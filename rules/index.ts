import type { Rule } from "eslint";
import noHardcodedConnectionString from "./no-hardcoded-connection-string.js";
import noHardcodedCredential from "./no-hardcoded-credential.js";
import noHardcodedSecret from "./no-hardcoded-secret.js";
import preferManagedIdentity from "./prefer-managed-identity.js";

export const rules = {
  "no-hardcoded-connection-string": noHardcodedConnectionString,
  "no-hardcoded-credential": noHardcodedCredential,
  "no-hardcoded-secret": noHardcodedSecret,
  "prefer-managed-identity": preferManagedIdentity,
} satisfies Record<string, Rule.RuleModule>;
