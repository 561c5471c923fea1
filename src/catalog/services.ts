/**
 * Azure SDK clients, credential classes and per-service facts, as data.
 *
 * Sources (never memory): ../shared/azure/catalog.md (cited as §N), ../shared/azure/sdk-signatures.md (the .d.ts
 * lines), ../shared/corpus/real-world-patterns.md (cited as "patterns §N"). Where a fact came from elsewhere the
 * entry says so. Argument positions are 0-based everywhere ("param 3" in catalog.md is `arg: 2`).
 *
 * Conventions the consumers rely on:
 * - A client is identified by `value.package` + `value.name`; that pair is unique in CLIENTS.
 * - Key forms are listed most specific first: where arg 0 is either an options object or a connection string
 *   (Cosmos, mssql, pg, mysql, redis), the option-path forms come before the positional one.
 * - For every client with a `tokenForm`, a ClientSecretCredential / ClientCertificateCredential /
 *   UsernamePasswordCredential at `tokenForm.credentialAt` is secret-based auth too. Only Key Vault lists it as a key
 *   form, because Key Vault has no other (§10).
 */
import type { AssignmentKind, AuthKind, ClientEntry, CredentialEntry, KeyForm, ServiceId, TokenForm } from "./types.js";

// ---------------------------------------------------------------------------------------------------------------
// Shared shapes

/** `new X(url, credential?, options?)`: every Storage client (§1–§3, §5). */
const URL_THEN_CREDENTIAL: TokenForm = { endpointAt: { arg: 0 }, credentialAt: { arg: 1 } };
/** `new X(url-with-SAS)` or `new X(url-with-SAS, new AnonymousCredential())` (§1). */
const SAS_IN_URL: KeyForm = { via: "new", auth: "sas", at: { arg: 0 }, inUrl: true };
/** `new X(url, new StorageSharedKeyCredential(account, key))` (§1). */
const SHARED_KEY_ARG_1: KeyForm = { via: "new", auth: "shared-key", at: { arg: 1 } };
const FROM_CONNECTION_STRING: KeyForm = { via: { static: "fromConnectionString" }, auth: "connection-string", at: { arg: 0 } };
/** `new X(connectionString, …)` overloads that share the slot with a URL or a host name. */
const NEW_CONNECTION_STRING_ARG_0: KeyForm = { via: "new", auth: "connection-string", at: { arg: 0 }, onlyIfConnectionString: true };
/** Files OAuth over REST is denied without the backup intent (§5, `ShareClientConfig.fileRequestIntent`). */
const FILES_INTENT = { fileRequestIntent: "backup" } as const;
/** `new X(url, credential?, options?)` on Files: the intent goes into the options at arg 2 (§5). */
const FILES_TOKEN: TokenForm = { ...URL_THEN_CREDENTIAL, extraOptions: FILES_INTENT, optionsAt: 2 };
/** `getBearerTokenProvider(credential, scopes)` from @azure/identity 4.13.1 (catalog.md "Generic facts"). */
const BEARER_TOKEN_PROVIDER = { kind: "bearer-token-provider", provider: { package: "@azure/identity", name: "getBearerTokenProvider" } } as const;
/** Key Vault has no key form: the secret is a ClientSecretCredential (or its kin) at arg 1 (§10). */
const ENTRA_SECRET_ARG_1: readonly KeyForm[] = [
  { via: "new", auth: "client-secret", at: { arg: 1 } },
  { via: "new", auth: "password", at: { arg: 1 } },
];

const id = (pkg: string, name: string): string => `${pkg} › ${name}`;

// ---------------------------------------------------------------------------------------------------------------
// Clients

const BLOB = "@azure/storage-blob";
const DATALAKE = "@azure/storage-file-datalake";
const QUEUE = "@azure/storage-queue";
const TABLES = "@azure/data-tables";
const FILES = "@azure/storage-file-share";
const SERVICE_BUS = "@azure/service-bus";
const EVENT_HUBS = "@azure/event-hubs";
const COSMOS = "@azure/cosmos";
const SEARCH = "@azure/search-documents";

/** §1: Blob clients share the connection-string constructor `(connStr, container, blob, options?)`. */
const blobClient = (name: string, derived: ClientEntry["derived"]): ClientEntry => ({
  id: id(BLOB, name),
  service: "storage-blob",
  value: { package: BLOB, name },
  keyForms: [NEW_CONNECTION_STRING_ARG_0, SHARED_KEY_ARG_1, SAS_IN_URL],
  // Blob URL = {serviceUrl}/{encodeURIComponent(container)}/{encodeURIComponent(blob)} (Clients.js, storage-blob 12.32.0).
  tokenForm: { ...URL_THEN_CREDENTIAL, urlPathFromKeyArgs: [1, 2], urlPathEncoding: "uri-component" },
  derived,
});

/** §2: the DataLake file-system, directory and file clients have no connection-string form. */
const dataLakeClient = (name: string, derived?: ClientEntry["derived"]): ClientEntry => ({
  id: id(DATALAKE, name),
  service: "storage-datalake",
  value: { package: DATALAKE, name },
  keyForms: [SHARED_KEY_ARG_1, SAS_IN_URL],
  tokenForm: URL_THEN_CREDENTIAL,
  ...(derived ? { derived } : {}),
});

const pseudo = (pkg: string, name: string, service: ServiceId, extra: Partial<ClientEntry> = {}): ClientEntry => ({
  id: id(pkg, name),
  service,
  value: { package: pkg, name },
  keyForms: [],
  pseudo: true,
  ...extra,
});

const BLOB_LEASE = { method: "getBlobLeaseClient", client: "BlobLeaseClient" } as const;

