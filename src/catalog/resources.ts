/**
 * What the role report needs to know about Azure resources, as data: the ARM type a service's roles are assigned on,
 * the narrower scopes an entity name allows, and where code names those entities.
 *
 * Sources: ../shared/azure/catalog.md (§N), ../shared/azure/lockdown.md (cited as "lockdown": ARM types and the
 * API versions the Azure Verified Modules pin, [avm]), and the SDK signatures in ../shared/azure/sdk-signatures.md.
 * test/report/catalog-data.test.ts checks every client id and scope placeholder here against the rest of the catalog.
 */
import type { ArgPosition, AuthKind, ServiceId } from "./types.js";

/** The Azure resource a service's roles are assigned on. */
export interface ResourceModel {
  /** ARM resource type, `Microsoft.Storage/storageAccounts` */
  readonly armType: string;
  /** API version for Bicep `existing` references (lockdown: the [avm] pin or the newest stable version read) */
  readonly apiVersion: string;
  /**
   * Narrower scopes, narrowest first: child `[type, name]` pairs below the resource, where `{kind}` is an entity
   * name the code must spell as a literal. For `cosmos-sql-role` services these are Cosmos paths (`dbs`, `colls`),
   * not ARM types (§8).
   */
  readonly scopes?: readonly (readonly (readonly [type: string, name: string])[])[];
  /**
   * `false` when the host does not name the resource: Application Insights ingestion hosts name a region
   * (`westeurope-5.in.applicationinsights.azure.com`, §17), not the component.
   */
  readonly nameFromHost?: boolean;
  /** clients that talk to another resource type of the same service (Event Grid namespaces vs topics) */
  readonly byClient?: Readonly<Record<string, { readonly armType: string; readonly apiVersion: string; readonly scopes?: ResourceModel["scopes"] }>>;
}

const STORAGE = { armType: "Microsoft.Storage/storageAccounts", apiVersion: "2025-06-01" } as const;
const KEY_VAULT: ResourceModel = { armType: "Microsoft.KeyVault/vaults", apiVersion: "2024-11-01" };
const COGNITIVE: ResourceModel = { armType: "Microsoft.CognitiveServices/accounts", apiVersion: "2025-06-01" };

export const RESOURCE_MODELS: Readonly<Partial<Record<ServiceId, ResourceModel>>> = Object.freeze({
  // lockdown §3b: a role assignment scoped to stg::blobSvc::container (blobServices 'default' → containers).
  "storage-blob": { ...STORAGE, scopes: [[["blobServices", "default"], ["containers", "{container}"]]] },
  // §2: Data Lake uses the blob dataActions; a file system is a blob container.
  "storage-datalake": { ...STORAGE, scopes: [[["blobServices", "default"], ["containers", "{filesystem}"]]] },
  "storage-queue": { ...STORAGE, scopes: [[["queueServices", "default"], ["queues", "{queue}"]]] },
  "data-tables": { ...STORAGE, scopes: [[["tableServices", "default"], ["tables", "{table}"]]] },
  // §5 says nothing about share-level scopes for the Privileged (REST) roles: the account is the scope.
  "storage-file-share": STORAGE,
  // §6: "Role scope can be namespace, queue, topic or subscription."
  "service-bus": {
    armType: "Microsoft.ServiceBus/namespaces",
    apiVersion: "2024-01-01",
    scopes: [[["topics", "{topic}"], ["subscriptions", "{subscription}"]], [["queues", "{queue}"]], [["topics", "{topic}"]]],
  },
  "event-hubs": { armType: "Microsoft.EventHub/namespaces", apiVersion: "2024-01-01", scopes: [[["eventhubs", "{eventhub}"]]] },
  // §8: Cosmos role assignments take the account, /dbs/<db> or /dbs/<db>/colls/<container> as their scope.
  cosmos: {
    armType: "Microsoft.DocumentDB/databaseAccounts",
    apiVersion: "2024-11-15",
    scopes: [[["dbs", "{database}"], ["colls", "{container}"]], [["dbs", "{database}"]]],
  },
  "app-configuration": { armType: "Microsoft.AppConfiguration/configurationStores", apiVersion: "2024-06-01" },
  "key-vault-secrets": KEY_VAULT,
  "key-vault-keys": KEY_VAULT,
  "key-vault-certificates": KEY_VAULT,
  search: { armType: "Microsoft.Search/searchServices", apiVersion: "2025-05-01" },
  // §14: EventGridPublisherClient publishes to a topic (or domain); the -namespaces clients talk to a namespace.
  "event-grid": {
    armType: "Microsoft.EventGrid/topics",
    apiVersion: "2025-02-15",
    byClient: {
      EventGridSenderClient: { armType: "Microsoft.EventGrid/namespaces", apiVersion: "2025-02-15" },
      EventGridReceiverClient: { armType: "Microsoft.EventGrid/namespaces", apiVersion: "2025-02-15" },
    },
  },
  "web-pubsub": { armType: "Microsoft.SignalRService/webPubSub", apiVersion: "2024-03-01" },
  signalr: { armType: "Microsoft.SignalRService/signalR", apiVersion: "2024-03-01" },
  openai: COGNITIVE,
  "cognitive-services": COGNITIVE,
  // lockdown: Microsoft.Insights/components exists only in 2020-02-02(-preview).
  monitor: { armType: "Microsoft.Insights/components", apiVersion: "2020-02-02", nameFromHost: false },
  // §18–§20: the database is where the contained user / principal lives; not an Azure RBAC scope.
  sql: { armType: "Microsoft.Sql/servers", apiVersion: "2021-11-01", scopes: [[["databases", "{database}"]]] },
  postgresql: { armType: "Microsoft.DBforPostgreSQL/flexibleServers", apiVersion: "2022-12-01", scopes: [[["databases", "{database}"]]] },
  mysql: { armType: "Microsoft.DBforMySQL/flexibleServers", apiVersion: "2022-01-01", scopes: [[["databases", "{database}"]]] },
  // §21: access-policy assignments are children of the cache (Microsoft.Cache/redis/accessPolicyAssignments).
  redis: { armType: "Microsoft.Cache/redis", apiVersion: "2024-11-01" },
} satisfies Partial<Record<ServiceId, ResourceModel>>);

