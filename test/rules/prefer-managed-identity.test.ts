import rule from "../../rules/prefer-managed-identity.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester.run("prefer-managed-identity", rule, {
  valid: [
    { code: `import { BlobServiceClient } from "@azure/storage-blob";\nimport { DefaultAzureCredential } from "@azure/identity";\nconst c = new BlobServiceClient("https://contosodata.blob.core.windows.net", new DefaultAzureCredential());` },
    { code: `import { CosmosClient } from "@azure/cosmos";\nimport { ManagedIdentityCredential } from "@azure/identity";\nconst c = new CosmosClient({ endpoint: "https://contoso.documents.azure.com", aadCredentials: new ManagedIdentityCredential() });` },
    // Not the SDK: a local function that happens to share the name.
    { code: `const BlobServiceClient = { fromConnectionString: (s: string) => s };\nBlobServiceClient.fromConnectionString(process.env.X!);` },
  ],
  invalid: [
    {
      // The suggestion is keyless migrate's own edit for this client: endpoint from the connection string, one credential.
      code: [
        `import { BlobServiceClient } from "@azure/storage-blob";`,
        `const conn = "DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9cfCmZ/a/lkyU81lSvTfrXFA==;EndpointSuffix=core.windows.net";`,
        `export const blobs = BlobServiceClient.fromConnectionString(conn);`,
      ].join("\n"),
      errors: [
        {
          messageId: "preferManagedIdentity",
          line: 3,
          suggestions: [
            {
              messageId: "useManagedIdentity",
              output: [
                `import { DefaultAzureCredential } from "@azure/identity";`,
                `import { BlobServiceClient } from "@azure/storage-blob";`,
                ``,
                `const credential = new DefaultAzureCredential();`,
                `export const blobs = new BlobServiceClient("https://contosodata.blob.core.windows.net", credential);`,
              ].join("\n"),
            },
          ],
        },
      ],
    },
    {
      code: `import { BlobServiceClient } from "@azure/storage-blob";\nconst c = BlobServiceClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING!);`,
      errors: [{ messageId: "preferManagedIdentity", line: 2, column: 11 }],
    },
    {
      code: `const storage = require("@azure/storage-blob");\nconst c = storage.BlobServiceClient.fromConnectionString(process.env.CONN);`,
      errors: [{ messageId: "preferManagedIdentity", line: 2 }],
    },
    {
      code: `import * as sb from "@azure/service-bus";\nconst c = new sb.ServiceBusClient(process.env.SERVICEBUS_CONNECTION_STRING!);`,
      errors: [{ messageId: "preferManagedIdentity", line: 2 }],
    },
    {
      code: `import { CosmosClient } from "@azure/cosmos";\nconst c = new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT!, key: process.env.COSMOS_KEY });`,
      errors: [{ messageId: "preferManagedIdentity", line: 2 }],
    },
  ],
});
