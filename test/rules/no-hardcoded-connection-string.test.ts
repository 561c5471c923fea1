import rule from "../../rules/no-hardcoded-connection-string.js";
import { ruleTester } from "../helpers/rule-tester.js";

const KEY = "pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9cfCmZ/a/lkyU81lSvTfrXFA==";
const STORAGE = `DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
const SB_KEY = "J6Cus/7pIy+K8iEfnuSRxbEL7LVWO/web5NCfsvI/ik=";

ruleTester.run("no-hardcoded-connection-string", rule, {
  valid: [
    { code: `const conn = "UseDevelopmentStorage=true";` },
    { code: `const conn = process.env.AZURE_STORAGE_CONNECTION_STRING ?? "";` },
    { code: `const conn = "DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=<your-account-key>;EndpointSuffix=core.windows.net";` },
    { code: `const conn = "DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=*****;EndpointSuffix=core.windows.net";` },
    { code: "const conn = `DefaultEndpointsProtocol=https;AccountName=${name};AccountKey=${key};EndpointSuffix=core.windows.net`;" },
    { code: `const ai = "InstrumentationKey=0d5a9c0e-6e5b-4e6a-9a7b-1f2e3d4c5b6a;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";` },
    { code: `const sb = "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";` },
  ],
  invalid: [
    {
      code: `const storageConnectionString = "${STORAGE}";`,
      errors: [
        {
          messageId: "connectionString",
          line: 1,
          // The key material itself is underlined: in a multi-line string, that is the line to fix.
          column: 34 + STORAGE.indexOf(KEY),
          endColumn: 34 + STORAGE.indexOf(KEY) + KEY.length,
          suggestions: [{ messageId: "readFromEnv", output: "const storageConnectionString = process.env.STORAGE_CONNECTION_STRING;" }],
        },
      ],
    },
    {
      code: `const conn = process.env.SB_CONNECTION || "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${SB_KEY}";`,
      errors: [{ messageId: "connectionString", line: 1, suggestions: [{ messageId: "readFromEnv", output: "const conn = process.env.SB_CONNECTION;" }] }],
    },
    {
      // Each part of a concatenation that holds key material is reported on its own line.
      code: ["const conn =", `  "DefaultEndpointsProtocol=https;AccountName=contosodata;" +`, `  "AccountKey=${KEY};" +`, `  "EndpointSuffix=core.windows.net";`].join("\n"),
      errors: [{ messageId: "connectionString", line: 3, suggestions: [] }],
    },
  ],
});
