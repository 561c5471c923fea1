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
