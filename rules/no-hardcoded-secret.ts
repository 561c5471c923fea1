import { createRule } from "./create-rule.js";

export default createRule({
  name: "no-hardcoded-secret",
  type: "problem",
  recommended: true,
  description: "Disallow secrets in source code and comments, recognised by format or by a secret-named binding",
  messages: {
    secret: "Hard-coded {{label}}{{service}} ({{redacted}}): {{why}}. Flow: {{flow}}. Move it out of the code and rotate it. See {{docs}}",
    expiredSas:
      "Hard-coded {{label}} ({{redacted}}): {{why}}. Flow: {{flow}}. Remove it; the key that signed it may still be valid. See {{docs}}",
    secretInComment: "{{label}} in a comment ({{redacted}}): {{why}}. Delete it and rotate it: comments ship in source and in git history. See {{docs}}",
    readFromEnv: "Read it from {{variable}} instead",
  },
});
