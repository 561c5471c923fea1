/**
 * Roles and the operations that need them.
 *
 * ROLES: the ARM and Cosmos built-in roles are generated from ../shared/azure/roles.json (every one of its 85 roles:
 * the 74 catalog.md names plus the broad ones a report calls out, such as Owner). Names, GUIDs and planes are copied
 * by script, never typed; `flag` is computed from each role's actions/notActions against the ARM operations that
 * hand out keys. Regenerate with the script in the block's header and keep the test
 * (test/catalog/catalog.test.ts) green: it re-reads roles.json.
 *
 * OPERATIONS: every operation → role row in catalog.md (cited as §N), with methods spelled as the JS method names.
 * A (service, client, method) triple appears in one rule only; the index validates that.
 */
import type { OperationRule, RoleEntry, ServiceId } from "./types.js";

// BEGIN GENERATED ROLES: python3 gen_roles.py ../shared/azure/roles.json (names, GUIDs, planes copied; flags from actions)
const BUILT_IN_ROLES: readonly RoleEntry[] = [
  { name: "App Configuration Contributor", id: "fe86443c-f201-4fc4-9d2a-ac61149fbda0", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.AppConfiguration/configurationStores/ListKeys/action" },
  { name: "App Configuration Data Owner", id: "5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b", assignment: "arm-rbac", plane: "data" },
  { name: "App Configuration Data Reader", id: "516239f1-63e1-4d78-a4de-a74fb236a071", assignment: "arm-rbac", plane: "data" },
  { name: "App Configuration Reader", id: "175b81b9-6e0d-490a-85e4-0d422273c10c", assignment: "arm-rbac", plane: "control" },
  { name: "Azure AI Administrator", id: "b78c5d69-af96-48a3-bf8d-a8b4d589de94", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.Storage/storageAccounts/listkeys/action, Microsoft.DocumentDB/databaseAccounts/listKeys/action, Microsoft.DocumentDB/databaseAccounts/readonlykeys/action, Microsoft.DocumentDB/databaseAccounts/listConnectionStrings/action, Microsoft.CognitiveServices/accounts/listkeys/action, Microsoft.Search/searchServices/listAdminKeys/action" },
  { name: "Azure AI Developer", id: "64702f94-c441-49e6-a78b-ef80e0188fee", assignment: "arm-rbac", plane: "data" },
  { name: "Azure Event Hubs Data Owner", id: "f526a384-b230-433a-b45c-95f59c4a2dec", assignment: "arm-rbac", plane: "data", flag: "can list keys: Microsoft.EventHub/namespaces/authorizationRules/listkeys/action" },
  { name: "Azure Event Hubs Data Receiver", id: "a638d3c7-ab3a-418d-83e6-5f17a39d4fde", assignment: "arm-rbac", plane: "data" },
  { name: "Azure Event Hubs Data Sender", id: "2b629674-e913-4c01-ae53-ef4638d8f975", assignment: "arm-rbac", plane: "data" },
  { name: "Azure Managed Redis Contributor", id: "3015e5ed-6856-4ab3-b2f0-b8492aa30ca6", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.Cache/redisEnterprise/databases/listKeys/action" },
  { name: "Azure Service Bus Data Owner", id: "090c5cfd-751d-490a-894a-3ce6f1109419", assignment: "arm-rbac", plane: "data", flag: "can list keys: Microsoft.ServiceBus/namespaces/authorizationRules/listkeys/action" },
  { name: "Azure Service Bus Data Receiver", id: "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", assignment: "arm-rbac", plane: "data" },
  { name: "Azure Service Bus Data Sender", id: "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", assignment: "arm-rbac", plane: "data" },
  { name: "Cognitive Services Contributor", id: "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.CognitiveServices/accounts/listkeys/action" },
  { name: "Cognitive Services Data Reader", id: "b59867f0-fa02-499b-be73-45a86b5b3e1c", assignment: "arm-rbac", plane: "data" },
  { name: "Cognitive Services Language Owner", id: "f07febfe-79bc-46b1-8b37-790e26e6e498", assignment: "arm-rbac", plane: "data", flag: "can list keys: Microsoft.CognitiveServices/accounts/listkeys/action" },
  { name: "Cognitive Services Language Reader", id: "7628b7b8-a8b2-4cdc-b46f-e9b35248918e", assignment: "arm-rbac", plane: "data" },
  { name: "Cognitive Services Language Writer", id: "f2310ca1-dc64-4889-bb49-c8e0fa3d47a8", assignment: "arm-rbac", plane: "data" },
  { name: "Cognitive Services OpenAI Contributor", id: "a001fd3d-188f-4b5d-821b-7da978bf7442", assignment: "arm-rbac", plane: "data" },
  { name: "Cognitive Services OpenAI User", id: "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", assignment: "arm-rbac", plane: "data" },
  { name: "Cognitive Services User", id: "a97b65f3-24c7-4388-baec-2e87135dc908", assignment: "arm-rbac", plane: "data", flag: "can list keys: Microsoft.CognitiveServices/accounts/listkeys/action" },
  { name: "Contributor", id: "b24988ac-6180-42a0-ab88-20f7382dd24c", assignment: "arm-rbac", plane: "control", flag: "broad: actions \"*\" (every operation in scope, listing keys included)" },
  { name: "Cosmos DB Account Reader Role", id: "fbdf93bf-df7d-467e-a4d2-9458aa1360c8", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.DocumentDB/databaseAccounts/readonlykeys/action" },
  { name: "Cosmos DB Built-in Data Contributor", id: "00000000-0000-0000-0000-000000000002", assignment: "cosmos-sql-role", plane: "data" },
  { name: "Cosmos DB Built-in Data Reader", id: "00000000-0000-0000-0000-000000000001", assignment: "cosmos-sql-role", plane: "data" },
  { name: "Cosmos DB Operator", id: "230815da-be43-4aae-9cb4-875f7bd000aa", assignment: "arm-rbac", plane: "control" },
  { name: "DocumentDB Account Contributor", id: "5bd9cd88-fe45-4216-938b-f97437e15450", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.DocumentDB/databaseAccounts/listKeys/action, Microsoft.DocumentDB/databaseAccounts/readonlykeys/action, Microsoft.DocumentDB/databaseAccounts/listConnectionStrings/action" },
  { name: "EventGrid Contributor", id: "1e241071-0855-49ea-94dc-649edcd759de", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.EventGrid/topics/listKeys/action" },
  { name: "EventGrid Data Contributor", id: "1d8c3fe3-8864-474b-8749-01e3783e8157", assignment: "arm-rbac", plane: "data" },
  { name: "EventGrid Data Receiver", id: "78cbd9e7-9798-4e2e-9b5a-547d9ebb31fb", assignment: "arm-rbac", plane: "data" },
  { name: "EventGrid Data Sender", id: "d5a91429-5739-47e2-a06b-3470a27159e7", assignment: "arm-rbac", plane: "data" },
  { name: "Foundry User", id: "53ca6127-db72-4b80-b1b0-d745d6d5456d", assignment: "arm-rbac", plane: "data", flag: "can list keys: Microsoft.CognitiveServices/accounts/listkeys/action" },
  { name: "Key Vault Administrator", id: "00482a5a-887f-4fb3-b363-3b7fe8e74483", assignment: "arm-rbac", plane: "data", flag: "broad: every data operation on the vault (catalog.md §10)" },
  { name: "Key Vault Certificate User", id: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", assignment: "arm-rbac", plane: "data" },
  { name: "Key Vault Certificates Officer", id: "a4417e6f-fecd-4de8-b567-7b0420556985", assignment: "arm-rbac", plane: "data" },
  { name: "Key Vault Crypto Officer", id: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603", assignment: "arm-rbac", plane: "data" },
  { name: "Key Vault Crypto Service Encryption User", id: "e147488a-f6f5-4113-8e2d-b22465e65bf6", assignment: "arm-rbac", plane: "data" },
  { name: "Key Vault Crypto Service Release User", id: "08bbd89e-9f13-488c-ac41-acfcb10c90ab", assignment: "arm-rbac", plane: "data" },
  { name: "Key Vault Crypto User", id: "12338af0-0e69-4776-bea7-57ae8d297424", assignment: "arm-rbac", plane: "data" },
  { name: "Key Vault Data Access Administrator", id: "8b54135c-b56d-4d72-a534-26097cfdc8d8", assignment: "arm-rbac", plane: "control", flag: "manages role assignments on the vault (catalog.md §10)" },
  { name: "Key Vault Reader", id: "21090545-7ca7-4776-b22c-e363652d74d2", assignment: "arm-rbac", plane: "data" },
  { name: "Key Vault Secrets Officer", id: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", assignment: "arm-rbac", plane: "data" },
  { name: "Key Vault Secrets User", id: "4633458b-17de-408a-b874-0445c86b69e6", assignment: "arm-rbac", plane: "data" },
  { name: "Monitoring Contributor", id: "749f88d5-cbae-40b8-bcfc-e573ddc772fa", assignment: "arm-rbac", plane: "control" },
  { name: "Monitoring Metrics Publisher", id: "3913510d-42f4-4e42-8a64-420c390055eb", assignment: "arm-rbac", plane: "data" },
  { name: "Monitoring Reader", id: "43d0d8ad-25c7-4714-9337-8ba259a9fe05", assignment: "arm-rbac", plane: "control" },
  { name: "Owner", id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", assignment: "arm-rbac", plane: "control", flag: "broad: actions \"*\" (every operation in scope, listing keys included)" },
  { name: "Reader", id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", assignment: "arm-rbac", plane: "control" },
  { name: "Reader and Data Access", id: "c12c1c16-33a1-487b-954d-41c89c60f349", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.Storage/storageAccounts/listkeys/action" },
  { name: "Redis Cache Contributor", id: "e0f68234-74aa-48ed-b826-c38b57376e17", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.Cache/redis/listKeys/action" },
  { name: "Role Based Access Control Administrator", id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168", assignment: "arm-rbac", plane: "control" },
  { name: "SQL DB Contributor", id: "9b7fa17d-e63e-47b0-bb0a-15c516ac86ec", assignment: "arm-rbac", plane: "control" },
  { name: "SQL Server Contributor", id: "6d8ee4ec-f05a-4a1d-8b00-a9b17e38b437", assignment: "arm-rbac", plane: "control" },
  { name: "Search Index Data Contributor", id: "8ebe5a00-799e-43f5-93ac-243d3dce84a7", assignment: "arm-rbac", plane: "data" },
  { name: "Search Index Data Reader", id: "1407120a-92aa-4202-b7e9-c0e197c71c8f", assignment: "arm-rbac", plane: "data" },
  { name: "Search Service Contributor", id: "7ca78c08-252a-4471-8644-bb5ff32d4ba0", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.Search/searchServices/listAdminKeys/action" },
  { name: "SignalR AccessKey Reader", id: "04165923-9d83-45d5-8227-78b77b0a687e", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.SignalRService/SignalR/listkeys/action" },
  { name: "SignalR App Server", id: "420fcaa2-552c-430f-98ca-3264be4806c7", assignment: "arm-rbac", plane: "data" },
  { name: "SignalR REST API Owner", id: "fd53cd77-2268-407a-8f46-7e7863d0f521", assignment: "arm-rbac", plane: "data" },
  { name: "SignalR REST API Reader", id: "ddde6b66-c0df-4114-a159-3618637b3035", assignment: "arm-rbac", plane: "data" },
  { name: "SignalR Service Owner", id: "7e4f1700-ea5a-4f59-8f37-079cfe29dce3", assignment: "arm-rbac", plane: "data" },
  { name: "SignalR/Web PubSub Contributor", id: "8cf5e20a-e4b2-4e9d-b3a1-5ceb692c2761", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.SignalRService/SignalR/listkeys/action, Microsoft.SignalRService/WebPubSub/listkeys/action" },
  { name: "Storage Account Contributor", id: "17d1049b-9a84-46fb-8f53-869881c3d3ab", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.Storage/storageAccounts/listkeys/action" },
  { name: "Storage Account Key Operator Service Role", id: "81a9662b-bebf-436f-a333-f67b29880f12", assignment: "arm-rbac", plane: "control", flag: "can list keys: Microsoft.Storage/storageAccounts/listkeys/action" },
  { name: "Storage Blob Data Contributor", id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Blob Data Owner", id: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Blob Data Reader", id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Blob Delegator", id: "db58b8e5-c6ad-4a2a-8342-4190687cbf4a", assignment: "arm-rbac", plane: "control" },
  { name: "Storage File Data Privileged Contributor", id: "69566ab7-960f-475b-8e7c-b3118f30c6bd", assignment: "arm-rbac", plane: "data" },
  { name: "Storage File Data Privileged Reader", id: "b8eda974-7b85-4f76-af95-65846b26df6d", assignment: "arm-rbac", plane: "data" },
  { name: "Storage File Data SMB Share Contributor", id: "0c867c2a-1d8c-454a-a3db-ab2ea1bdc8bb", assignment: "arm-rbac", plane: "data" },
  { name: "Storage File Data SMB Share Elevated Contributor", id: "a7264617-510b-434b-a828-9731dc254ea7", assignment: "arm-rbac", plane: "data" },
  { name: "Storage File Data SMB Share Reader", id: "aba4ae5f-2193-4029-9191-0cb91df5e314", assignment: "arm-rbac", plane: "data" },
  { name: "Storage File Delegator", id: "765a04e0-5de8-4bb2-9bf6-b2a30bc03e91", assignment: "arm-rbac", plane: "control" },
  { name: "Storage Queue Data Contributor", id: "974c5e8b-45b9-4653-ba55-5f855dd0fb88", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Queue Data Message Processor", id: "8a0f0c08-91a1-4084-bc3d-661d67233fed", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Queue Data Message Sender", id: "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Queue Data Reader", id: "19e7f393-937e-4f77-808e-94535e297925", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Queue Delegator", id: "7ee386e9-84f0-448e-80a6-f185f6533131", assignment: "arm-rbac", plane: "control" },
  { name: "Storage Table Data Contributor", id: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Table Data Reader", id: "76199698-9eea-4c19-bc75-cec21354c6b6", assignment: "arm-rbac", plane: "data" },
  { name: "Storage Table Delegator", id: "965033a5-c8eb-4f35-b82f-fef460a3606d", assignment: "arm-rbac", plane: "control" },
  { name: "User Access Administrator", id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", assignment: "arm-rbac", plane: "control" },
  { name: "Web PubSub Service Owner", id: "12cf5a90-567b-43ae-8102-96cf46c7d9b4", assignment: "arm-rbac", plane: "data" },
  { name: "Web PubSub Service Reader", id: "bfb1c7d2-fb1a-466b-b2ba-aee63b92deaf", assignment: "arm-rbac", plane: "data" },
];
// END GENERATED ROLES

/** Roles outside Azure RBAC: the id is what the assignment statement names. */
const DATABASE_AND_CACHE_ROLES: readonly RoleEntry[] = [
  // §18: a contained user created FROM EXTERNAL PROVIDER, then added to database roles.
  { name: "db_datareader", id: "db_datareader", assignment: "sql-contained-user", plane: "data" },
  { name: "db_datawriter", id: "db_datawriter", assignment: "sql-contained-user", plane: "data" },
  { name: "db_ddladmin", id: "db_ddladmin", assignment: "sql-contained-user", plane: "data", flag: "schema changes: only for migrations (§18)" },
  // §19: pgaadauth_create_principal(roleName, isAdmin, isMfa), then GRANT per table.
  { name: "PostgreSQL Entra principal", id: "pgaadauth_create_principal", assignment: "postgres-entra-principal", plane: "data" },
  // §20 (unverified against current docs): CREATE AADUSER '<name>' IDENTIFIED BY '<client-id>', then GRANT.
  { name: "MySQL Entra user", id: "CREATE AADUSER", assignment: "mysql-entra-principal", plane: "data" },
  // §21: built-in Redis data-access policies, assigned per cache.
  { name: "Data Owner", id: "Data Owner", assignment: "redis-access-policy", plane: "data", flag: "includes admin-category commands; the mapping to ACL categories is not verified (§21)" },
  { name: "Data Contributor", id: "Data Contributor", assignment: "redis-access-policy", plane: "data" },
  { name: "Data Reader", id: "Data Reader", assignment: "redis-access-policy", plane: "data" },
];

export const ROLES: readonly RoleEntry[] = [...BUILT_IN_ROLES, ...DATABASE_AND_CACHE_ROLES];

// ---------------------------------------------------------------------------------------------------------------
// Operations

const BLOB_CLIENTS = ["ContainerClient", "BlobClient", "BlockBlobClient", "AppendBlobClient", "PageBlobClient"] as const;
const DATALAKE_PATHS = ["DataLakeFileSystemClient", "DataLakePathClient", "DataLakeDirectoryClient", "DataLakeFileClient"] as const;
const SHARE_PATHS = ["ShareDirectoryClient", "ShareFileClient"] as const;
const SB_RECEIVERS = ["ServiceBusClient", "ServiceBusReceiver", "ServiceBusSessionReceiver"] as const;
const SQL_CLIENTS = ["ConnectionPool", "connect", "Request", "Connection"] as const;
const REDIS_CLIENTS = ["createClient", "default", "Redis"] as const;
const OPENAI_CLIENTS = ["AzureOpenAI", "OpenAI", "default"] as const;
const SAS_MINTING_NOTE =
  "Shared-key SAS minting needs the account key itself: rewrite to a user-delegation SAS (getUserDelegationKey, this role plus the data role for the SAS's permissions) or keep the key (§1).";

export const OPERATIONS: readonly OperationRule[] = [
  // ---- §1 Blob ------------------------------------------------------------------------------------------------
  {
    service: "storage-blob",
    clients: ["BlobServiceClient", ...BLOB_CLIENTS],
    methods: ["download", "downloadToBuffer", "downloadToFile", "exists", "listBlobsFlat", "listBlobsByHierarchy", "listContainers", "query", "getBlockList", "getPageRanges", "getPageRangesDiff"],
    role: "Storage Blob Data Reader",
  },
  // Only container and blob properties: BlobServiceClient.getProperties reads the account's service settings.
  { service: "storage-blob", clients: BLOB_CLIENTS, methods: ["getProperties"], role: "Storage Blob Data Reader" },
  {
    service: "storage-blob",
    clients: ["BlobServiceClient", ...BLOB_CLIENTS, "BlobBatchClient", "BlobLeaseClient"],
    methods: [
      "upload", "uploadData", "uploadFile", "uploadStream", "uploadBrowserData", "syncUploadFromURL", "stageBlock", "stageBlockFromURL",
      "commitBlockList", "appendBlock", "appendBlockFromURL", "seal", "uploadPages", "uploadPagesFromURL", "clearPages", "resize",
      "setMetadata", "setHTTPHeaders", "setAccessTier", "beginCopyFromURL", "syncCopyFromURL", "abortCopyFromURL", "delete",
      "deleteIfExists", "undelete", "createSnapshot", "create", "createIfNotExists", "createContainer", "deleteContainer",
      "uploadBlockBlob", "deleteBlob", "acquireLease", "releaseLease", "renewLease", "breakLease", "changeLease",
      "deleteBlobs", "setBlobsAccessTier", "submitBatch",
    ],
    role: "Storage Blob Data Contributor",
  },
  {
    service: "storage-blob",
    clients: ["BlobServiceClient", ...BLOB_CLIENTS],
    methods: ["setTags", "getTags", "findBlobsByTags"],
    role: "Storage Blob Data Owner",
    note: "Tag dataActions (blobs/tags/*, blobs/filter/action) are not in Contributor: inference from dataActions (§1).",
  },
  { service: "storage-blob", clients: ["ContainerClient"], methods: ["setAccessPolicy", "getAccessPolicy"], role: "Storage Blob Data Owner", note: "Container ACL (§1)." },
  { service: "storage-blob", clients: ["BlobServiceClient"], methods: ["getUserDelegationKey"], role: "Storage Blob Delegator", note: "For user-delegation SAS; the data roles include it too (§1)." },
  {
    service: "storage-blob",
    clients: ["BlobServiceClient", ...BLOB_CLIENTS],
    methods: ["generateSasUrl", "generateAccountSasUrl", "generateSasStringToSign"],
    role: "Storage Blob Delegator",
    requiresKey: true,
    note: SAS_MINTING_NOTE,
  },

  {
    // The Event Hubs consumer claims partitions and writes checkpoints through the store: constructing it around a
    // ContainerClient is the operation (`new` on the wrapper).
    service: "storage-blob",
    clients: ["BlobCheckpointStore"],
    methods: ["new", "claimOwnership", "listOwnership", "updateCheckpoint", "listCheckpoints"],
    role: "Storage Blob Data Contributor",
    note: "An Event Hubs BlobCheckpointStore needs Storage Blob Data Contributor on its checkpoint container (§7).",
  },

  // ---- §2 Data Lake (Blob roles over the dfs endpoint) ----------------------------------------------------------
  {
    service: "storage-datalake",
    clients: ["DataLakeServiceClient", ...DATALAKE_PATHS],
    methods: ["read", "readToBuffer", "readToFile", "exists", "listFileSystems", "listPaths", "query"],
    role: "Storage Blob Data Reader",
  },
  { service: "storage-datalake", clients: DATALAKE_PATHS, methods: ["getProperties"], role: "Storage Blob Data Reader" },
  {
    service: "storage-datalake",
    clients: DATALAKE_PATHS,
    methods: ["create", "createIfNotExists", "delete", "deleteIfExists", "append", "flush", "upload", "uploadData", "uploadFile", "uploadStream", "move", "setMetadata", "setHttpHeaders", "setExpiry", "undeletePath"],
    role: "Storage Blob Data Contributor",
    note: "Rename is move (blobs/move/action), in Contributor (§2).",
  },
  {
    service: "storage-datalake",
    clients: DATALAKE_PATHS,
    methods: ["setAccessControl", "setPermissions", "setAccessControlRecursive", "updateAccessControlRecursive", "removeAccessControlRecursive", "setAccessPolicy", "getAccessPolicy"],
    role: "Storage Blob Data Owner",
    note: "POSIX ACLs and ownership: only Owner has modifyPermissions (§2).",
  },
  { service: "storage-datalake", clients: ["DataLakeServiceClient"], methods: ["getUserDelegationKey"], role: "Storage Blob Delegator" },
  {
    service: "storage-datalake",
    clients: ["DataLakeServiceClient", ...DATALAKE_PATHS],
    methods: ["generateSasUrl", "generateAccountSasUrl", "generateSasStringToSign"],
    role: "Storage Blob Delegator",
    requiresKey: true,
    note: SAS_MINTING_NOTE,
  },

  // ---- §3 Queue ------------------------------------------------------------------------------------------------
  { service: "storage-queue", clients: ["QueueServiceClient"], methods: ["listQueues"], role: "Storage Queue Data Reader" },
  { service: "storage-queue", clients: ["QueueClient"], methods: ["peekMessages", "getProperties", "exists"], role: "Storage Queue Data Reader" },
  { service: "storage-queue", clients: ["QueueClient"], methods: ["sendMessage"], role: "Storage Queue Data Message Sender", note: "An app that also receives needs Sender + Processor, or Contributor (§3)." },
  { service: "storage-queue", clients: ["QueueClient"], methods: ["receiveMessages", "deleteMessage"], role: "Storage Queue Data Message Processor" },
  {
    service: "storage-queue",
    clients: ["QueueServiceClient", "QueueClient"],
    methods: ["create", "createIfNotExists", "delete", "deleteIfExists", "createQueue", "deleteQueue", "setMetadata", "updateMessage", "clearMessages"],
    role: "Storage Queue Data Contributor",
    note: "updateMessage needs messages/write, which Message Sender lacks (§3).",
  },
  {
    service: "storage-queue",
    clients: ["QueueServiceClient"],
    methods: ["getUserDelegationKey"],
    role: "Storage Queue Delegator",
    note: "User-delegation SAS (§3); the method exists only in storage-queue versions that support it.",
  },
  { service: "storage-queue", clients: ["QueueServiceClient", "QueueClient"], methods: ["generateSasUrl", "generateAccountSasUrl", "generateSasStringToSign"], role: "Storage Queue Delegator", requiresKey: true, note: SAS_MINTING_NOTE },

  // ---- §4 Tables ----------------------------------------------------------------------------------------------
  {
    service: "data-tables",
    methods: ["getEntity", "listEntities", "listTables"],
    role: "Storage Table Data Reader",
    note: "On *.table.cosmos.azure.com: Cosmos DB Built-in Data Reader instead (§4).",
  },
  {
    service: "data-tables",
    methods: ["createEntity", "upsertEntity", "updateEntity", "deleteEntity", "submitTransaction", "createTable", "deleteTable"],
    role: "Storage Table Data Contributor",
    note: "On *.table.cosmos.azure.com: Cosmos DB Built-in Data Contributor instead (§4).",
  },

  // ---- §5 Files over REST (only the Privileged roles carry the backup-semantics dataActions) -------------------
  {
    service: "storage-file-share",
    clients: SHARE_PATHS,
    methods: ["download", "downloadToBuffer", "downloadToFile", "getProperties", "exists", "listFilesAndDirectories", "getRangeList", "listHandles"],
    role: "Storage File Data Privileged Reader",
    note: "The SMB share roles lack readFileBackupSemantics and do not work for the SDK token path (§5).",
  },
  {
    service: "storage-file-share",
    clients: SHARE_PATHS,
    methods: [
      "create", "createIfNotExists", "delete", "deleteIfExists", "createFile", "deleteFile", "createSubdirectory", "deleteSubdirectory",
      "uploadData", "uploadFile", "uploadStream", "uploadRange", "uploadRangeFromURL", "clearRange", "resize", "rename", "setMetadata",
      "setProperties", "setHttpHeaders", "startCopyFromURL", "abortCopyFromURL", "forceCloseHandle", "forceCloseAllHandles",
    ],
    role: "Storage File Data Privileged Contributor",
  },
  { service: "storage-file-share", clients: ["ShareClient"], methods: ["createDirectory", "deleteDirectory", "createFile", "deleteFile"], role: "Storage File Data Privileged Contributor" },
  {
    service: "storage-file-share",
    clients: ["ShareServiceClient", "ShareClient"],
    methods: [
      "createShare", "deleteShare", "undeleteShare", "listShares", "create", "createIfNotExists", "delete", "deleteIfExists", "exists",
      "getProperties", "setProperties", "setMetadata", "setQuota", "getStatistics", "createSnapshot", "getAccessPolicy", "setAccessPolicy",
    ],
    role: "Storage Account Contributor",
    controlPlane: true,
    note: "Share management is not in the File Data roles, which only cover data (§5). Prefer creating shares in ARM/Bicep: Storage Account Contributor can list keys.",
  },
  {
    service: "storage-file-share",
    clients: ["ShareServiceClient", "ShareClient", ...SHARE_PATHS],
    methods: ["generateSasUrl", "generateAccountSasUrl", "generateSasStringToSign"],
    role: "Storage File Delegator",
    requiresKey: true,
    note: "Shared-key SAS minting needs the account key. Storage File Delegator is in roles.json; catalog.md §5 does not cover user-delegation SAS for Files.",
  },

  // ---- §6 Service Bus -----------------------------------------------------------------------------------------
  {
    service: "service-bus",
    clients: ["ServiceBusClient", "ServiceBusSender"],
    methods: ["createSender", "sendMessages", "scheduleMessages", "cancelScheduledMessages", "createMessageBatch"],
    role: "Azure Service Bus Data Sender",
  },
  {
    service: "service-bus",
    clients: SB_RECEIVERS,
    methods: [
      "createReceiver", "acceptSession", "acceptNextSession", "subscribe", "receiveMessages", "peekMessages", "getMessageIterator",
      "completeMessage", "abandonMessage", "deferMessage", "deadLetterMessage", "receiveDeferredMessages", "renewMessageLock",
      "deleteMessages", "purgeMessages", "getSessionState", "setSessionState", "renewSessionLock",
    ],
    role: "Azure Service Bus Data Receiver",
  },
  {
    service: "service-bus",
    clients: ["ServiceBusAdministrationClient"],
    anyMethod: true,
    // The methods of ServiceBusAdministrationClient in the 7.x API report.
    methods: [
      "createQueue", "getQueue", "getQueueRuntimeProperties", "listQueues", "listQueuesRuntimeProperties", "updateQueue", "deleteQueue", "queueExists",
      "createTopic", "getTopic", "getTopicRuntimeProperties", "listTopics", "listTopicsRuntimeProperties", "updateTopic", "deleteTopic", "topicExists",
      "createSubscription", "getSubscription", "getSubscriptionRuntimeProperties", "listSubscriptions", "listSubscriptionsRuntimeProperties",
      "updateSubscription", "deleteSubscription", "subscriptionExists", "createRule", "getRule", "listRules", "updateRule", "deleteRule",
      "ruleExists", "getNamespaceProperties",
    ],
    role: "Azure Service Bus Data Owner",
    note: "= SAS Manage (§6).",
  },
  {
    service: "service-bus",
    clients: ["ServiceBusClient", "ServiceBusRuleManager"],
    methods: ["createRuleManager", "createRule", "deleteRule", "listRules"],
    role: "Azure Service Bus Data Owner",
    note: "Rule-manager changes → Owner is an inference (§6).",
  },

  // ---- §7 Event Hubs ------------------------------------------------------------------------------------------
  {
    service: "event-hubs",
    clients: ["EventHubProducerClient", "EventHubBufferedProducerClient"],
    methods: ["sendBatch", "createBatch", "enqueueEvent", "enqueueEvents", "flush", "getEventHubProperties", "getPartitionIds", "getPartitionProperties"],
    role: "Azure Event Hubs Data Sender",
  },
  {
    service: "event-hubs",
    clients: ["EventHubConsumerClient"],
    methods: ["subscribe", "getEventHubProperties", "getPartitionIds", "getPartitionProperties"],
    role: "Azure Event Hubs Data Receiver",
    note: "A BlobCheckpointStore also needs Storage Blob Data Contributor on the checkpoint container (§7).",
  },

  // ---- §8 Cosmos DB (native data-plane roles) --------------------------------------------------------------------
  {
    service: "cosmos",
    clients: ["CosmosClient", "Databases", "Database", "Containers", "Container", "Items", "Item"],
    methods: [
      "read", "readAll", "readMany", "query", "changeFeed", "getChangeFeedIterator", "getDatabaseAccount", "readChangeFeed",
      "readPartitionKeyRanges", "readPartitionKeyDefinition", "getFeedRanges", "getQueryPlan", "getReadEndpoint", "getReadEndpoints",
      "getWriteEndpoint", "getWriteEndpoints",
    ],
    role: "Cosmos DB Built-in Data Reader",
    note: "Queries need both executeQuery and readChangeFeed, which this role has (§8).",
  },
  {
    service: "cosmos",
    clients: ["Items", "Item", "StoredProcedure"],
    methods: ["create", "upsert", "batch", "bulk", "executeBulkOperations", "replace", "patch", "delete", "execute"],
    role: "Cosmos DB Built-in Data Contributor",
  },
  // Deleting every item of a partition is an item write (containers/items/*), in the Contributor role.
  { service: "cosmos", clients: ["Container"], methods: ["deleteAllItemsForPartitionKey"], role: "Cosmos DB Built-in Data Contributor" },
  {
    service: "cosmos",
    clients: ["Databases", "Containers"],
    methods: ["create", "createIfNotExists"],
    role: "Cosmos DB Operator",
    controlPlane: true,
    note: "Data-plane RBAC cannot create databases or containers: do it in ARM/Bicep (Cosmos DB Operator manages without key access) (§8).",
  },
  {
    service: "cosmos",
    clients: ["Database", "Container"],
    methods: ["delete", "replace"],
    role: "Cosmos DB Operator",
    controlPlane: true,
    note: "Deleting or reconfiguring databases and containers is control plane (§8).",
  },

  // ---- §9 App Configuration ------------------------------------------------------------------------------------
  {
    service: "app-configuration",
    methods: ["getConfigurationSetting", "listConfigurationSettings", "listRevisions", "getSnapshot", "listSnapshots", "listConfigurationSettingsForSnapshot", "listLabels"],
    role: "App Configuration Data Reader",
  },
  {
    service: "app-configuration",
    methods: ["addConfigurationSetting", "setConfigurationSetting", "deleteConfigurationSetting", "setReadOnly", "beginCreateSnapshot", "beginCreateSnapshotAndWait", "archiveSnapshot", "recoverSnapshot"],
    role: "App Configuration Data Owner",
  },

  // ---- §10 Key Vault -------------------------------------------------------------------------------------------
  { service: "key-vault-secrets", clients: ["SecretClient"], methods: ["getSecret", "listPropertiesOfSecrets", "listPropertiesOfSecretVersions"], role: "Key Vault Secrets User" },
  {
    service: "key-vault-secrets",
    clients: ["SecretClient"],
    methods: ["setSecret", "beginDeleteSecret", "updateSecretProperties", "backupSecret", "restoreSecretBackup", "purgeDeletedSecret", "beginRecoverDeletedSecret", "getDeletedSecret", "listDeletedSecrets"],
    role: "Key Vault Secrets Officer",
  },
  {
    service: "key-vault-keys",
    clients: ["KeyClient", "CryptographyClient"],
    methods: ["getKey", "encrypt", "decrypt", "sign", "verify", "signData", "verifyData", "wrapKey", "unwrapKey"],
    role: "Key Vault Crypto User",
    note: "Wrap/unwrap only (customer-managed keys): Key Vault Crypto Service Encryption User is smaller (§10).",
  },
  { service: "key-vault-keys", clients: ["KeyClient"], methods: ["releaseKey"], role: "Key Vault Crypto Service Release User" },
  {
    service: "key-vault-keys",
    clients: ["KeyClient"],
    methods: [
      "createKey", "createRsaKey", "createEcKey", "createOctKey", "importKey", "beginDeleteKey", "rotateKey", "updateKeyRotationPolicy",
      "updateKeyProperties", "backupKey", "restoreKeyBackup", "purgeDeletedKey", "beginRecoverDeletedKey",
    ],
    role: "Key Vault Crypto Officer",
  },
  {
    service: "key-vault-keys",
    clients: ["KeyClient"],
    // getKeyRotationPolicy, getDeletedKey, listDeletedKeys: Key Vault Reader's `vaults/*/read` dataAction (roles.json).
    methods: ["listPropertiesOfKeys", "listPropertiesOfKeyVersions", "getKeyRotationPolicy", "getDeletedKey", "listDeletedKeys"],
    role: "Key Vault Reader",
    note: "List/metadata only (§10).",
  },
  {
    service: "key-vault-certificates",
    clients: ["CertificateClient"],
    methods: ["getCertificate", "getCertificateVersion", "getCertificatePolicy"],
    role: "Key Vault Certificate User",
    note: "The private key is downloaded through SecretClient.getSecret, which this role also allows (§10).",
  },
  {
    service: "key-vault-certificates",
    clients: ["CertificateClient"],
    methods: ["listPropertiesOfCertificates", "listPropertiesOfCertificateVersions"],
    role: "Key Vault Reader",
    note: "List/metadata only (§10).",
  },
  {
    service: "key-vault-certificates",
    clients: ["CertificateClient"],
    methods: [
      "beginCreateCertificate", "importCertificate", "beginDeleteCertificate", "updateCertificatePolicy", "updateCertificateProperties",
      "mergeCertificate", "backupCertificate", "restoreCertificateBackup", "purgeDeletedCertificate", "beginRecoverDeletedCertificate",
      "getDeletedCertificate", "listDeletedCertificates", "setContacts", "getContacts", "deleteContacts", "createIssuer", "updateIssuer",
      "getIssuer", "deleteIssuer", "listPropertiesOfIssuers",
    ],
    role: "Key Vault Certificates Officer",
  },

  // ---- §13 Search -----------------------------------------------------------------------------------------------
  {
    service: "search",
    clients: ["SearchClient"],
    // The second line: the generated client behind the ./search subpath (search-documents 13.0.0 typings).
    methods: ["search", "suggest", "autocomplete", "getDocument", "getDocumentsCount",
      "searchGet", "searchPost", "suggestGet", "suggestPost", "autocompleteGet", "autocompletePost", "getDocumentCount"],
    role: "Search Index Data Reader",
  },
  {
    service: "search",
    clients: ["SearchClient", "SearchIndexingBufferedSender"],
    methods: ["uploadDocuments", "mergeDocuments", "mergeOrUploadDocuments", "deleteDocuments", "indexDocuments", "flush", "index"],
    role: "Search Index Data Contributor",
  },
  {
    service: "search",
    clients: ["SearchIndexClient"],
    methods: [
      "createIndex", "createOrUpdateIndex", "deleteIndex", "getIndex", "listIndexes", "listIndexesNames", "getIndexStatistics", "analyzeText",
      "createSynonymMap", "createOrUpdateSynonymMap", "deleteSynonymMap", "getSynonymMap", "listSynonymMaps", "listSynonymMapsNames",
      "createAlias", "createOrUpdateAlias", "deleteAlias", "getAlias", "listAliases", "getServiceStatistics",
    ],
    role: "Search Service Contributor",
    note: "A control-plane role that also covers index, synonym-map and alias definitions, but not querying or indexing documents (§13).",
  },
  {
    service: "search",
    clients: ["SearchIndexerClient"],
    anyMethod: true,
    methods: ["createIndexer", "createOrUpdateIndexer", "deleteIndexer", "runIndexer", "resetIndexer", "getIndexerStatus", "createDataSourceConnection", "createOrUpdateDataSourceConnection", "createSkillset", "createOrUpdateSkillset"],
    role: "Search Service Contributor",
    note: "Indexers, data sources and skillsets (§13).",
  },

  // ---- §14 Event Grid -------------------------------------------------------------------------------------------
  { service: "event-grid", clients: ["EventGridPublisherClient", "EventGridSenderClient"], methods: ["send", "sendEvents"], role: "EventGrid Data Sender" },
  {
    service: "event-grid",
    clients: ["EventGridReceiverClient"],
    methods: ["receiveEvents", "acknowledgeEvents", "releaseEvents", "rejectEvents", "renewEventLocks"],
    role: "EventGrid Data Receiver",
    note: "Sending and receiving together: EventGrid Data Contributor (§14).",
  },

  // ---- §15 Web PubSub ------------------------------------------------------------------------------------------
  { service: "web-pubsub", clients: ["WebPubSubServiceClient"], methods: ["userExists", "groupExists", "connectionExists"], role: "Web PubSub Service Reader" },
  {
    service: "web-pubsub",
    clients: ["WebPubSubServiceClient", "WebPubSubGroup"],
    methods: [
      "sendToAll", "sendToUser", "sendToConnection", "closeConnection", "closeAllConnections", "closeUserConnections", "grantPermission",
      "revokePermission", "hasPermission", "getClientAccessToken", "addConnectionsToGroups", "removeConnectionsFromGroups",
      "removeConnectionFromAllGroups", "removeUserFromAllGroups", "addConnection", "removeConnection", "addUser", "removeUser", "listConnections",
    ],
    role: "Web PubSub Service Owner",
  },

  // ---- §11 OpenAI: openai nests resources, so methods are paths below the client (client.chat.completions.create)
  {
    service: "openai",
    clients: OPENAI_CLIENTS,
    methods: [
      "chat.completions.create", "completions.create", "embeddings.create", "images.generate", "audio.transcriptions.create",
      "audio.translations.create", "audio.speech.create", "responses.create", "models.list",
    ],
    role: "Cognitive Services OpenAI User",
    note: "Cognitive Services User also works but can list keys (§11).",
  },
  {
    // §11 names the families the User role covers: chat.completions, completions, embeddings, images, audio,
    // responses, assistants, realtime, models. `family.*` matches every method below the family.
    service: "openai",
    clients: OPENAI_CLIENTS,
    methods: [
      "chat.*", "completions.*", "embeddings.*", "images.*", "audio.*", "responses.*", "models.*", "realtime.*",
      "beta.assistants.*", "beta.threads.*", "beta.chat.*", "beta.realtime.*",
    ],
    role: "Cognitive Services OpenAI User",
  },
  {
    service: "openai",
    clients: OPENAI_CLIENTS,
    methods: ["fineTuning.*"],
    role: "Cognitive Services OpenAI Contributor",
    note: "Fine-tuning (§11).",
  },
  {
    service: "openai",
    clients: OPENAI_CLIENTS,
    methods: ["fineTuning.jobs.create", "files.create"],
    role: "Cognitive Services OpenAI Contributor",
    note: "Fine-tuning and its file uploads (§11).",
  },
  {
    service: "openai",
    clients: ["OpenAIClient"],
    methods: ["getCompletions", "streamCompletions", "getChatCompletions", "streamChatCompletions", "getEmbeddings"],
    role: "Cognitive Services OpenAI User",
  },

  // ---- §12 Language --------------------------------------------------------------------------------------------
  {
    service: "cognitive-services",
    clients: ["TextAnalysisClient", "TextAnalyticsClient"],
    methods: [
      "analyze", "beginAnalyzeBatch", "restoreAnalyzeBatchPoller", "detectLanguage", "analyzeSentiment", "extractKeyPhrases",
      "recognizeEntities", "recognizePiiEntities", "recognizeLinkedEntities", "beginAnalyzeActions", "beginAnalyzeHealthcareEntities",
    ],
    role: "Cognitive Services Language Reader",
    note: "Least privilege inferred from dataActions; the docs say Cognitive Services User, which can list keys. Verify in a test tenant (§12).",
  },

  // ---- §17 Monitor ---------------------------------------------------------------------------------------------
  {
    service: "monitor",
    clients: ["AzureMonitorTraceExporter", "AzureMonitorMetricExporter", "AzureMonitorLogExporter"],
    methods: ["export"],
    role: "Monitoring Metrics Publisher",
    note: "Publishes all telemetry, not only metrics; scope it to the Application Insights resource (§17).",
  },

  // ---- §18 SQL: the SQL text decides read vs write ----------------------------------------------------------------
  {
    service: "sql",
    clients: SQL_CLIENTS,
    methods: ["query", "batch", "execute", "execSql", "execSqlBatch", "callProcedure", "prepare"],
    role: "db_datareader",
    note: "Add db_datawriter when the statements write, GRANT EXECUTE for procedures, db_ddladmin only for migrations (§18).",
  },
  { service: "sql", clients: SQL_CLIENTS, methods: ["bulk", "execBulkLoad"], role: "db_datawriter" },

  // ---- §19 / §20 PostgreSQL, MySQL ----------------------------------------------------------------------------------
  {
    service: "postgresql",
    clients: ["Client", "Pool"],
    methods: ["connect", "query"],
    role: "PostgreSQL Entra principal",
    note: "Plus GRANT CONNECT on the database and GRANT on the tables it uses (§19).",
  },
  {
    service: "mysql",
    clients: ["createConnection", "createPool"],
    methods: ["query", "execute", "getConnection"],
    role: "MySQL Entra user",
    note: "Plus GRANT on what it uses (§20, unverified).",
  },

  // ---- §21 Redis: read commands → Data Reader, writes → Data Contributor (inference; ACL mapping unverified) -------
  {
    service: "redis",
    clients: REDIS_CLIENTS,
    methods: ["get", "mGet", "mget", "hGet", "hget", "hGetAll", "hgetall", "hmGet", "hmget", "exists", "ttl", "lRange", "lrange", "sMembers", "smembers", "zRange", "zrange", "scan"],
    role: "Data Reader",
    note: "Read commands; the policies' ACL categories are not verified (§21).",
  },
  {
    service: "redis",
    clients: REDIS_CLIENTS,
    methods: [
      "set", "setEx", "setex", "mSet", "mset", "del", "expire", "incr", "decr", "incrBy", "incrby", "hSet", "hset", "hDel", "hdel",
      "lPush", "lpush", "rPush", "rpush", "lPop", "lpop", "rPop", "rpop", "sAdd", "sadd", "sRem", "srem", "zAdd", "zadd", "publish",
    ],
    role: "Data Contributor",
    note: "Normal get/set workloads; Data Owner only for admin-category commands (§21).",
  },
];

// ---------------------------------------------------------------------------------------------------------------
// What the role report needs besides the operation → role rows

/**
 * Role → the roles it grants everything of, among the roles OPERATIONS names. The report drops a role when one that
 * includes it is assigned on the same or a wider scope. Computed from roles.json actions/dataActions (wildcards and
 * notActions honoured); test/report/catalog-data.test.ts recomputes it and requires every computed pair to be here.
 * Three facts are not visible in the action strings and are cited instead.
 */
export const ROLE_INCLUDES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "Storage Blob Data Owner": ["Storage Blob Data Contributor", "Storage Blob Data Reader", "Storage Blob Delegator"],
  "Storage Blob Data Contributor": ["Storage Blob Data Reader", "Storage Blob Delegator"],
  "Storage Blob Data Reader": ["Storage Blob Delegator"],
  // §3: "send+receive together → Storage Queue Data Contributor": its messages/write covers the Sender's add/action.
  "Storage Queue Data Contributor": ["Storage Queue Data Reader", "Storage Queue Data Message Processor", "Storage Queue Data Message Sender"],
  "Storage Table Data Contributor": ["Storage Table Data Reader"],
  "Storage File Data Privileged Contributor": ["Storage File Data Privileged Reader"],
  "Storage Account Contributor": ["Storage File Delegator"],
  "Azure Service Bus Data Owner": ["Azure Service Bus Data Sender", "Azure Service Bus Data Receiver"],
  "Cosmos DB Built-in Data Contributor": ["Cosmos DB Built-in Data Reader"],
  "App Configuration Data Owner": ["App Configuration Data Reader"],
  "Key Vault Secrets Officer": ["Key Vault Secrets User"],
  "Key Vault Crypto Officer": ["Key Vault Crypto User", "Key Vault Crypto Service Release User"],
  "Search Index Data Contributor": ["Search Index Data Reader"],
  "Web PubSub Service Owner": ["Web PubSub Service Reader"],
  "Cognitive Services OpenAI Contributor": ["Cognitive Services OpenAI User"],
  // §21: Redis data-access policies, least first: Data Reader, Data Contributor, Data Owner (not in roles.json).
  "Data Owner": ["Data Contributor", "Data Reader"],
  "Data Contributor": ["Data Reader"],
});

/**
 * One role that grants exactly what these roles grant together, no more: the report assigns it instead of the parts.
 * Computed from roles.json like ROLE_INCLUDES; Event Grid is the only case (§14: "both → EventGrid Data Contributor").
 */
export const ROLE_COMBINATIONS: readonly { readonly role: string; readonly of: readonly string[] }[] = Object.freeze([
  { role: "EventGrid Data Contributor", of: ["EventGrid Data Sender", "EventGrid Data Receiver"] },
]);

/**
 * Methods that make no authorized call to the service: closing a client, event listeners, connection handling. The
 * report neither maps them to a role nor calls them unknown. Names from the installed SDK typings
 * (sdk-signatures.md versions); `service` absent = every service.
 */
export const LOCAL_METHODS: readonly { readonly service?: ServiceId; readonly methods: readonly string[] }[] = Object.freeze([
  { methods: ["close", "dispose", "on", "once", "off", "addListener", "removeListener", "removeAllListeners", "emit", "toString", "toJSON"] },
  // Connecting needs the principal to exist (the user or principal the report creates), no further role.
  { service: "sql", methods: ["connect", "cancel", "pause", "resume", "reset"] },
  { service: "postgresql", methods: ["end", "release"] },
  { service: "mysql", methods: ["end", "destroy", "release"] },
  { service: "redis", methods: ["connect", "quit", "disconnect", "destroy", "duplicate", "ping", "unref", "ref"] },
  // A user-delegation SAS is signed locally with the key getUserDelegationKey returned (that call is the operation, §1).
  ...(["storage-blob", "storage-queue", "storage-datalake", "storage-file-share"] as const).map((service) => ({
    service,
    methods: ["generateUserDelegationSasUrl", "generateUserDelegationSasStringToSign", "generateUserDelegationStringToSign"],
  })),
  { service: "app-configuration", methods: ["updateSyncToken"] },
]);

/** Methods that return the client they are called on (fluent APIs): the chain keeps the client. */
export const FLUENT_METHODS: readonly { readonly service: ServiceId; readonly clients: readonly string[]; readonly methods: readonly string[] }[] = Object.freeze([
  // @types/mssql 12.3.0: `input(name, …): Request`, `output(name, …): Request`.
  { service: "sql", clients: ["Request"], methods: ["input", "output"] },
  // `withSnapshot(snapshot): BlobClient` and kin return the same client for another snapshot or version (typings).
  { service: "storage-blob", clients: ["BlobClient", "BlockBlobClient", "AppendBlobClient", "PageBlobClient"], methods: ["withSnapshot", "withVersion"] },
  { service: "storage-file-share", clients: ["ShareClient"], methods: ["withSnapshot"] },
  { service: "storage-file-share", clients: ["ShareFileClient"], methods: ["withShareSnapshot"] },
]);

/**
 * §18: the SQL text decides the database roles. Statement keywords → the role each needs (a statement with none of
 * them keeps the operation's own role, db_datareader). UPDATE and DELETE read the rows they filter: reader too.
 */
export const SQL_STATEMENT_ROLES: readonly { readonly keywords: readonly string[]; readonly roles: readonly string[] }[] = Object.freeze([
  { keywords: ["SELECT"], roles: ["db_datareader"] },
  { keywords: ["INSERT", "MERGE", "TRUNCATE"], roles: ["db_datawriter"] },
  { keywords: ["UPDATE", "DELETE"], roles: ["db_datawriter", "db_datareader"] },
  { keywords: ["CREATE", "ALTER", "DROP"], roles: ["db_ddladmin"] },
]);
