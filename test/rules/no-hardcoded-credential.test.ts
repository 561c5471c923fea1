import rule from "../../rules/no-hardcoded-credential.js";
import { ruleTester } from "../helpers/rule-tester.js";

const KEY = "pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9cfCmZ/a/lkyU81lSvTfrXFA==";
const HEX = "5ec84d8dbc74254770f58904dba41ecc";

ruleTester.run("no-hardcoded-credential", rule, {
  valid: [
    { code: `import { AzureKeyCredential } from "@azure/core-auth";\nconst c = new AzureKeyCredential(process.env.SEARCH_KEY!);` },
    { code: `import { AzureKeyCredential } from "@azure/core-auth";\nconst c = new AzureKeyCredential("fake-key");` },
    { code: `import { StorageSharedKeyCredential } from "@azure/storage-blob";\nconst c = new StorageSharedKeyCredential("fake", "fake");` },
    // A local class with the same name is not the SDK's.
    { code: `class AzureKeyCredential { constructor(readonly k: string) {} }\nconst c = new AzureKeyCredential("${HEX}");` },
  ],
  invalid: [
    {
      code: `import { AzureKeyCredential } from "@azure/core-auth";\nconst c = new AzureKeyCredential("${HEX}");`,
      errors: [{ messageId: "credential", line: 2, column: 35, endColumn: 67, suggestions: [{ messageId: "readFromEnv", output: `import { AzureKeyCredential } from "@azure/core-auth";\nconst c = new AzureKeyCredential(process.env.AZURE_SECRET);` }] }],
    },
    {
      // Reported at the definition, through a const and an aliased import.
      code: [`import { StorageSharedKeyCredential as Shared } from "@azure/storage-blob";`, `const accountValue = "${KEY}";`, `const cred = new Shared("contosodata", accountValue);`].join("\n"),
      errors: [{ messageId: "credential", line: 2, suggestions: [{ messageId: "readFromEnv", output: [`import { StorageSharedKeyCredential as Shared } from "@azure/storage-blob";`, `const accountValue = process.env.ACCOUNT_VALUE;`, `const cred = new Shared("contosodata", accountValue);`].join("\n") }] }],
    },
    {
      code: [`import sql from "mssql";`, `const pool = await sql.connect({ server: "contoso.database.windows.net", user: "app", password: "Pa55word!2024" });`].join("\n"),
      errors: [{ messageId: "credential", line: 2, suggestions: [{ messageId: "readFromEnv", output: [`import sql from "mssql";`, `const pool = await sql.connect({ server: "contoso.database.windows.net", user: "app", password: process.env.AZURE_SQL_PASSWORD });`].join("\n") }] }],
    },
  ],
});