/**
 * Where code names an entity (container, queue, topic, database …) of a client. An entity kind written `a|b` is
 * one of two things the call alone does not tell apart (a Service Bus sender's queue or topic).
 */
export interface EntitySource {
  /** the client, by catalog id (`@azure/storage-blob › BlobServiceClient`) */
  readonly client: string;
  /**
   * `new`, `call` or a static factory name: the construction's arguments; another name: that derived method's
   * arguments; `url`: the path segments of the endpoint URL; `connection-string`: fields of the connection string.
   */
  readonly via: string;
  /** only for constructions whose key form has one of these auth kinds (the connection-string overloads) */
  readonly auth?: readonly AuthKind[];
  /** the entity kind at each argument / path segment (`null`: not an entity) */
  readonly args?: readonly (string | null)[];
  /** entity names inside an options object (mssql `{ database }`) */
  readonly options?: readonly { readonly at: ArgPosition; readonly kind: string }[];
  /** connection-string fields, case-insensitive, per entity kind */
  readonly fields?: Readonly<Record<string, readonly string[]>>;
  /**
   * Applies only when this argument is present and not an options object: `createReceiver(topic, subscription)`
   * as against `createReceiver(queue, options)`.
   */
  readonly whenNamedArg?: number;
}

const BLOB = "@azure/storage-blob";
const DATALAKE = "@azure/storage-file-datalake";
const QUEUE = "@azure/storage-queue";
const TABLES = "@azure/data-tables";
const FILES = "@azure/storage-file-share";
const SB = "@azure/service-bus › ServiceBusClient";
const EH = "@azure/event-hubs";
const CONNECTION_STRING: readonly AuthKind[] = ["connection-string"];
const ENTITY_PATH = { fields: { "queue|topic": ["EntityPath"] } } as const;

/** Blob clients: `new X(connectionString, container, blob?)` (§1), else `{serviceUrl}/{container}/{blob}`. */
const blobEntities = (name: string): EntitySource[] => [
  { client: `${BLOB} › ${name}`, via: "new", auth: CONNECTION_STRING, args: [null, "container"] },
  { client: `${BLOB} › ${name}`, via: "url", args: ["container"] },
];

/**
 * Service Bus receivers: `(queue, options?)` or `(topic, subscription, options?)`; sessions add a session id
 * (`acceptSession(queue, sessionId)` / `(topic, subscription, sessionId)`) (@azure/service-bus 7.9.5 typings).
 */
const receiverEntities = (method: string, topicFormArg: number): EntitySource[] => [
  { client: SB, via: method, whenNamedArg: topicFormArg, args: ["topic", "subscription"] },
  { client: SB, via: method, args: ["queue"] },
];

const mssqlEntities = (name: string): EntitySource[] => [
  { client: `mssql › ${name}`, via: name === "connect" ? "call" : "new", options: [{ at: { arg: 0, path: ["database"] }, kind: "database" }] },
  { client: `mssql › ${name}`, via: "connection-string", fields: { database: ["Database", "Initial Catalog"] } },
];

const configDatabase = (client: string, via: string): EntitySource[] => [
  { client, via, options: [{ at: { arg: 0, path: ["database"] }, kind: "database" }] },
  // postgres://user@host:5432/<database>
  { client, via: "url", args: ["database"] },
];

