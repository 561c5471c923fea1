import rule from "../../rules/no-hardcoded-secret.js";
import { ruleTester } from "../helpers/rule-tester.js";

const SECRET = "ZYn9ZhyiA4uoRgq7XbT2mKp0Ls";

ruleTester.run("no-hardcoded-secret", rule, {
  valid: [
    { code: `const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";` },
    { code: `const commit = "9fceb02d0ae598e95dc970b74767f19372d61af8";` },
    { code: `const integrity = "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR";` },
    { code: `const password = "changeme";` },
    { code: `const apiKey = "YOUR_API_KEY";` },
    { code: `const translationKey = "settings.profile.displayName";` },
  ],
  invalid: [
    {
      code: `const clientSecret = "${SECRET}";`,
      errors: [{ messageId: "secret", line: 1, column: 23, endColumn: 23 + SECRET.length, suggestions: [{ messageId: "readFromEnv", output: "const clientSecret = process.env.CLIENT_SECRET;" }] }],
    },
    {
      code: `// old: client_secret=${SECRET}\nexport {};`,
      errors: [{ messageId: "secretInComment", line: 1, suggestions: [] }],
    },
    {
      code: `const link = "https://contoso.blob.core.windows.net/docs/x.pdf?sv=2020-08-04&se=2021-03-01T00%3A00%3A00Z&sr=b&sp=r&sig=Xq0T3nJ9S1Vb2QmA8eRwYzU4kL7pH6cD5fG0aI1oE2s%3D";`,
      errors: [{ messageId: "expiredSas", line: 1, suggestions: [{ messageId: "readFromEnv", output: "const link = process.env.LINK;" }] }],
    },
  ],
});
