import { createRule } from "./create-rule.js";

export default createRule({
  name: "no-hardcoded-credential",
  type: "problem",
  recommended: true,
  description: "Disallow literal keys, secrets and passwords in Azure credential and client positions",
  messages: {
    credential:
      "Hard-coded {{label}}{{service}} passed to {{sink}} ({{redacted}}). Flow: {{flow}}. Use a token credential (managed identity) instead of a key, and rotate it. See {{docs}}",
    readFromEnv: "Read it from {{variable}} instead",
  },
});
