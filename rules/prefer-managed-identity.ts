import { createRule } from "./create-rule.js";

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
  },
});
