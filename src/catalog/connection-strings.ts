/**
 * Connection-string dialects: the fields that identify each one, the fields that carry secrets, and how to derive
 * the endpoint per service. Field names are matched case-insensitively.
 *
 * Order matters for a lone fragment (`Password=…` with nothing else): the first dialect whose `secretFields`
 * include the field claims it. A dialect needing more `requires` fields wins over one needing fewer, which keeps a
 * Service Bus SAS string (`Endpoint` + `SharedAccessSignature`) out of the Storage SAS dialect.
 *
 * Sources: ../shared/azure/catalog.md (§N), ../shared/corpus/real-world-patterns.md (patterns §N).
 */
import type { ConnectionStringFormat } from "./types.js";

const STORAGE_SERVICES = ["storage-blob", "storage-queue", "data-tables", "storage-file-share", "storage-datalake"] as const;
const SERVICE_BUS_EMULATOR = {
  field: "UseDevelopmentEmulator",
  value: "true",
  why: "UseDevelopmentEmulator=true points at the Service Bus / Event Hubs emulator (core-amqp, §6)",
} as const;

export const CONNECTION_STRING_FORMATS: readonly ConnectionStringFormat[] = [
  {
    // §1 (utils.common.js extractConnectionStringParts): the SDK calls it an account-key string when it has both
    // DefaultEndpointsProtocol and AccountKey. Detection asks only for AccountName + AccountKey, because strings
    // missing the protocol still leak the key.
    id: "storage-account-key",
    label: "Azure Storage connection string",
    kind: "azure-storage-connection-string",
    services: STORAGE_SERVICES,
    requires: ["AccountName", "AccountKey"],
    secretFields: ["AccountKey"],
    endpoint: {
      // `${DefaultEndpointsProtocol}://${AccountName}.<subdomain>.${EndpointSuffix}` unless the *Endpoint field is set.
      "storage-blob": { from: "account", subdomain: "blob", endpointField: "BlobEndpoint" },
      "storage-queue": { from: "account", subdomain: "queue", endpointField: "QueueEndpoint" },
      "data-tables": { from: "account", subdomain: "table", endpointField: "TableEndpoint" },
      "storage-file-share": { from: "account", subdomain: "file", endpointField: "FileEndpoint" },
      // There is no DfsEndpoint field: the SDK maps BlobEndpoint's blob host to dfs (toDfsEndpointUrl, §2).
      "storage-datalake": { from: "account", subdomain: "dfs" },
    },
    publicMarkers: [{ field: "AccountName", value: "devstoreaccount1", why: "devstoreaccount1 is Azurite's built-in account with a published key (§1)" }],
  },
  {
    // §1: otherwise it is a SAS string: an *Endpoint field plus SharedAccessSignature (leading `?` stripped).
    id: "storage-sas",
    label: "Azure Storage SAS connection string",
    kind: "azure-storage-sas-connection-string",
    services: STORAGE_SERVICES,
    requires: ["SharedAccessSignature"],
    requiresOneOf: ["BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint"],
    secretFields: ["SharedAccessSignature"],
    endpoint: {
      "storage-blob": { from: "field", field: "BlobEndpoint", transform: "trim-slash" },
      "storage-queue": { from: "field", field: "QueueEndpoint", transform: "trim-slash" },
      "data-tables": { from: "field", field: "TableEndpoint", transform: "trim-slash" },
      "storage-file-share": { from: "field", field: "FileEndpoint", transform: "trim-slash" },
    },
  },
  {
    // §1: Azurite. The SDK swaps in the well-known development string; the codemod leaves it alone.
    id: "storage-development",
    label: "Azurite connection string",
    kind: "azure-storage-emulator-connection-string",
    services: STORAGE_SERVICES,
    requires: ["UseDevelopmentStorage"],
    secretFields: [],
    publicMarkers: [{ field: "UseDevelopmentStorage", value: "true", why: "UseDevelopmentStorage=true points at the Azurite emulator (§1)" }],
    note: "Not a secret: Azurite does not accept Entra tokens in the usual setup, so nothing is migrated.",
  },
  {
    // §6/§7 (core-amqp parseConnectionString): Service Bus and Event Hubs share the dialect; the string alone does
    // not say which. `Endpoint=sb://<ns>.servicebus.windows.net/` → fully qualified namespace.
    id: "servicebus-shared-access-key",
    label: "Service Bus / Event Hubs connection string",
    kind: "azure-servicebus-connection-string",
    services: ["service-bus", "event-hubs"],
    requires: ["Endpoint", "SharedAccessKeyName"],
    secretFields: ["SharedAccessKey"],
    endpoint: {
      "service-bus": { from: "field", field: "Endpoint", transform: "host" },
      "event-hubs": { from: "field", field: "Endpoint", transform: "host" },
    },
    entityField: "EntityPath",
    publicMarkers: [SERVICE_BUS_EMULATOR],
  },
  {
    id: "servicebus-sas",
    label: "Service Bus / Event Hubs SAS connection string",
    kind: "azure-servicebus-sas-connection-string",
    services: ["service-bus", "event-hubs"],
    requires: ["Endpoint", "SharedAccessSignature"],
    secretFields: ["SharedAccessSignature"],
    endpoint: {
      "service-bus": { from: "field", field: "Endpoint", transform: "host" },
      "event-hubs": { from: "field", field: "Endpoint", transform: "host" },
    },
    entityField: "EntityPath",
    publicMarkers: [SERVICE_BUS_EMULATOR],
  },
  {
    // The pre-SAS ACS form (`SharedSecretIssuer=owner;SharedSecretValue=…`), still in old configuration files
    // (Microsoft's "Configuration Connection Strings" page for the .NET Service Bus SDK).
    id: "servicebus-acs",
    label: "Service Bus connection string",
    kind: "azure-servicebus-connection-string",
    services: ["service-bus"],
    requires: ["Endpoint", "SharedSecretIssuer"],
    secretFields: ["SharedSecretValue"],
    endpoint: { "service-bus": { from: "field", field: "Endpoint", transform: "host" } },
    note: "Legacy ACS credentials: the namespace must be migrated by hand.",
  },
  {
    // §8 (common/helper.js parseConnectionString): requires AccountEndpoint and AccountKey.
    id: "cosmos-account-key",
    label: "Cosmos DB connection string",
    kind: "azure-cosmos-connection-string",
    services: ["cosmos"],
    requires: ["AccountEndpoint", "AccountKey"],
    secretFields: ["AccountKey"],
    endpoint: { cosmos: { from: "field", field: "AccountEndpoint" } },
    publicMarkers: [{ field: "AccountEndpoint", value: "https://localhost:8081/", why: "the Cosmos DB emulator's endpoint, used with its published key (patterns §5)" }],
  },
  {
    // §9: /Endpoint=(.*);Id=(.*);Secret=(.*)/, fields in that order.
    id: "app-configuration",
    label: "App Configuration connection string",
    kind: "azure-appconfig-connection-string",
    services: ["app-configuration"],
    requires: ["Endpoint", "Id", "Secret"],
    secretFields: ["Secret"],
    endpoint: { "app-configuration": { from: "field", field: "Endpoint" } },
  },
  {
    // §15 (parseConnectionString.js lower-cases keys; https:// is prefixed when missing) and §16 (same shape).
    // The host suffix tells Web PubSub (.webpubsub.azure.com) from SignalR (.service.signalr.net).
    id: "signalr-access-key",
    label: "SignalR / Web PubSub connection string",
    kind: "azure-signalr-connection-string",
    services: ["web-pubsub", "signalr"],
    requires: ["Endpoint", "AccessKey"],
    secretFields: ["AccessKey"],
    endpoint: {
      "web-pubsub": { from: "field", field: "Endpoint", transform: "trim-slash" },
      signalr: { from: "field", field: "Endpoint", transform: "trim-slash" },
    },
    publicMarkers: [{ field: "Endpoint", value: "http://localhost", why: "the local Web PubSub sample endpoint (patterns §5)" }],
  },
  {
    // IoT Hub (not in catalog.md): service strings carry SharedAccessKeyName, device strings DeviceId; x509 device
    // strings carry no key.
    id: "iot-hub",
    label: "IoT Hub connection string",
    kind: "azure-iothub-connection-string",
    services: ["iot-hub"],
    requires: ["HostName"],
    requiresOneOf: ["SharedAccessKeyName", "DeviceId"],
    secretFields: ["SharedAccessKey"],
    endpoint: { "iot-hub": { from: "field", field: "HostName" } },
    entityField: "DeviceId",
  },
  {
    // §18 (ADO.NET / mssql connection strings). The `Server` value may be `tcp:<host>,1433`: the host transform
    // strips the scheme and port. MySQL and PostgreSQL .NET strings share the shape; the host suffix decides.
    id: "ado-password",
    label: "SQL connection string",
    kind: "sql-connection-string",
    services: ["sql", "mysql", "postgresql"],
    requires: ["Server"],
    secretFields: ["Password", "Pwd"],
    aliases: {
      Server: ["Data Source", "Address", "Addr", "Network Address", "Host"],
      Password: ["Pwd"],
    },
    endpoint: {
      sql: { from: "field", field: "Server", transform: "host" },
      mysql: { from: "field", field: "Server", transform: "host" },
      postgresql: { from: "field", field: "Server", transform: "host" },
    },
    note: "mssql maps only 'Authentication=Active Directory Integrated' to an Entra type; other Authentication values fall back to SQL auth (§18).",
  },
  {
    // StackExchange.Redis: `<name>.redis.cache.windows.net:6380,password=<key>,ssl=True,abortConnect=False`
    // (§21, patterns §19: seen passed to node-redis, which cannot parse it).
    id: "redis-stackexchange",
    label: "Redis connection string",
    kind: "redis-connection-string",
    services: ["redis"],
    requires: ["password", "ssl"],
    secretFields: ["password"],
    delimiter: ",",
    endpoint: { redis: { from: "field", field: "host", transform: "host" } },
  },
  {
    // §17: the instrumentation key is an identifier. Entra is added beside the connection string.
    id: "application-insights",
    label: "Application Insights connection string",
    kind: "appinsights-connection-string",
    services: ["monitor"],
    requires: ["InstrumentationKey"],
    secretFields: [],
    endpoint: { monitor: { from: "field", field: "IngestionEndpoint" } },
    note: "Not a secret: InstrumentationKey identifies the resource and is still required with Entra auth (§17). Report it only for prefer-managed-identity (local auth still on).",
  },
];