export const CLIENTS: readonly ClientEntry[] = [
  // ---- §1 Azure Blob Storage ------------------------------------------------------------------------------------
  {
    id: id(BLOB, "BlobServiceClient"),
    service: "storage-blob",
    value: { package: BLOB, name: "BlobServiceClient" },
    keyForms: [FROM_CONNECTION_STRING, SHARED_KEY_ARG_1, SAS_IN_URL],
    tokenForm: URL_THEN_CREDENTIAL,
    derived: [
      { method: "getContainerClient", client: "ContainerClient", entityArg: 0 },
      { method: "getBlobBatchClient", client: "BlobBatchClient" },
    ],
  },
  {
    id: id(BLOB, "ContainerClient"),
    service: "storage-blob",
    value: { package: BLOB, name: "ContainerClient" },
    keyForms: [NEW_CONNECTION_STRING_ARG_0, SHARED_KEY_ARG_1, SAS_IN_URL],
    // Container URL = {serviceUrl}/{containerName} (§1), the name through encodeURIComponent (ContainerClient.js).
    tokenForm: { ...URL_THEN_CREDENTIAL, urlPathFromKeyArgs: [1], urlPathEncoding: "uri-component" },
    derived: [
      { method: "getBlobClient", client: "BlobClient", entityArg: 0 },
      { method: "getBlockBlobClient", client: "BlockBlobClient", entityArg: 0 },
      { method: "getAppendBlobClient", client: "AppendBlobClient", entityArg: 0 },
      { method: "getPageBlobClient", client: "PageBlobClient", entityArg: 0 },
      { method: "getBlobBatchClient", client: "BlobBatchClient" },
      BLOB_LEASE,
    ],
  },
  blobClient("BlobClient", [
    { method: "getBlockBlobClient", client: "BlockBlobClient" },
    { method: "getAppendBlobClient", client: "AppendBlobClient" },
    { method: "getPageBlobClient", client: "PageBlobClient" },
    BLOB_LEASE,
  ]),
  blobClient("BlockBlobClient", [BLOB_LEASE]),
  // AppendBlobClient / PageBlobClient: the credential is not optional in the URL overload (§1); same positions.
  blobClient("AppendBlobClient", [BLOB_LEASE]),
  blobClient("PageBlobClient", [BLOB_LEASE]),
  {
    id: id(BLOB, "BlobBatchClient"),
    service: "storage-blob",
    value: { package: BLOB, name: "BlobBatchClient" },
    keyForms: [SHARED_KEY_ARG_1, SAS_IN_URL],
    tokenForm: URL_THEN_CREDENTIAL,
  },
  // Wraps an existing container or blob client (§1); it carries no auth of its own.
  pseudo(BLOB, "BlobLeaseClient", "storage-blob"),
  pseudo("@azure/eventhubs-checkpointstore-blob", "BlobCheckpointStore", "storage-blob", {
    notes:
      "Wraps a ContainerClient for Event Hubs checkpoints: the consumer's identity needs Storage Blob Data Contributor on that container (§7).",
  }),

  // ---- §2 Azure Data Lake Storage Gen2 --------------------------------------------------------------------------
  {
    id: id(DATALAKE, "DataLakeServiceClient"),
    service: "storage-datalake",
    value: { package: DATALAKE, name: "DataLakeServiceClient" },
    keyForms: [FROM_CONNECTION_STRING, SHARED_KEY_ARG_1, SAS_IN_URL],
    tokenForm: {
      ...URL_THEN_CREDENTIAL,
      notes: "The endpoint is the dfs one, https://{AccountName}.dfs.{EndpointSuffix}: the connection string has no DfsEndpoint field (§2).",
    },
    derived: [{ method: "getFileSystemClient", client: "DataLakeFileSystemClient", entityArg: 0 }],
  },
  dataLakeClient("DataLakeFileSystemClient", [
    { method: "getDirectoryClient", client: "DataLakeDirectoryClient", entityArg: 0 },
    { method: "getFileClient", client: "DataLakeFileClient", entityArg: 0 },
  ]),
  dataLakeClient("DataLakePathClient"),
  dataLakeClient("DataLakeDirectoryClient", [
    { method: "getSubdirectoryClient", client: "DataLakeDirectoryClient", entityArg: 0 },
    { method: "getFileClient", client: "DataLakeFileClient", entityArg: 0 },
  ]),
  dataLakeClient("DataLakeFileClient"),

  // ---- §3 Queue Storage -----------------------------------------------------------------------------------------
  {
    id: id(QUEUE, "QueueServiceClient"),
    service: "storage-queue",
    value: { package: QUEUE, name: "QueueServiceClient" },
    keyForms: [FROM_CONNECTION_STRING, SHARED_KEY_ARG_1, SAS_IN_URL],
    tokenForm: URL_THEN_CREDENTIAL,
    derived: [{ method: "getQueueClient", client: "QueueClient", entityArg: 0 }],
  },
  {
    id: id(QUEUE, "QueueClient"),
    service: "storage-queue",
    value: { package: QUEUE, name: "QueueClient" },
    keyForms: [NEW_CONNECTION_STRING_ARG_0, SHARED_KEY_ARG_1, SAS_IN_URL],
    // Queue URL = {serviceUrl}/{queueName} (§3), appended unescaped (QueueClient.js appendToURLPath).
    tokenForm: { ...URL_THEN_CREDENTIAL, urlPathFromKeyArgs: [1], urlPathEncoding: "none" },
  },

  // ---- §4 Table Storage (AzureNamedKeyCredential, not StorageSharedKeyCredential) -------------------------------
  {
    id: id(TABLES, "TableServiceClient"),
    service: "data-tables",
    value: { package: TABLES, name: "TableServiceClient" },
    keyForms: [
      FROM_CONNECTION_STRING,
      { via: "new", auth: "named-key", at: { arg: 1 } },
      { via: "new", auth: "sas", at: { arg: 1 } },
      SAS_IN_URL,
    ],
    tokenForm: URL_THEN_CREDENTIAL,
    notes: "A *.table.cosmos.azure.com endpoint is Cosmos DB's Table API: Entra there uses Cosmos data-plane roles, not Storage roles (§4).",
  },
  {
    id: id(TABLES, "TableClient"),
    service: "data-tables",
    value: { package: TABLES, name: "TableClient" },
    keyForms: [
      { via: { static: "fromConnectionString" }, auth: "connection-string", at: { arg: 0 } },
      { via: "new", auth: "named-key", at: { arg: 2 } },
      { via: "new", auth: "sas", at: { arg: 2 } },
      SAS_IN_URL,
      // Misuse seen in public code (patterns §19): a connection string in the URL slot. It fails at runtime but
      // still puts the key in the source.
      NEW_CONNECTION_STRING_ARG_0,
    ],
    tokenForm: {
      endpointAt: { arg: 0 },
      credentialAt: { arg: 2 },
      notes: "The credential is arg 2; the table name stays at arg 1. fromConnectionString(cs, table) becomes new TableClient(tableEndpoint, table, credential) (§4).",
    },
    notes: "A *.table.cosmos.azure.com endpoint is Cosmos DB's Table API: Entra there uses Cosmos data-plane roles, not Storage roles (§4).",
  },

  // ---- §5 Azure Files (REST) ------------------------------------------------------------------------------------
  {
    id: id(FILES, "ShareServiceClient"),
    service: "storage-file-share",
    value: { package: FILES, name: "ShareServiceClient" },
    keyForms: [FROM_CONNECTION_STRING, SHARED_KEY_ARG_1, SAS_IN_URL],
    tokenForm: FILES_TOKEN,
    derived: [{ method: "getShareClient", client: "ShareClient", entityArg: 0 }],
  },
  {
    id: id(FILES, "ShareClient"),
    service: "storage-file-share",
    value: { package: FILES, name: "ShareClient" },
    keyForms: [NEW_CONNECTION_STRING_ARG_0, SHARED_KEY_ARG_1, SAS_IN_URL],
    // Share URL = {serviceUrl}/{name}, appended unescaped (Clients.js appendToURLPath, storage-file-share 12.31.0).
    tokenForm: { ...FILES_TOKEN, urlPathFromKeyArgs: [1], urlPathEncoding: "none" },
    derived: [
      { method: "getDirectoryClient", client: "ShareDirectoryClient", entityArg: 0 },
      { method: "rootDirectoryClient", client: "ShareDirectoryClient", property: true },
    ],
  },
  {
    id: id(FILES, "ShareDirectoryClient"),
    service: "storage-file-share",
    value: { package: FILES, name: "ShareDirectoryClient" },
    keyForms: [SHARED_KEY_ARG_1, SAS_IN_URL],
    tokenForm: FILES_TOKEN,
    derived: [
      { method: "getFileClient", client: "ShareFileClient", entityArg: 0 },
      { method: "getDirectoryClient", client: "ShareDirectoryClient", entityArg: 0 },
    ],
  },
  {
    id: id(FILES, "ShareFileClient"),
    service: "storage-file-share",
    value: { package: FILES, name: "ShareFileClient" },
    keyForms: [SHARED_KEY_ARG_1, SAS_IN_URL],
    tokenForm: FILES_TOKEN,
  },

  // ---- §6 Service Bus -------------------------------------------------------------------------------------------
  {
    id: id(SERVICE_BUS, "ServiceBusClient"),
    service: "service-bus",
    value: { package: SERVICE_BUS, name: "ServiceBusClient" },
    keyForms: [
      NEW_CONNECTION_STRING_ARG_0,
      { via: "new", auth: "named-key", at: { arg: 1 } },
      { via: "new", auth: "sas", at: { arg: 1 } },
      // @azure/service-bus v1: ServiceBusClient.createFromConnectionString(c).createQueueClient(q) (patterns §17).
      { via: { static: "createFromConnectionString" }, auth: "connection-string", at: { arg: 0 }, legacy: true },
    ],
    tokenForm: {
      endpointAt: { arg: 0 },
      credentialAt: { arg: 1 },
      notes:
        "Arg 0 is the fully qualified namespace host (<ns>.servicebus.windows.net), not a URL. An EntityPath in the connection string must then be passed to createSender/createReceiver explicitly (§6).",
    },
    derived: [
      { method: "createSender", client: "ServiceBusSender", entityArg: 0 },
      { method: "createReceiver", client: "ServiceBusReceiver", entityArg: 0 },
      { method: "acceptSession", client: "ServiceBusSessionReceiver", entityArg: 0 },
      { method: "acceptNextSession", client: "ServiceBusSessionReceiver", entityArg: 0 },
      { method: "createRuleManager", client: "ServiceBusRuleManager", entityArg: 0 },
    ],
  },
  {
    id: id(SERVICE_BUS, "ServiceBusAdministrationClient"),
    service: "service-bus",
    value: { package: SERVICE_BUS, name: "ServiceBusAdministrationClient" },
    // The admin client takes a NamedKeyCredential but no SASCredential (§6).
    keyForms: [NEW_CONNECTION_STRING_ARG_0, { via: "new", auth: "named-key", at: { arg: 1 } }],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 }, notes: "Arg 0 is the fully qualified namespace host, not a URL (§6)." },
  },
  // What createSender/createReceiver/… return: interfaces in the typings, modelled so operations can attach.
  pseudo(SERVICE_BUS, "ServiceBusSender", "service-bus"),
  pseudo(SERVICE_BUS, "ServiceBusReceiver", "service-bus"),
  pseudo(SERVICE_BUS, "ServiceBusSessionReceiver", "service-bus"),
  pseudo(SERVICE_BUS, "ServiceBusRuleManager", "service-bus"),
  {
    // @azure/service-bus 0.x: `static createFromConnectionString(connectionString: string, options?: NamespaceOptions)`
    // (typings read in public copies of the package).
    id: id(SERVICE_BUS, "Namespace"),
    service: "service-bus",
    value: { package: SERVICE_BUS, name: "Namespace" },
    keyForms: [{ via: { static: "createFromConnectionString" }, auth: "connection-string", at: { arg: 0 } }],
    legacy: true,
  },

  // ---- §7 Event Hubs (the credential position differs per class) ----------------------------------------------
  {
    id: id(EVENT_HUBS, "EventHubProducerClient"),
    service: "event-hubs",
    value: { package: EVENT_HUBS, name: "EventHubProducerClient" },
    keyForms: [
      NEW_CONNECTION_STRING_ARG_0,
      { via: "new", auth: "named-key", at: { arg: 2 } },
      { via: "new", auth: "sas", at: { arg: 2 } },
    ],
    tokenForm: {
      endpointAt: { arg: 0 },
      credentialAt: { arg: 2 },
      entity: { at: 1, keyArg: 1 },
      notes: "new EventHubProducerClient(fullyQualifiedNamespace, eventHubName, credential, options?): the hub name is the key form's arg 1 or the connection string's EntityPath (§7).",
    },
  },
  {
    id: id(EVENT_HUBS, "EventHubConsumerClient"),
    service: "event-hubs",
    value: { package: EVENT_HUBS, name: "EventHubConsumerClient" },
    // The consumer group comes first in every overload (§7).
    keyForms: [
      { via: "new", auth: "connection-string", at: { arg: 1 }, onlyIfConnectionString: true },
      { via: "new", auth: "named-key", at: { arg: 3 } },
      { via: "new", auth: "sas", at: { arg: 3 } },
    ],
    tokenForm: {
      endpointAt: { arg: 1 },
      credentialAt: { arg: 3 },
      entity: { at: 2, keyArg: 2 },
      notes:
        "new EventHubConsumerClient(consumerGroup, fullyQualifiedNamespace, eventHubName, credential, checkpointStore?, options?): the consumer group stays at arg 0, the hub name (key-form arg 2 or EntityPath) goes to arg 2, a checkpoint store moves after the credential (§7).",
    },
  },
  {
    id: id(EVENT_HUBS, "EventHubBufferedProducerClient"),
    service: "event-hubs",
    value: { package: EVENT_HUBS, name: "EventHubBufferedProducerClient" },
    keyForms: [
      NEW_CONNECTION_STRING_ARG_0,
      { via: "new", auth: "named-key", at: { arg: 2 } },
      { via: "new", auth: "sas", at: { arg: 2 } },
    ],
    tokenForm: {
      endpointAt: { arg: 0 },
      credentialAt: { arg: 2 },
      entity: { at: 1, keyArg: 1 },
      notes: "new EventHubBufferedProducerClient(fullyQualifiedNamespace, eventHubName, credential, options): options stay required (§7).",
    },
  },
  {
    // @azure/event-hubs 1.x/2.x: `static createFromConnectionString(connectionString: string, path?: string,
    // tokenProvider?: TokenProvider): EventHubClient` (typings read in public copies of the package; patterns §17).
    id: id(EVENT_HUBS, "EventHubClient"),
    service: "event-hubs",
    value: { package: EVENT_HUBS, name: "EventHubClient" },
    keyForms: [{ via: { static: "createFromConnectionString" }, auth: "connection-string", at: { arg: 0 } }],
    legacy: true,
  },

  // ---- §8 Azure Cosmos DB (NoSQL) -------------------------------------------------------------------------------
  {
    id: id(COSMOS, "CosmosClient"),
    service: "cosmos",
    value: { package: COSMOS, name: "CosmosClient" },
    // Option-path forms first: arg 0 is either the options object or a connection string.
    keyForms: [
      { via: "new", auth: "key", at: { arg: 0, path: ["key"] } },
      // Resource tokens and permission feeds are scoped, expiring secrets: SAS-like.
      { via: "new", auth: "sas", at: { arg: 0, path: ["resourceTokens"] } },
      { via: "new", auth: "sas", at: { arg: 0, path: ["permissionFeed"] } },
      // `new CosmosClient(connectionString)`: AccountEndpoint + AccountKey, parsed by common/helper.js.
      NEW_CONNECTION_STRING_ARG_0,
    ],
    tokenForm: {
      endpointAt: { arg: 0, path: ["endpoint"] },
      credentialAt: { arg: 0, path: ["aadCredentials"] },
      notes: "The credential is the aadCredentials option, not a positional argument; the connection-string form becomes { endpoint: AccountEndpoint, aadCredentials } (§8).",
    },
    derived: [
      { method: "database", client: "Database", entityArg: 0 },
      { method: "databases", client: "Databases", property: true },
    ],
  },
  pseudo(COSMOS, "Databases", "cosmos"),
  pseudo(COSMOS, "Database", "cosmos", {
    derived: [
      { method: "container", client: "Container", entityArg: 0 },
      { method: "containers", client: "Containers", property: true },
    ],
  }),
  pseudo(COSMOS, "Containers", "cosmos"),
  pseudo(COSMOS, "Container", "cosmos", {
    derived: [
      { method: "items", client: "Items", property: true },
      { method: "item", client: "Item", entityArg: 0 },
      { method: "scripts", client: "Scripts", property: true },
    ],
  }),
  pseudo(COSMOS, "Items", "cosmos"),
  pseudo(COSMOS, "Item", "cosmos"),
  pseudo(COSMOS, "Scripts", "cosmos", { derived: [{ method: "storedProcedure", client: "StoredProcedure", entityArg: 0 }] }),
  pseudo(COSMOS, "StoredProcedure", "cosmos"),

  // ---- §9 Azure App Configuration -------------------------------------------------------------------------------
  {
    id: id("@azure/app-configuration", "AppConfigurationClient"),
    service: "app-configuration",
    value: { package: "@azure/app-configuration", name: "AppConfigurationClient" },
    keyForms: [NEW_CONNECTION_STRING_ARG_0],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 } },
  },

  // ---- §10 Key Vault: token-only clients; the secret is the credential ------------------------------------------
  {
    id: id("@azure/keyvault-secrets", "SecretClient"),
    service: "key-vault-secrets",
    value: { package: "@azure/keyvault-secrets", name: "SecretClient" },
    keyForms: ENTRA_SECRET_ARG_1,
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 } },
  },
  {
    id: id("@azure/keyvault-keys", "KeyClient"),
    service: "key-vault-keys",
    value: { package: "@azure/keyvault-keys", name: "KeyClient" },
    keyForms: ENTRA_SECRET_ARG_1,
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 } },
    // `getCryptographyClient(keyName: string, options?): CryptographyClient` (keyvault-keys typings, public copies).
    derived: [{ method: "getCryptographyClient", client: "CryptographyClient", entityArg: 0 }],
  },
  {
    id: id("@azure/keyvault-keys", "CryptographyClient"),
    service: "key-vault-keys",
    value: { package: "@azure/keyvault-keys", name: "CryptographyClient" },
    keyForms: ENTRA_SECRET_ARG_1,
    tokenForm: {
      endpointAt: { arg: 0 },
      credentialAt: { arg: 1 },
      notes: "Arg 0 is the key id (or a KeyVaultKey). new CryptographyClient(jsonWebKey) alone is local-only and needs no credential (§10).",
    },
  },
  {
    id: id("@azure/keyvault-certificates", "CertificateClient"),
    service: "key-vault-certificates",
    value: { package: "@azure/keyvault-certificates", name: "CertificateClient" },
    keyForms: ENTRA_SECRET_ARG_1,
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 } },
  },

  // ---- §13 Azure AI Search ----------------------------------------------------------------------------------------
  {
    id: id(SEARCH, "SearchClient"),
    service: "search",
    value: { package: SEARCH, name: "SearchClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 2 } }],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 2 }, notes: "The credential is arg 2; the index name stays at arg 1 (§13)." },
    notes: "Tokens are rejected unless the service allows role-based access (authOptions aadOrApiKey, or RBAC only) (§13).",
  },
  {
    id: id(SEARCH, "SearchIndexClient"),
    service: "search",
    value: { package: SEARCH, name: "SearchIndexClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 1 } }],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 } },
    derived: [{ method: "getSearchClient", client: "SearchClient", entityArg: 0 }],
  },
  {
    id: id(SEARCH, "SearchIndexerClient"),
    service: "search",
    value: { package: SEARCH, name: "SearchIndexerClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 1 } }],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 } },
  },
  // `new SearchIndexingBufferedSender(searchClient, keyRetriever, options?)` reuses its SearchClient's auth.
  pseudo(SEARCH, "SearchIndexingBufferedSender", "search"),
  {
    // The generated client behind the "./search" subpath export has the other parameter order (§13).
    id: id(`${SEARCH}/search`, "SearchClient"),
    service: "search",
    value: { package: `${SEARCH}/search`, name: "SearchClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 1 } }],
    tokenForm: {
      endpointAt: { arg: 0 },
      credentialAt: { arg: 1 },
      notes: "new SearchClient(endpointParam, credential, indexName, options?): credential before index name, unlike the main entry (§13).",
    },
  },

  // ---- §14 Event Grid ---------------------------------------------------------------------------------------------
  {
    id: id("@azure/eventgrid", "EventGridPublisherClient"),
    service: "event-grid",
    value: { package: "@azure/eventgrid", name: "EventGridPublisherClient" },
    keyForms: [
      { via: "new", auth: "key", at: { arg: 2 } },
      { via: "new", auth: "sas", at: { arg: 2 } },
    ],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 2 }, notes: "The credential is arg 2; the input schema stays at arg 1 (§14)." },
  },
  {
    id: id("@azure/eventgrid-namespaces", "EventGridSenderClient"),
    service: "event-grid",
    value: { package: "@azure/eventgrid-namespaces", name: "EventGridSenderClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 1 } }],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 }, notes: "The topic name stays at arg 2 (§14)." },
  },
  {
    id: id("@azure/eventgrid-namespaces", "EventGridReceiverClient"),
    service: "event-grid",
    value: { package: "@azure/eventgrid-namespaces", name: "EventGridReceiverClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 1 } }],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 }, notes: "Topic and subscription names stay at args 2 and 3 (§14)." },
  },

  // ---- §15 Azure Web PubSub ---------------------------------------------------------------------------------------
  {
    id: id("@azure/web-pubsub", "WebPubSubServiceClient"),
    service: "web-pubsub",
    value: { package: "@azure/web-pubsub", name: "WebPubSubServiceClient" },
    keyForms: [NEW_CONNECTION_STRING_ARG_0, { via: "new", auth: "key", at: { arg: 1 } }],
    tokenForm: {
      endpointAt: { arg: 0 },
      credentialAt: { arg: 1 },
      notes: "The hub name moves from arg 1 (connection-string overload) to arg 2: new WebPubSubServiceClient(endpoint, credential, hub, options?) (§15).",
    },
    // `group(groupName: string): WebPubSubGroup` (web-pubsub API report).
    derived: [{ method: "group", client: "WebPubSubGroup", entityArg: 0 }],
  },
  pseudo("@azure/web-pubsub", "WebPubSubGroup", "web-pubsub"),

  // ---- §16 SignalR: no first-party Node server SDK was read, so no client entry. --------------------------------

  // ---- §11 Azure OpenAI -------------------------------------------------------------------------------------------
  {
    id: id("openai", "AzureOpenAI"),
    service: "openai",
    value: { package: "openai", name: "AzureOpenAI" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 0, path: ["apiKey"] } }],
    tokenForm: {
      endpointAt: { arg: 0, path: ["endpoint"] },
      credentialAt: { arg: 0, path: ["azureADTokenProvider"] },
      credentialValue: BEARER_TOKEN_PROVIDER,
      removeOptions: [["apiKey"]],
      notes:
        'azureADTokenProvider: getBearerTokenProvider(credential, "https://cognitiveservices.azure.com/.default"). Remove apiKey and the AZURE_OPENAI_API_KEY variable too: apiKey defaults to it and the constructor throws when both are set (§11).',
    },
    notes: "apiKey defaults to process.env.AZURE_OPENAI_API_KEY, so a client built without apiKey is still key-based when that variable is set (§11).",
  },
  ...(["OpenAI", "default"] as const).map(
    (name): ClientEntry => ({
      // The plain client against the Azure v1 endpoint (§11; patterns §6). `import OpenAI from "openai"` is the default export.
      id: id("openai", name),
      service: "openai",
      value: { package: "openai", name },
      keyForms: [{ via: "new", auth: "key", at: { arg: 0, path: ["apiKey"] } }],
      tokenForm: {
        endpointAt: { arg: 0, path: ["baseURL"] },
        credentialAt: { arg: 0, path: ["apiKey"] },
        credentialValue: BEARER_TOKEN_PROVIDER,
        notes: 'apiKey also accepts () => Promise<string>: getBearerTokenProvider(credential, "https://cognitiveservices.azure.com/.default") against https://<resource>.openai.azure.com/openai/v1/ (§11).',
      },
      hostAt: [{ arg: 0, path: ["baseURL"] }],
    }),
  ),
  {
    // @azure/openai 1.0.0-beta (2.0.0 is types-only): `new OpenAIClient(endpoint, new AzureKeyCredential(key))`
    // (patterns §16–§17). Constructor typings not read: detect only.
    id: id("@azure/openai", "OpenAIClient"),
    service: "openai",
    value: { package: "@azure/openai", name: "OpenAIClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 1 } }],
    legacy: true,
    notes: "Deprecated in favour of openai's AzureOpenAI (§11).",
  },

  // ---- §12 Azure AI Language / Text Analytics ---------------------------------------------------------------------
  {
    id: id("@azure/ai-language-text", "TextAnalysisClient"),
    service: "cognitive-services",
    value: { package: "@azure/ai-language-text", name: "TextAnalysisClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 1 } }],
    tokenForm: { endpointAt: { arg: 0 }, credentialAt: { arg: 1 }, notes: "Needs the custom-subdomain endpoint https://<resource>.cognitiveservices.azure.com/ (§12)." },
  },
  {
    id: id("@azure/ai-text-analytics", "TextAnalyticsClient"),
    service: "cognitive-services",
    value: { package: "@azure/ai-text-analytics", name: "TextAnalyticsClient" },
    keyForms: [{ via: "new", auth: "key", at: { arg: 1 } }],
    legacy: true,
  },

  // ---- §17 Azure Monitor / Application Insights: Entra is added beside the connection string --------------------
  ...(["@azure/monitor-opentelemetry", "applicationinsights"] as const).map(
    (pkg): ClientEntry => ({
      // applicationinsights 3.x re-exports useAzureMonitor (§17).
      id: id(pkg, "useAzureMonitor"),
      service: "monitor",
      value: { package: pkg, name: "useAzureMonitor" },
      keyForms: [{ via: "call", auth: "connection-string", at: { arg: 0, path: ["azureMonitorExporterOptions", "connectionString"] }, notSecret: true }],
      tokenForm: {
        endpointAt: { arg: 0, path: ["azureMonitorExporterOptions", "connectionString"] },
        credentialAt: { arg: 0, path: ["azureMonitorExporterOptions", "credential"] },
        keepsKeyArgument: true,
      },
      notes: "The instrumentation key is an identifier, not a secret; the connection string stays when the credential is added (§17).",
    }),
  ),
  ...(["AzureMonitorTraceExporter", "AzureMonitorMetricExporter", "AzureMonitorLogExporter"] as const).map(
    (name): ClientEntry => ({
      // `constructor(options?: AzureMonitorExporterOptions)` (exporter typings, public copies); options per §17.
      id: id("@azure/monitor-opentelemetry-exporter", name),
      service: "monitor",
      value: { package: "@azure/monitor-opentelemetry-exporter", name },
      keyForms: [{ via: "new", auth: "connection-string", at: { arg: 0, path: ["connectionString"] }, notSecret: true }],
      tokenForm: {
        endpointAt: { arg: 0, path: ["connectionString"] },
        credentialAt: { arg: 0, path: ["credential"] },
        keepsKeyArgument: true,
      },
    }),
  ),
  {
    // `setup(setupString?: string)` (applicationinsights 3.x shim); Entra goes on the config object, not an argument.
    id: id("applicationinsights", "setup"),
    service: "monitor",
    value: { package: "applicationinsights", name: "setup" },
    keyForms: [{ via: "call", auth: "connection-string", at: { arg: 0 }, notSecret: true }],
    notes: "Entra: appInsights.defaultClient.config.aadTokenCredential = credential after setup(connectionString) (§17).",
  },

  // ---- §18 Azure SQL Database -------------------------------------------------------------------------------------
  ...(
    [
      ["ConnectionPool", "new"],
      ["connect", "call"],
    ] as const
  ).map(
    ([name, via]): ClientEntry => ({
      // `constructor(config: config | string)` / `connect(config: config | string)` (@types/mssql, public copies).
      id: id("mssql", name),
      service: "sql",
      value: { package: "mssql", name },
      // Option-path forms first: arg 0 is either the config object or a connection string.
      keyForms: [
        { via, auth: "password", at: { arg: 0, path: ["password"] } },
        { via, auth: "password", at: { arg: 0, path: ["authentication", "options", "password"] } },
        { via, auth: "client-secret", at: { arg: 0, path: ["authentication", "options", "clientSecret"] } },
        { via, auth: "connection-string", at: { arg: 0 }, onlyIfConnectionString: true },
      ],
      tokenForm: {
        endpointAt: { arg: 0, path: ["server"] },
        credentialAt: { arg: 0, path: ["authentication", "options", "credential"] },
        extraOptions: { "authentication.type": "token-credential" },
        // mssql merges config.authentication over { userName: user, password } (lib/tedious/connection-pool.js): they go.
        removeOptions: [["user"], ["password"]],
        notes:
          "Drop user/password. Or authentication { type: 'azure-active-directory-default', options: { clientId } } for a user-assigned identity. In connection strings only 'Authentication=Active Directory Integrated' maps to an Entra type; any other value silently falls back to SQL auth (§18).",
      },
      hostAt: [{ arg: 0, path: ["server"] }, { arg: 0 }],
      // `connect(config): Promise<ConnectionPool>` (@types/mssql 12.3.0): its result has the pool's request() too.
      derived: [{ method: "request", client: "Request" }],
    }),
  ),
  pseudo("mssql", "Request", "sql"),
  {
    // `constructor(config: ConnectionConfiguration)` (tedious typings, public copies); authentication per §18.
    id: id("tedious", "Connection"),
    service: "sql",
    value: { package: "tedious", name: "Connection" },
    keyForms: [
      { via: "new", auth: "password", at: { arg: 0, path: ["authentication", "options", "password"] } },
      { via: "new", auth: "client-secret", at: { arg: 0, path: ["authentication", "options", "clientSecret"] } },
    ],
    tokenForm: {
      endpointAt: { arg: 0, path: ["server"] },
      credentialAt: { arg: 0, path: ["authentication", "options", "credential"] },
      extraOptions: { "authentication.type": "token-credential" },
      notes: "Or type 'azure-active-directory-default' with options { clientId } (§18).",
    },
    hostAt: [{ arg: 0, path: ["server"] }],
  },

  // ---- §19 Azure Database for PostgreSQL --------------------------------------------------------------------------
  ...(["Client", "Pool"] as const).map(
    (name): ClientEntry => ({
      // `constructor(config?: string | ClientConfig)` (@types/pg, public copies); `password` per §19.
      id: id("pg", name),
      service: "postgresql",
      value: { package: "pg", name },
      keyForms: [
        { via: "new", auth: "password", at: { arg: 0, path: ["password"] } },
        { via: "new", auth: "connection-string", at: { arg: 0, path: ["connectionString"] } },
        // postgres://user:password@host/db
        { via: "new", auth: "connection-string", at: { arg: 0 }, onlyIfConnectionString: true },
      ],
      tokenForm: {
        endpointAt: { arg: 0, path: ["host"] },
        credentialAt: { arg: 0, path: ["password"] },
        credentialValue: { kind: "token-function" },
        notes:
          'password: a function returning (await credential.getToken("https://ossrdbms-aad.database.windows.net/.default")).token (pg calls it at each connect); user is the Entra role name; SSL required (§19).',
      },
      hostAt: [{ arg: 0, path: ["host"] }, { arg: 0, path: ["connectionString"] }, { arg: 0 }],
    }),
  ),

  // ---- §20 Azure Database for MySQL (mysql2 typings not read by the catalog: detect, migrate by hand) ----------
  ...(["mysql2", "mysql2/promise", "mysql"] as const).flatMap((pkg) =>
    (["createConnection", "createPool"] as const).map(
      (name): ClientEntry => ({
        // `createConnection(connectionUri: string)` / `(config)`; `createPool(config)` (typings, public copies).
        id: id(pkg, name),
        service: "mysql",
        value: { package: pkg, name },
        keyForms: [
          { via: "call", auth: "password", at: { arg: 0, path: ["password"] } },
          { via: "call", auth: "connection-string", at: { arg: 0 }, onlyIfConnectionString: true },
        ],
        hostAt: [{ arg: 0, path: ["host"] }, { arg: 0 }],
        notes: "Entra: token-as-password with the ossrdbms-aad scope over TLS; the mysql2 options for it are not verified, so the migration is manual (§20).",
      }),
    ),
  ),

  // ---- §21 Azure Cache for Redis / Azure Managed Redis ------------------------------------------------------------
  ...(["redis", "@redis/client"] as const).map(
    (pkg): ClientEntry => ({
      id: id(pkg, "createClient"),
      service: "redis",
      value: { package: pkg, name: "createClient" },
      keyForms: [
        { via: "call", auth: "password", at: { arg: 0, path: ["password"] } },
        // rediss://:<key>@<name>.redis.cache.windows.net:6380
        { via: "call", auth: "connection-string", at: { arg: 0, path: ["url"] } },
        // A StackExchange.Redis string passed straight in: node-redis cannot parse it (patterns §19), the key still leaks.
        { via: "call", auth: "connection-string", at: { arg: 0 }, onlyIfConnectionString: true },
      ],
      tokenForm: {
        endpointAt: { arg: 0, path: ["url"] },
        credentialAt: { arg: 0, path: ["credentialsProvider"] },
        credentialValue: {
          kind: "credentials-provider",
          factory: { package: "@redis/entraid", name: "EntraIdCredentialsProviderFactory" },
          method: "createForDefaultAzureCredential",
          scopeConstant: { package: "@redis/entraid", name: "REDIS_SCOPE_DEFAULT" },
          expirationRefreshRatio: 0.8,
        },
        // "If both are supplied, this credentialsProvider takes precedence over username/password" (RedisClientOptions):
        // the key still must not stay in the code.
        removeOptions: [["password"], ["username"]],
        notes:
          "credentialsProvider: EntraIdCredentialsProviderFactory.createForDefaultAzureCredential({ credential, scopes: REDIS_SCOPE_DEFAULT, tokenManagerConfig: { expirationRefreshRatio: 0.8 } }) from @redis/entraid (§21).",
      },
      hostAt: [{ arg: 0, path: ["url"] }, { arg: 0, path: ["socket", "host"] }],
    }),
  ),
  ...(["default", "Redis"] as const).map(
    (name): ClientEntry => ({
      // ioredis overloads: (options) · (url) · (port, host, options) · (path, options) (ioredis typings, public copies).
      id: id("ioredis", name),
      service: "redis",
      value: { package: "ioredis", name },
      keyForms: [
        { via: "new", auth: "password", at: { arg: 0, path: ["password"] } },
        { via: "new", auth: "password", at: { arg: 1, path: ["password"] } },
        { via: "new", auth: "password", at: { arg: 2, path: ["password"] } },
        { via: "new", auth: "connection-string", at: { arg: 0 }, onlyIfConnectionString: true },
      ],
      hostAt: [{ arg: 0, path: ["host"] }, { arg: 0 }, { arg: 1 }],
      notes: "No Entra provider for ioredis in the catalog: username = the identity's object id, password = a token for https://redis.azure.com/.default, re-AUTH before expiry (§21).",
    }),
  ),

  // ---- Legacy SDKs (patterns §17): reported, never rewritten ----------------------------------------------------
  ...(
    [
      ["createBlobService", "storage-blob"],
      ["createQueueService", "storage-queue"],
      ["createTableService", "data-tables"],
      ["createFileService", "storage-file-share"],
    ] as const
  ).flatMap(([name, service]): ClientEntry[] => [
    {
      // `createBlobService(connectionString)` / `(storageAccount, storageAccessKey, host?)` (azure-storage typings).
      id: id("azure-storage", name),
      service,
      value: { package: "azure-storage", name },
      keyForms: [
        { via: "call", auth: "connection-string", at: { arg: 0 }, onlyIfConnectionString: true },
        { via: "call", auth: "shared-key", at: { arg: 1 }, valueIsSecret: true },
      ],
      legacy: true,
    },
    {
      // `createBlobServiceWithSas(host, sasToken)`; the table form is seen in public code (patterns §17).
      id: id("azure-storage", `${name}WithSas`),
      service,
      value: { package: "azure-storage", name: `${name}WithSas` },
      keyForms: [{ via: "call", auth: "sas", at: { arg: 1 }, valueIsSecret: true }],
      legacy: true,
    },
  ]),
  {
    id: id("azure-keyvault", "KeyVaultClient"),
    service: "key-vault-secrets",
    value: { package: "azure-keyvault", name: "KeyVaultClient" },
    keyForms: [],
    legacy: true,
    notes: "Its credentials usually come from adal-node acquireTokenWithClientCredentials with a client secret (patterns §17).",
  },
  {
    id: id("adal-node", "AuthenticationContext"),
    service: "identity",
    value: { package: "adal-node", name: "AuthenticationContext" },
    keyForms: [],
    legacy: true,
    notes: "The client secret is arg 2 of acquireTokenWithClientCredentials(resource, clientId, clientSecret, callback) (patterns §17).",
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Credentials

/** Storage's shared-key and anonymous credentials live in @azure/storage-common and are re-exported (§1). */
const STORAGE_PACKAGES = [BLOB, QUEUE, FILES, DATALAKE, "@azure/storage-common"] as const;
const IDENTITY = ["@azure/identity"] as const;

export const CREDENTIALS: readonly CredentialEntry[] = [
  { name: "StorageSharedKeyCredential", packages: STORAGE_PACKAGES, auth: "shared-key", secretArgs: [1], idArgs: [0], isToken: false },
  { name: "AnonymousCredential", packages: STORAGE_PACKAGES, auth: "anonymous", secretArgs: [], isToken: false },
  // @azure/core-auth 1.10.1 (catalog.md "Generic facts"). Re-exports read in the API reports: search-documents,
  // web-pubsub, eventgrid, eventgrid-namespaces, ai-language-text; ai-text-analytics and @azure/openai 1.x
  // re-export it in public code (patterns §16).
  {
    name: "AzureKeyCredential",
    packages: [
      "@azure/core-auth",
      SEARCH,
      "@azure/web-pubsub",
      "@azure/eventgrid",
      "@azure/eventgrid-namespaces",
      "@azure/ai-language-text",
      "@azure/ai-text-analytics",
      "@azure/openai",
    ],
    auth: "key",
    secretArgs: [0],
    isToken: false,
  },
  // data-tables re-exports both (API report); eventgrid's AzureSASCredential re-export is not verified.
  { name: "AzureNamedKeyCredential", packages: ["@azure/core-auth", TABLES], auth: "named-key", secretArgs: [1], idArgs: [0], isToken: false },
  { name: "AzureSASCredential", packages: ["@azure/core-auth", TABLES, "@azure/eventgrid"], auth: "sas", secretArgs: [0], isToken: false },
  // Beta @azure/data-tables (patterns §17): (accountName, accountKey).
  { name: "TablesSharedKeyCredential", packages: [TABLES], auth: "shared-key", secretArgs: [1], idArgs: [0], isToken: false },
  // Entra credentials that carry a secret of their own: TokenCredentials, but not keyless, so `isToken: false`.
  { name: "ClientSecretCredential", packages: IDENTITY, auth: "client-secret", secretArgs: [2], idArgs: [0, 1], isToken: false },
  // Arg 2 is a certificate path or { certificate } with an inline PEM: a secret only when inline.
  { name: "ClientCertificateCredential", packages: IDENTITY, auth: "client-secret", secretArgs: [2], idArgs: [0, 1], isToken: false },
  // @deprecated in 4.13.1.
  { name: "UsernamePasswordCredential", packages: IDENTITY, auth: "password", secretArgs: [3], idArgs: [0, 1, 2], isToken: false },
  // Keyless token credentials: what the migration writes.
  { name: "DefaultAzureCredential", packages: IDENTITY, auth: "token", secretArgs: [], isToken: true },
  { name: "ManagedIdentityCredential", packages: IDENTITY, auth: "token", secretArgs: [], idArgs: [0], isToken: true },
  { name: "WorkloadIdentityCredential", packages: IDENTITY, auth: "token", secretArgs: [], isToken: true },
  { name: "AzureCliCredential", packages: IDENTITY, auth: "token", secretArgs: [], isToken: true },
  { name: "AzureDeveloperCliCredential", packages: IDENTITY, auth: "token", secretArgs: [], isToken: true },
  { name: "AzurePowerShellCredential", packages: IDENTITY, auth: "token", secretArgs: [], isToken: true },
  { name: "ChainedTokenCredential", packages: IDENTITY, auth: "token", secretArgs: [], isToken: true },
  // Reads AZURE_CLIENT_SECRET etc. from the environment: keyless in code, though the environment may hold a secret.
  { name: "EnvironmentCredential", packages: IDENTITY, auth: "token", secretArgs: [], isToken: true },
];

// ---------------------------------------------------------------------------------------------------------------
// Services

/** Where the migrated code reads an endpoint from. */
export interface EndpointEnvVar {
  readonly name: string;
  /** a URL (`https://acct.blob.core.windows.net/`) or a bare host (`ns.servicebus.windows.net`) */
  readonly value: "url" | "host";
  /**
   * `service-connector`: the default name Service Connector sets (seen in its docs and the azure-cli serviceconnector
   * code); `sdk-default`: the SDK reads it by itself; `convention`: no standard exists, a name in the same style.
   */
  readonly source: "service-connector" | "sdk-default" | "convention";
}

export interface ServiceInfo {
  readonly id: ServiceId;
  readonly label: string;
  /** npm packages whose clients belong to this service (every CLIENTS entry's package is listed here) */
  readonly packages: readonly string[];
  /** what `resource.kind` says in the report */
  readonly resourceKind: string;
  /** how its roles are assigned */
  readonly assignment: AssignmentKind;
  /** token scopes (catalog.md "Token scopes"); empty where the SDK derives the scope itself */
  readonly scopes: readonly string[];
  readonly endpointEnvVar?: EndpointEnvVar;
  /** the variable to suggest in "read it from process.env.NAME" when the kind of secret is not known */
  readonly secretEnv: string;
  /** the conventional variable for each kind of secret, when it is known */
  readonly secretEnvVars: Readonly<Partial<Record<AuthKind, string>>>;
  /** hosts that identify the service: a leading "." means "ends with", otherwise the exact host */
  readonly hostSuffixes: readonly string[];
  /** a role every use needs, whatever operations are seen (must name a ROLES entry) */
  readonly impliedRole?: string;
  readonly notes?: readonly string[];
}

const STORAGE_SCOPE = "https://storage.azure.com/.default";
const COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default";
const OSSRDBMS_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
const STORAGE_SECRETS = {
  "connection-string": "AZURE_STORAGE_CONNECTION_STRING",
  "shared-key": "AZURE_STORAGE_ACCOUNT_KEY",
  "named-key": "AZURE_STORAGE_ACCOUNT_KEY",
  sas: "AZURE_STORAGE_SAS_TOKEN",
} as const;
const KEY_VAULT_NOTES = [
  "The scope comes from the vault's auth challenge (§10).",
  "The roles only work on vaults using the Azure RBAC permission model; vaults on access policies need az keyvault set-policy (§10).",
];
const keyVault = (id: ServiceId, what: string, pkg: string, hostSuffixes: readonly string[]): ServiceInfo => ({
  id,
  label: `Azure Key Vault ${what}`,
  packages: [pkg, ...(id === "key-vault-secrets" ? ["azure-keyvault"] : [])],
  resourceKind: "key-vault",
  assignment: "arm-rbac",
  scopes: [],
  endpointEnvVar: { name: "AZURE_KEYVAULT_RESOURCEENDPOINT", value: "url", source: "service-connector" },
  secretEnv: "AZURE_CLIENT_SECRET",
  secretEnvVars: { "client-secret": "AZURE_CLIENT_SECRET" },
  hostSuffixes,
  notes: KEY_VAULT_NOTES,
});

export const SERVICES: Readonly<Record<ServiceId, ServiceInfo>> = {
  "storage-blob": {
    id: "storage-blob",
    label: "Azure Blob Storage",
    packages: [BLOB, "@azure/storage-common", "@azure/eventhubs-checkpointstore-blob", "azure-storage"],
    resourceKind: "storage-account",
    assignment: "arm-rbac",
    scopes: [STORAGE_SCOPE],
    endpointEnvVar: { name: "AZURE_STORAGEBLOB_RESOURCEENDPOINT", value: "url", source: "service-connector" },
    secretEnv: "AZURE_STORAGE_CONNECTION_STRING",
    secretEnvVars: STORAGE_SECRETS,
    hostSuffixes: [".blob.core.windows.net"],
    notes: ["UseDevelopmentStorage=true (Azurite) usually does not accept Entra tokens: leave it alone (§1)."],
  },
  "storage-queue": {
    id: "storage-queue",
    label: "Azure Queue Storage",
    packages: [QUEUE, "azure-storage"],
    resourceKind: "storage-account",
    assignment: "arm-rbac",
    scopes: [STORAGE_SCOPE],
    endpointEnvVar: { name: "AZURE_STORAGEQUEUE_RESOURCEENDPOINT", value: "url", source: "service-connector" },
    secretEnv: "AZURE_STORAGE_CONNECTION_STRING",
    secretEnvVars: STORAGE_SECRETS,
    hostSuffixes: [".queue.core.windows.net"],
  },
  "storage-file-share": {
    id: "storage-file-share",
    label: "Azure Files",
    packages: [FILES, "azure-storage"],
    resourceKind: "storage-account",
    assignment: "arm-rbac",
    scopes: [STORAGE_SCOPE],
    endpointEnvVar: { name: "AZURE_STORAGEFILE_RESOURCEENDPOINT", value: "url", source: "service-connector" },
    secretEnv: "AZURE_STORAGE_CONNECTION_STRING",
    secretEnvVars: STORAGE_SECRETS,
    hostSuffixes: [".file.core.windows.net"],
    notes: ["Token auth needs fileRequestIntent: 'backup' and REST version 2022-11-02 or later (§5)."],
  },
  "storage-datalake": {
    id: "storage-datalake",
    label: "Azure Data Lake Storage Gen2",
    packages: [DATALAKE],
    resourceKind: "storage-account",
    assignment: "arm-rbac",
    scopes: [STORAGE_SCOPE],
    // Service Connector has no Data Lake target; this follows its Storage names.
    endpointEnvVar: { name: "AZURE_STORAGEDATALAKE_RESOURCEENDPOINT", value: "url", source: "convention" },
    secretEnv: "AZURE_STORAGE_CONNECTION_STRING",
    secretEnvVars: STORAGE_SECRETS,
    hostSuffixes: [".dfs.core.windows.net"],
    notes: ["POSIX ACLs can grant access without RBAC; RBAC is evaluated first (§2)."],
  },
  "data-tables": {
    id: "data-tables",
    label: "Azure Table Storage",
    packages: [TABLES, "azure-storage"],
    resourceKind: "storage-account",
    assignment: "arm-rbac",
    // The Cosmos scope applies to *.table.cosmos.azure.com endpoints (§4).
    scopes: [STORAGE_SCOPE, "https://cosmos.azure.com/.default"],
    endpointEnvVar: { name: "AZURE_STORAGETABLE_RESOURCEENDPOINT", value: "url", source: "service-connector" },
    secretEnv: "AZURE_STORAGE_CONNECTION_STRING",
    secretEnvVars: STORAGE_SECRETS,
    hostSuffixes: [".table.core.windows.net", ".table.cosmos.azure.com"],
    notes: ["On .table.cosmos.azure.com the roles are Cosmos DB data-plane roles (cosmos-sql-role), not Storage roles (§4)."],
  },
  "service-bus": {
    id: "service-bus",
    label: "Azure Service Bus",
    packages: [SERVICE_BUS],
    resourceKind: "servicebus-namespace",
    assignment: "arm-rbac",
    // The double slash is literally in core-amqp (catalog.md "Token scopes").
    scopes: ["https://servicebus.azure.net//.default"],
    endpointEnvVar: { name: "AZURE_SERVICEBUS_FULLYQUALIFIEDNAMESPACE", value: "host", source: "service-connector" },
    secretEnv: "SERVICEBUS_CONNECTION_STRING",
    secretEnvVars: { "connection-string": "SERVICEBUS_CONNECTION_STRING" },
    // Shared with Event Hubs: the host alone does not tell them apart.
    hostSuffixes: [".servicebus.windows.net"],
    notes: ["Roles can be scoped to the namespace, a queue, a topic or a subscription (§6)."],
  },
  "event-hubs": {
    id: "event-hubs",
    label: "Azure Event Hubs",
    packages: [EVENT_HUBS],
    resourceKind: "eventhubs-namespace",
    assignment: "arm-rbac",
    scopes: ["https://eventhubs.azure.net//.default"],
    endpointEnvVar: { name: "AZURE_EVENTHUB_FULLYQUALIFIEDNAMESPACE", value: "host", source: "service-connector" },
    secretEnv: "EVENTHUB_CONNECTION_STRING",
    secretEnvVars: { "connection-string": "EVENTHUB_CONNECTION_STRING" },
    hostSuffixes: [".servicebus.windows.net"],
    notes: ["A BlobCheckpointStore also needs Storage Blob Data Contributor on its container (§7)."],
  },
  cosmos: {
    id: "cosmos",
    label: "Azure Cosmos DB",
    packages: [COSMOS],
    resourceKind: "cosmos-account",
    assignment: "cosmos-sql-role",
    // Account-derived at runtime; this is the fallback (§8).
    scopes: ["https://cosmos.azure.com/.default"],
    endpointEnvVar: { name: "AZURE_COSMOS_RESOURCEENDPOINT", value: "url", source: "service-connector" },
    secretEnv: "COSMOS_KEY",
    secretEnvVars: { "connection-string": "COSMOS_CONNECTION_STRING", key: "COSMOS_KEY" },
    hostSuffixes: [".documents.azure.com"],
    notes: [
      "Data roles are Cosmos native SQL role assignments (az cosmosdb sql role assignment create), invisible to az role assignment list (§8).",
      "Creating databases or containers is not allowed by data-plane RBAC: do it in ARM/Bicep (§8).",
    ],
  },
  "app-configuration": {
    id: "app-configuration",
    label: "Azure App Configuration",
    packages: ["@azure/app-configuration"],
    resourceKind: "app-configuration-store",
    assignment: "arm-rbac",
    // getScope derives it from the endpoint (or options.audience) (§9).
    scopes: [],
    // Service Connector's App Configuration tables name AZURE_APPCONFIGURATION_ENDPOINT (not …_RESOURCEENDPOINT).
    endpointEnvVar: { name: "AZURE_APPCONFIGURATION_ENDPOINT", value: "url", source: "service-connector" },
    secretEnv: "AZURE_APPCONFIG_CONNECTION_STRING",
    secretEnvVars: { "connection-string": "AZURE_APPCONFIG_CONNECTION_STRING" },
    hostSuffixes: [".azconfig.io"],
    notes: ["Key Vault references resolved by the app also need Key Vault Secrets User on the vault (§9)."],
  },
  "key-vault-secrets": keyVault("key-vault-secrets", "secrets", "@azure/keyvault-secrets", [".vault.azure.net"]),
  // .managedhsm.azure.net (Managed HSM) is not in catalog.md; it is the keys client's other endpoint family.
  "key-vault-keys": keyVault("key-vault-keys", "keys", "@azure/keyvault-keys", [".vault.azure.net", ".managedhsm.azure.net"]),
  "key-vault-certificates": keyVault("key-vault-certificates", "certificates", "@azure/keyvault-certificates", [".vault.azure.net"]),
  search: {
    id: "search",
    label: "Azure AI Search",
    packages: [SEARCH, `${SEARCH}/search`],
    resourceKind: "search-service",
    assignment: "arm-rbac",
    scopes: ["https://search.azure.com/.default"],
    endpointEnvVar: { name: "AZURE_SEARCH_ENDPOINT", value: "url", source: "convention" },
    secretEnv: "AZURE_SEARCH_API_KEY",
    secretEnvVars: { key: "AZURE_SEARCH_API_KEY" },
    hostSuffixes: [".search.windows.net"],
    notes: ["The service must allow role-based access (aadOrApiKey or RBAC only) or tokens are rejected (§13)."],
  },
  "event-grid": {
    id: "event-grid",
    label: "Azure Event Grid",
    packages: ["@azure/eventgrid", "@azure/eventgrid-namespaces"],
    resourceKind: "eventgrid",
    assignment: "arm-rbac",
    scopes: ["https://eventgrid.azure.net/.default"],
    endpointEnvVar: { name: "AZURE_EVENTGRID_ENDPOINT", value: "url", source: "convention" },
    secretEnv: "AZURE_EVENTGRID_KEY",
    secretEnvVars: { key: "AZURE_EVENTGRID_KEY", sas: "AZURE_EVENTGRID_SAS" },
    hostSuffixes: [".eventgrid.azure.net"],
  },
  "web-pubsub": {
    id: "web-pubsub",
    label: "Azure Web PubSub",
    packages: ["@azure/web-pubsub"],
    resourceKind: "web-pubsub",
    assignment: "arm-rbac",
    scopes: ["https://webpubsub.azure.com/.default"],
    // A host: the token form wants https://<host>.
    endpointEnvVar: { name: "AZURE_WEBPUBSUB_HOST", value: "host", source: "service-connector" },
    secretEnv: "WEBPUBSUB_CONNECTION_STRING",
    secretEnvVars: { "connection-string": "WEBPUBSUB_CONNECTION_STRING", key: "WEBPUBSUB_ACCESS_KEY" },
    hostSuffixes: [".webpubsub.azure.com"],
  },
  signalr: {
    id: "signalr",
    label: "Azure SignalR Service",
    packages: [],
    resourceKind: "signalr",
    assignment: "arm-rbac",
    scopes: [],
    endpointEnvVar: { name: "AZURE_SIGNALR_ENDPOINT", value: "url", source: "convention" },
    secretEnv: "AZURE_SIGNALR_CONNECTIONSTRING",
    secretEnvVars: { "connection-string": "AZURE_SIGNALR_CONNECTIONSTRING" },
    hostSuffixes: [".service.signalr.net"],
    // An app server connecting with Entra (§16).
    impliedRole: "SignalR App Server",
    notes: ["No first-party Node server SDK was read: SignalR connection strings are detected, nothing is rewritten (§16)."],
  },
  openai: {
    id: "openai",
    label: "Azure OpenAI",
    packages: ["openai", "@azure/openai"],
    resourceKind: "cognitive-services-account",
    assignment: "arm-rbac",
    scopes: [COGNITIVE_SCOPE],
    endpointEnvVar: { name: "AZURE_OPENAI_ENDPOINT", value: "url", source: "sdk-default" },
    // AzureOpenAI reads it by itself: the token migration must also remove it (§11).
    secretEnv: "AZURE_OPENAI_API_KEY",
    secretEnvVars: { key: "AZURE_OPENAI_API_KEY" },
    hostSuffixes: [".openai.azure.com"],
    notes: ["Entra needs the custom-subdomain endpoint, not a regional one (§11, not re-verified there)."],
  },
  "cognitive-services": {
    id: "cognitive-services",
    label: "Azure AI services (Language, Translator)",
    packages: ["@azure/ai-language-text", "@azure/ai-text-analytics"],
    resourceKind: "cognitive-services-account",
    assignment: "arm-rbac",
    scopes: [COGNITIVE_SCOPE],
    endpointEnvVar: { name: "AZURE_LANGUAGE_ENDPOINT", value: "url", source: "convention" },
    secretEnv: "AZURE_LANGUAGE_KEY",
    secretEnvVars: { key: "AZURE_LANGUAGE_KEY" },
    hostSuffixes: [".cognitiveservices.azure.com", "api.cognitive.microsofttranslator.com"],
    notes: ["Translator REST with Entra also needs a custom-subdomain endpoint (patterns §14)."],
  },
  monitor: {
    id: "monitor",
    label: "Azure Monitor Application Insights",
    packages: ["@azure/monitor-opentelemetry", "@azure/monitor-opentelemetry-exporter", "applicationinsights"],
    resourceKind: "application-insights",
    assignment: "arm-rbac",
    scopes: ["https://monitor.azure.com/.default"],
    // Read by the Azure Monitor distro when no connectionString is given (Azure Monitor docs; not in catalog.md).
    endpointEnvVar: { name: "APPLICATIONINSIGHTS_CONNECTION_STRING", value: "url", source: "sdk-default" },
    secretEnv: "APPLICATIONINSIGHTS_CONNECTION_STRING",
    secretEnvVars: { "connection-string": "APPLICATIONINSIGHTS_CONNECTION_STRING" },
    // Ingestion endpoints look like https://<region>.in.applicationinsights.azure.com/ (a connection string's IngestionEndpoint).
    hostSuffixes: [".in.applicationinsights.azure.com"],
    // "Although the Monitoring Metrics Publisher role says 'metrics,' it publishes all telemetry" (§17).
    impliedRole: "Monitoring Metrics Publisher",
    notes: [
      "The connection string is still required with Entra; the instrumentation key is not a secret (§17).",
      "Not supported with Entra: the browser SDK, Profiler, codeless auto-instrumentation (§17).",
    ],
  },
  sql: {
    id: "sql",
    label: "Azure SQL Database",
    packages: ["mssql", "tedious"],
    resourceKind: "sql-server",
    assignment: "sql-contained-user",
    // Typical; tedious takes the scope from the server's FedAuth info (§18).
    scopes: ["https://database.windows.net/.default"],
    endpointEnvVar: { name: "AZURE_SQL_SERVER", value: "host", source: "convention" },
    secretEnv: "AZURE_SQL_PASSWORD",
    secretEnvVars: { password: "AZURE_SQL_PASSWORD", "connection-string": "AZURE_SQL_CONNECTIONSTRING", "client-secret": "AZURE_CLIENT_SECRET" },
    hostSuffixes: [".database.windows.net"],
    notes: ["CREATE USER [<identity>] FROM EXTERNAL PROVIDER in the database, then ALTER ROLE … ADD MEMBER (§18). ARM SQL roles grant no data access."],
  },
  postgresql: {
    id: "postgresql",
    label: "Azure Database for PostgreSQL",
    packages: ["pg"],
    resourceKind: "postgresql-server",
    assignment: "postgres-entra-principal",
    scopes: [OSSRDBMS_SCOPE],
    endpointEnvVar: { name: "AZURE_POSTGRESQL_HOST", value: "host", source: "service-connector" },
    secretEnv: "AZURE_POSTGRESQL_PASSWORD",
    secretEnvVars: { password: "AZURE_POSTGRESQL_PASSWORD", "connection-string": "AZURE_POSTGRESQL_CONNECTIONSTRING" },
    hostSuffixes: [".postgres.database.azure.com"],
    notes: ["select * from pg_catalog.pgaadauth_create_principal('<display name>', false, false); then GRANT what it needs (§19)."],
  },
  mysql: {
    id: "mysql",
    label: "Azure Database for MySQL",
    packages: ["mysql2", "mysql2/promise", "mysql"],
    resourceKind: "mysql-server",
    assignment: "mysql-entra-principal",
    scopes: [OSSRDBMS_SCOPE],
    endpointEnvVar: { name: "AZURE_MYSQL_HOST", value: "host", source: "convention" },
    secretEnv: "AZURE_MYSQL_PASSWORD",
    secretEnvVars: { password: "AZURE_MYSQL_PASSWORD", "connection-string": "AZURE_MYSQL_CONNECTIONSTRING" },
    hostSuffixes: [".mysql.database.azure.com"],
    notes: ["CREATE AADUSER '<name>' IDENTIFIED BY '<client-id>'; then GRANT (§20, unverified against current docs)."],
  },
  redis: {
    id: "redis",
    label: "Azure Cache for Redis",
    packages: ["redis", "@redis/client", "ioredis"],
    resourceKind: "redis-cache",
    assignment: "redis-access-policy",
    scopes: ["https://redis.azure.com/.default"],
    endpointEnvVar: { name: "AZURE_REDIS_HOST", value: "host", source: "convention" },
    secretEnv: "AZURE_REDIS_PASSWORD",
    secretEnvVars: { password: "AZURE_REDIS_PASSWORD", "connection-string": "AZURE_REDIS_CONNECTIONSTRING" },
    // .redis.azure.net is Azure Managed Redis.
    hostSuffixes: [".redis.cache.windows.net", ".redis.azure.net"],
    notes: [
      "Access is a Redis data-access policy assignment (az redis access-policy-assignment create), not Azure RBAC (§21).",
      "Azure Managed Redis uses az redisenterprise database access-policy-assignment (not verified) (§21).",
    ],
  },
  "iot-hub": {
    id: "iot-hub",
    label: "Azure IoT Hub",
    packages: [],
    resourceKind: "iot-hub",
    assignment: "arm-rbac",
    scopes: [],
    endpointEnvVar: { name: "AZURE_IOTHUB_HOSTNAME", value: "host", source: "convention" },
    secretEnv: "IOTHUB_CONNECTION_STRING",
    secretEnvVars: { "connection-string": "IOTHUB_CONNECTION_STRING" },
    hostSuffixes: [".azure-devices.net"],
    notes: ["Not in catalog.md: IoT Hub connection strings are detected, no client is rewritten."],
  },
  "container-registry": {
    id: "container-registry",
    label: "Azure Container Registry",
    packages: [],
    resourceKind: "container-registry",
    assignment: "arm-rbac",
    scopes: [],
    endpointEnvVar: { name: "AZURE_CONTAINERREGISTRY_ENDPOINT", value: "url", source: "convention" },
    secretEnv: "AZURE_CONTAINERREGISTRY_PASSWORD",
    secretEnvVars: { password: "AZURE_CONTAINERREGISTRY_PASSWORD" },
    hostSuffixes: [".azurecr.io"],
    notes: ["Not in catalog.md: registry passwords are detected, nothing is rewritten."],
  },
  identity: {
    id: "identity",
    label: "Microsoft Entra ID",
    packages: ["@azure/identity", "@azure/core-auth", "adal-node"],
    resourceKind: "entra-application",
    assignment: "arm-rbac",
    scopes: [],
    // EnvironmentCredential reads it (lockdown.md §3d).
    secretEnv: "AZURE_CLIENT_SECRET",
    secretEnvVars: { "client-secret": "AZURE_CLIENT_SECRET" },
    hostSuffixes: ["login.microsoftonline.com"],
    notes: ["A leftover AZURE_CLIENT_SECRET makes DefaultAzureCredential pick EnvironmentCredential first (lockdown.md §3d)."],
  },
};
