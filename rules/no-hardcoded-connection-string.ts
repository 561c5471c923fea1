import { createRule } from "./create-rule.js";

export default createRule({
  name: "no-hardcoded-connection-string",
  type: "problem",
  recommended: true,
  description: "Disallow Azure and database connection strings that carry key material in source code",
  messages: {
    connectionString:
      "Hard-coded {{label}}{{service}} with key material ({{redacted}}). Flow: {{flow}}. Move the client to managed identity (a token credential and an RBAC role) and rotate the key. See {{docs}}",
    readFromEnv: "Read it from {{variable}} instead",
  },
});