export const ENTITY_SOURCES: readonly EntitySource[] = Object.freeze([
  // ---- §1 Blob ------------------------------------------------------------------------------------------------
  { client: `${BLOB} › BlobServiceClient`, via: "getContainerClient", args: ["container"] },
  ...["ContainerClient", "BlobClient", "BlockBlobClient", "AppendBlobClient", "PageBlobClient"].flatMap(blobEntities),
  { client: `${BLOB} › BlobBatchClient`, via: "url", args: ["container"] },
  // ---- §2 Data Lake -----------------------------------------------------------------------------------------------
  { client: `${DATALAKE} › DataLakeServiceClient`, via: "getFileSystemClient", args: ["filesystem"] },
  ...["DataLakeFileSystemClient", "DataLakePathClient", "DataLakeDirectoryClient", "DataLakeFileClient"].map(
    (name): EntitySource => ({ client: `${DATALAKE} › ${name}`, via: "url", args: ["filesystem"] }),
  ),
  // ---- §3 Queue ---------------------------------------------------------------------------------------------------
  { client: `${QUEUE} › QueueServiceClient`, via: "getQueueClient", args: ["queue"] },
  { client: `${QUEUE} › QueueClient`, via: "new", auth: CONNECTION_STRING, args: [null, "queue"] },
  { client: `${QUEUE} › QueueClient`, via: "url", args: ["queue"] },
  // ---- §4 Tables: TableClient.fromConnectionString(cs, table), new TableClient(url, table, credential) -------------
  { client: `${TABLES} › TableClient`, via: "fromConnectionString", args: [null, "table"] },
  { client: `${TABLES} › TableClient`, via: "new", args: [null, "table"] },
  // ---- §5 Files -----------------------------------------------------------------------------------------------------
  { client: `${FILES} › ShareServiceClient`, via: "getShareClient", args: ["share"] },
  { client: `${FILES} › ShareClient`, via: "new", auth: CONNECTION_STRING, args: [null, "share"] },
  ...["ShareClient", "ShareDirectoryClient", "ShareFileClient"].map((name): EntitySource => ({ client: `${FILES} › ${name}`, via: "url", args: ["share"] })),
  // ---- §6 Service Bus: EntityPath is the queue or topic (passed to createSender/createReceiver explicitly) ----------
  { client: SB, via: "connection-string", ...ENTITY_PATH },
  { client: SB, via: "createSender", args: ["queue|topic"] },
  ...receiverEntities("createReceiver", 1),
  ...receiverEntities("acceptNextSession", 1),
  ...receiverEntities("acceptSession", 2),
  { client: SB, via: "createRuleManager", args: ["topic", "subscription"] },
  // ---- §7 Event Hubs: the hub is arg 1 (producers), arg 2 (consumer) or the connection string's EntityPath ----------
  ...["EventHubProducerClient", "EventHubBufferedProducerClient"].flatMap((name): EntitySource[] => [
    { client: `${EH} › ${name}`, via: "connection-string", fields: { eventhub: ["EntityPath"] } },
    { client: `${EH} › ${name}`, via: "new", args: [null, "eventhub"] },
  ]),
  { client: `${EH} › EventHubConsumerClient`, via: "connection-string", fields: { eventhub: ["EntityPath"] } },
  { client: `${EH} › EventHubConsumerClient`, via: "new", args: [null, null, "eventhub"] },
  // ---- §8 Cosmos DB -----------------------------------------------------------------------------------------------
  { client: "@azure/cosmos › CosmosClient", via: "database", args: ["database"] },
  { client: "@azure/cosmos › Database", via: "container", args: ["container"] },
  // ---- §13 Search: the index name is arg 1, or arg 2 behind the ./search subpath -----------------------------------
  { client: "@azure/search-documents › SearchClient", via: "new", args: [null, "index"] },
  { client: "@azure/search-documents/search › SearchClient", via: "new", args: [null, null, "index"] },
  { client: "@azure/search-documents › SearchIndexClient", via: "getSearchClient", args: ["index"] },
  // ---- §14 Event Grid namespaces ------------------------------------------------------------------------------------
  { client: "@azure/eventgrid-namespaces › EventGridSenderClient", via: "new", args: [null, null, "topic"] },
  { client: "@azure/eventgrid-namespaces › EventGridReceiverClient", via: "new", args: [null, null, "topic", "subscription"] },
  // ---- §15 Web PubSub: the hub is arg 1 with a connection string, arg 2 with a credential -----------------------------
  { client: "@azure/web-pubsub › WebPubSubServiceClient", via: "new", auth: CONNECTION_STRING, args: [null, "hub"] },
  { client: "@azure/web-pubsub › WebPubSubServiceClient", via: "new", args: [null, null, "hub"] },
  // ---- §18–§20 databases ---------------------------------------------------------------------------------------------
  ...mssqlEntities("ConnectionPool"),
  ...mssqlEntities("connect"),
  { client: "tedious › Connection", via: "new", options: [{ at: { arg: 0, path: ["options", "database"] }, kind: "database" }] },
  ...configDatabase("pg › Client", "new"),
  ...configDatabase("pg › Pool", "new"),
  ...["mysql2", "mysql2/promise", "mysql"].flatMap((pkg) => [...configDatabase(`${pkg} › createConnection`, "call"), ...configDatabase(`${pkg} › createPool`, "call")]),
] satisfies EntitySource[]);
