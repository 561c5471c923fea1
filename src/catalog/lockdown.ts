/**
 * After the code moves to managed identity: the identity itself (the host it runs on, system- or user-assigned), how
 * to rotate each kind of exposed key, and the switch that turns key-based access off, per Azure resource type, with
 * the built-in policy that audits it. Data only: src/report/runbook.ts picks from it, the renderers spell it.
 *
 * Every command, property, API version and policy id is from ../shared/azure/lockdown.md (sections cited as
 * "lockdown §…"); where that file marks a fact UNVERIFIED, `verified: false` carries it to the output.
 * test/report/lockdown-data.test.ts checks the API versions and policy ids against that file.
 *
 * Command templates: `{rg}` resource group, `{name}` the resource, `{host}` the app's host, `{rule}` a SAS policy,
 * `{entity}` a queue/topic/event hub, `{identity}` the user-assigned identity's name, `{identityId}` its resource id,
 * `{clientId}` its client id, `{clientIdEnv}` the variable the code reads it from, `{settings}` space-separated setting names, `{resourceId}` the resource's full id.
 */

export type HostKind = "appservice" | "functionapp" | "containerapp" | "vm";
export const HOST_KINDS: readonly HostKind[] = ["appservice", "functionapp", "containerapp", "vm"];
export type IdentityKind = "system" | "user";

export interface HostModel {
  readonly kind: HostKind;
  readonly label: string;
  readonly armType: string;
  /** lockdown §3a: a stable API version with `identity` */
  readonly apiVersion: string;
  /** `identity.type` for a user-assigned identity (the system-assigned one is always `SystemAssigned`) */
  readonly userAssignedType: "UserAssigned";
  /** how both are spelled together (`'SystemAssigned, UserAssigned'`, Container Apps without the space) */
  readonly bothType: string;
  readonly az: {
    readonly assignSystem: string;
    readonly assignUser: string;
    readonly showPrincipalId: string;
    /** how the app gets AZURE_CLIENT_ID; `null`: no platform setting (a VM's process environment) */
    readonly setClientId: string | null;
    /** how the old secret settings leave the app; `null` when there is no documented command */
    readonly deleteSettings: string | null;
  };
  /** where the app's settings live, for the text */
  readonly settingsWord: string;
  /** where the host's own Bicep definition sets an environment variable (`null`: nowhere, a VM) */
  readonly bicepSetting: string | null;
}

export const HOSTS: Readonly<Record<HostKind, HostModel>> = Object.freeze({
  // lockdown §3a (Microsoft.Web/sites 2024-11-01), §3c (az webapp identity …, appsettings set/delete).
  appservice: {
    kind: "appservice",
    label: "App Service web app",
    armType: "Microsoft.Web/sites",
    apiVersion: "2024-11-01",
    userAssignedType: "UserAssigned",
    bothType: "SystemAssigned, UserAssigned",
    az: {
      assignSystem: "az webapp identity assign --resource-group {rg} --name {host}",
      assignUser: "az webapp identity assign --resource-group {rg} --name {host} --identities {identityId}",
      showPrincipalId: "az webapp identity show --resource-group {rg} --name {host} --query principalId -o tsv",
      setClientId: "az webapp config appsettings set --resource-group {rg} --name {host} --settings {clientIdEnv}={clientId}",
      deleteSettings: "az webapp config appsettings delete --resource-group {rg} --name {host} --setting-names {settings}",
    },
    settingsWord: "app settings",
    bicepSetting: "siteConfig.appSettings",
  },
  // lockdown §3c: the same verbs under `az functionapp`; `az functionapp config appsettings delete --setting-names`
  // is on the published az reference (functionapp/config/appsettings).
  functionapp: {
    kind: "functionapp",
    label: "Function App",
    armType: "Microsoft.Web/sites",
    apiVersion: "2024-11-01",
    userAssignedType: "UserAssigned",
    bothType: "SystemAssigned, UserAssigned",
    az: {
      assignSystem: "az functionapp identity assign --resource-group {rg} --name {host}",
      assignUser: "az functionapp identity assign --resource-group {rg} --name {host} --identities {identityId}",
      showPrincipalId: "az functionapp identity show --resource-group {rg} --name {host} --query principalId -o tsv",
      setClientId: "az functionapp config appsettings set --resource-group {rg} --name {host} --settings {clientIdEnv}={clientId}",
      deleteSettings: "az functionapp config appsettings delete --resource-group {rg} --name {host} --setting-names {settings}",
    },
    settingsWord: "app settings",
    bicepSetting: "siteConfig.appSettings",
  },
  // lockdown §3a (Microsoft.App/containerApps 2025-07-01, combined type without a space), §3c.
  containerapp: {
    kind: "containerapp",
    label: "Container App",
    armType: "Microsoft.App/containerApps",
    apiVersion: "2025-07-01",
    userAssignedType: "UserAssigned",
    bothType: "SystemAssigned,UserAssigned",
    az: {
      assignSystem: "az containerapp identity assign --resource-group {rg} --name {host} --system-assigned",
      assignUser: "az containerapp identity assign --resource-group {rg} --name {host} --user-assigned {identityId}",
      showPrincipalId: "az containerapp identity show --resource-group {rg} --name {host} --query principalId -o tsv",
      setClientId: "az containerapp update --resource-group {rg} --name {host} --set-env-vars {clientIdEnv}={clientId}",
      deleteSettings: null,
    },
    settingsWord: "environment variables",
    bicepSetting: "the container's env",
  },
  // lockdown §3a (Microsoft.Compute/virtualMachines 2024-11-01), §3c (az vm identity assign).
  vm: {
    kind: "vm",
    label: "virtual machine",
    armType: "Microsoft.Compute/virtualMachines",
    apiVersion: "2024-11-01",
    userAssignedType: "UserAssigned",
    bothType: "SystemAssigned, UserAssigned",
    az: {
      assignSystem: "az vm identity assign --resource-group {rg} --name {host}",
      assignUser: "az vm identity assign --resource-group {rg} --name {host} --identities {identityId}",
      showPrincipalId: "az vm identity show --resource-group {rg} --name {host} --query principalId -o tsv",
      setClientId: null,
      deleteSettings: null,
    },
    settingsWord: "process environment",
    bicepSetting: null,
  },
});

/**
 * lockdown §3d: settings EnvironmentCredential reads before the managed identity; left on the app beside a leaked
 * client secret, DefaultAzureCredential signs in as that service principal.
 */
export const ENTRA_SECRET_SETTINGS: readonly string[] = ["AZURE_CLIENT_SECRET", "AZURE_TENANT_ID"];

/** lockdown §3a/§3c: the user-assigned identity resource and its CLI. */
export const USER_ASSIGNED_IDENTITY = Object.freeze({
  armType: "Microsoft.ManagedIdentity/userAssignedIdentities",
  apiVersion: "2024-11-30",
  create: "az identity create --name {identity} --resource-group {rg}",
  showPrincipalId: "az identity show --resource-group {rg} --name {identity} --query principalId -o tsv",
  showClientId: "az identity show --resource-group {rg} --name {identity} --query clientId -o tsv",
  showId: "az identity show --resource-group {rg} --name {identity} --query id -o tsv",
});

/** Bicep policy assignments (Azure/ResourceModules pins 2022-06-01 for Microsoft.Authorization/policyAssignments). */
export const POLICY_ASSIGNMENTS_API = "2022-06-01";

// ---- rotation -------------------------------------------------------------------------------------------------------

export interface RotationStep {
  /** when the step applies or what it does, in words */
  readonly text: string;
  /** the command, templated; absent for a step that is only words */
  readonly command?: string;
  /** false when lockdown.md marks the command UNVERIFIED */
  readonly verified?: false;
  /** the command is an SQL statement (run in the database), not a shell command */
  readonly sql?: true;
  /** an alternative or a conditional step: scripts show it as a comment, never run it */
  readonly optional?: true;
}

export interface RotationRecipe {
  readonly id: string;
  /** what gets rotated: `storage account keys` */
  readonly what: string;
  readonly steps: readonly RotationStep[];
  readonly traps: readonly string[];
  /** where in lockdown.md */
  readonly source: string;
}

const ENTRA_TRAP =
  "A leftover AZURE_CLIENT_SECRET (with AZURE_TENANT_ID and AZURE_CLIENT_ID) setting wins over the managed identity: DefaultAzureCredential tries EnvironmentCredential first and signs in as that service principal. Delete those settings when the app switches (lockdown §3d).";
const RE_ENABLE_TRAP =
  "Rotate even though key access will be switched off: disabling local auth does not change the key values, and switching it back on would bring the leaked key back to life (lockdown §0).";

export const ROTATION_RECIPES: Readonly<Record<string, RotationRecipe>> = Object.freeze({
  "storage-account-key": {
    id: "storage-account-key",
    what: "storage account keys",
    steps: [
      { text: "Renew the primary key (the migrated code uses neither key; keyless cannot tell which one leaked without reading them)", command: "az storage account keys renew --resource-group {rg} --account-name {name} --key primary" },
      { text: "Renew the secondary key", command: "az storage account keys renew --resource-group {rg} --account-name {name} --key secondary" },
    ],
    traps: ["Account SAS tokens are signed with an account key: renewing the key that signed them revokes them too (lockdown §1–2 Storage, an inference).", RE_ENABLE_TRAP],
    source: "lockdown §1–2 Storage account",
  },
  "storage-sas": {
    id: "storage-sas",
    what: "the account key that signed the SAS",
    steps: [
      { text: "A SAS cannot be revoked by itself: renew the account key that signed it (both, when you cannot tell which)", command: "az storage account keys renew --resource-group {rg} --account-name {name} --key primary" },
      { text: "", command: "az storage account keys renew --resource-group {rg} --account-name {name} --key secondary" },
    ],
    traps: ["A SAS authorized with a user delegation key (Microsoft Entra) is not revoked by renewing account keys.", RE_ENABLE_TRAP],
    source: "lockdown §1–2 Storage account",
  },
  "servicebus-rule": {
    id: "servicebus-rule",
    what: "the key of the Service Bus SAS policy",
    steps: [
      { text: "A namespace-level policy", command: "az servicebus namespace authorization-rule keys renew --resource-group {rg} --namespace-name {name} --name {rule} --key PrimaryKey" },
      { text: "", command: "az servicebus namespace authorization-rule keys renew --resource-group {rg} --namespace-name {name} --name {rule} --key SecondaryKey" },
      { optional: true, text: "Or, when the policy is defined on the queue", command: "az servicebus queue authorization-rule keys renew --resource-group {rg} --namespace-name {name} --queue-name {entity} --name {rule} --key PrimaryKey" },
      { optional: true, text: "Or, when the policy is defined on the topic", command: "az servicebus topic authorization-rule keys renew --resource-group {rg} --namespace-name {name} --topic-name {entity} --name {rule} --key PrimaryKey" },
    ],
    traps: [
      "Renew the key of the policy named in SharedAccessKeyName, at the level it is defined on (namespace, queue or topic); `az servicebus namespace authorization-rule list` shows the namespace-level ones.",
      RE_ENABLE_TRAP,
    ],
    source: "lockdown §1–2 Service Bus",
  },
  "eventhubs-rule": {
    id: "eventhubs-rule",
    what: "the key of the Event Hubs SAS policy",
    steps: [
      { text: "A namespace-level policy", command: "az eventhubs namespace authorization-rule keys renew --resource-group {rg} --namespace-name {name} --name {rule} --key PrimaryKey" },
      { text: "", command: "az eventhubs namespace authorization-rule keys renew --resource-group {rg} --namespace-name {name} --name {rule} --key SecondaryKey" },
      { optional: true, text: "Or, when the policy is defined on the event hub", command: "az eventhubs eventhub authorization-rule keys renew --resource-group {rg} --namespace-name {name} --eventhub-name {entity} --name {rule} --key PrimaryKey" },
    ],
    traps: ["Renew the key of the policy named in SharedAccessKeyName, at the level it is defined on.", RE_ENABLE_TRAP],
    source: "lockdown §1–2 Event Hubs",
  },
  "cosmos-key": {
    id: "cosmos-key",
    what: "Cosmos DB account keys",
    steps: [
      { text: "Regenerate the primary key (a read-only key leaked: use primaryReadonly / secondaryReadonly)", command: "az cosmosdb keys regenerate --resource-group {rg} --name {name} --key-kind primary" },
      { text: "", command: "az cosmosdb keys regenerate --resource-group {rg} --name {name} --key-kind secondary" },
    ],
    traps: ["The cosmosdb-preview extension may refuse to regenerate a key used recently (--skip-safe-rotation): deploy the migrated code first.", RE_ENABLE_TRAP],
    source: "lockdown §1–2 Cosmos DB",
  },
  "appconfig-key": {
    id: "appconfig-key",
    what: "App Configuration access keys",
    steps: [
      { text: "List the keys and their ids (compare the connection string's Id= with them)", command: "az appconfig credential list --resource-group {rg} --name {name} --query \"[].{name:name, id:id}\" -o table" },
      { text: "Regenerate the leaked key by its id", command: "az appconfig credential regenerate --resource-group {rg} --name {name} --id \"$APPCONFIG_KEY_ID\"" },
    ],
    traps: [RE_ENABLE_TRAP],
    source: "lockdown §1–2 App Configuration",
  },
  "search-key": {
    id: "search-key",
    what: "Azure AI Search keys",
    steps: [
      { text: "An admin key: renew both", command: "az search admin-key renew --resource-group {rg} --service-name {name} --key-kind primary" },
      { text: "", command: "az search admin-key renew --resource-group {rg} --service-name {name} --key-kind secondary" },
      { optional: true, text: "A query key cannot be regenerated: delete it (by its value, which you supply) and create a new one if still needed", command: "az search query-key delete --resource-group {rg} --service-name {name} --key-value \"$LEAKED_QUERY_KEY\"" },
    ],
    traps: ["Query keys are identified by value, not by name: keyless never prints the value, supply it from your own copy.", RE_ENABLE_TRAP],
    source: "lockdown §1–2 Azure AI Search",
  },
  "eventgrid-topic-key": {
    id: "eventgrid-topic-key",
    what: "Event Grid topic keys",
    steps: [
      { text: "A topic", command: "az eventgrid topic key regenerate --resource-group {rg} --name {name} --key-name key1" },
      { text: "", command: "az eventgrid topic key regenerate --resource-group {rg} --name {name} --key-name key2" },
      { optional: true, text: "Or, when it is a domain", command: "az eventgrid domain key regenerate --resource-group {rg} --name {name} --key-name key1" },
    ],
    traps: [RE_ENABLE_TRAP],
    source: "lockdown §1–2 Event Grid",
  },
  "eventgrid-namespace-key": {
    id: "eventgrid-namespace-key",
    what: "Event Grid namespace keys",
    steps: [
      { text: "The eventgrid CLI extension (Preview)", command: "az eventgrid namespace regenerate-key --resource-group {rg} --namespace-name {name} --key-name key1" },
      { text: "", command: "az eventgrid namespace regenerate-key --resource-group {rg} --namespace-name {name} --key-name key2" },
    ],
    traps: ["Event Grid namespaces have no switch that turns key access off: rotating is the only remedy (lockdown §1–2 Event Grid)."],
    source: "lockdown §1–2 Event Grid",
  },
  "webpubsub-key": {
    id: "webpubsub-key",
    what: "Web PubSub access keys",
    steps: [
      { text: "The webpubsub CLI extension", command: "az webpubsub key regenerate --resource-group {rg} --name {name} --key-type primary" },
      { text: "", command: "az webpubsub key regenerate --resource-group {rg} --name {name} --key-type secondary" },
    ],
    traps: [RE_ENABLE_TRAP],
    source: "lockdown §1–2 Web PubSub",
  },
  "signalr-key": {
    id: "signalr-key",
    what: "SignalR access keys",
    steps: [
      { text: "", command: "az signalr key renew --resource-group {rg} --name {name} --key-type primary" },
      { text: "", command: "az signalr key renew --resource-group {rg} --name {name} --key-type secondary" },
    ],
    traps: [RE_ENABLE_TRAP],
    source: "lockdown §1–2 SignalR",
  },
  "cognitive-key": {
    id: "cognitive-key",
    what: "Azure OpenAI / AI Services account keys",
    steps: [
      { text: "", command: "az cognitiveservices account keys regenerate --resource-group {rg} --name {name} --key-name Key1" },
      { text: "", command: "az cognitiveservices account keys regenerate --resource-group {rg} --name {name} --key-name Key2" },
    ],
    traps: [RE_ENABLE_TRAP],
    source: "lockdown §1–2 Azure OpenAI / Cognitive Services",
  },
  "redis-key": {
    id: "redis-key",
    what: "Azure Cache for Redis access keys",
    steps: [
      { text: "", command: "az redis regenerate-keys --resource-group {rg} --name {name} --key-type Primary" },
      { text: "", command: "az redis regenerate-keys --resource-group {rg} --name {name} --key-type Secondary" },
    ],
    traps: [RE_ENABLE_TRAP],
    source: "lockdown §1–2 Azure Cache for Redis",
  },
  "managed-redis-key": {
    id: "managed-redis-key",
    what: "Azure Managed Redis database access keys",
    steps: [
      { text: "The redisenterprise CLI extension", command: "az redisenterprise database regenerate-key --resource-group {rg} --cluster-name {name} --key-type Primary" },
      { text: "", command: "az redisenterprise database regenerate-key --resource-group {rg} --cluster-name {name} --key-type Secondary" },
    ],
    traps: [RE_ENABLE_TRAP],
    source: "lockdown §1–2 Azure Managed Redis",
  },
  "sql-password": {
    id: "sql-password",
    what: "the SQL login password",
    steps: [
      { text: "The server admin", command: "az sql server update --resource-group {rg} --name {name} --admin-password \"$NEW_PASSWORD\"" },
      { optional: true, text: "Another SQL login: in master", command: "ALTER LOGIN [<login>] WITH PASSWORD = '<new password>';", sql: true },
      { optional: true, text: "A contained database user: in its database", command: "ALTER USER [<user>] WITH PASSWORD = '<new password>';", sql: true },
    ],
    traps: ["A new password does not re-authenticate open connections, pooled ones included: KILL the app's sessions so the old password stops working (lockdown, [alter-login])."],
    source: "lockdown §1–2 Azure SQL",
  },
  "postgres-password": {
    id: "postgres-password",
    what: "the PostgreSQL password",
    steps: [
      { text: "Check password auth is still on (when it is off the update below reports no error and changes nothing)", command: "az postgres flexible-server show --resource-group {rg} --name {name} --query authConfig.passwordAuth -o tsv" },
      { text: "The server admin", command: "az postgres flexible-server update --resource-group {rg} --name {name} --admin-password \"$NEW_PASSWORD\"" },
      { optional: true, text: "Another role", command: "ALTER ROLE \"<role>\" PASSWORD '<new password>';", sql: true, verified: false },
    ],
    traps: ["Read replicas cannot be reset directly: they take the primary's change asynchronously (lockdown [pg-reset])."],
    source: "lockdown §1–2 PostgreSQL",
  },
  "mysql-password": {
    id: "mysql-password",
    what: "the MySQL password",
    steps: [
      { text: "The server admin", command: "az mysql flexible-server update --resource-group {rg} --name {name} --admin-password \"$NEW_PASSWORD\"" },
      { optional: true, text: "Another user", command: "ALTER USER '<user>'@'%' IDENTIFIED BY '<new password>';", sql: true, verified: false },
    ],
    traps: [],
    source: "lockdown §1–2 MySQL",
  },
  "appinsights-connection-string": {
    id: "appinsights-connection-string",
    what: "nothing: an instrumentation key is not a secret",
    steps: [{ text: "An Application Insights instrumentation key is not a security token and has no regenerate command; protect ingestion by turning local auth off (step 4). A classic query API key, if one leaked, is deleted and re-created with `az monitor app-insights api-key delete|create`." }],
    traps: [],
    source: "lockdown §1–2 Application Insights",
  },
  "entra-client-secret": {
    id: "entra-client-secret",
    what: "the app registration's client secret",
    steps: [
      { text: "Find the leaked secret's keyId (the hint shows its first characters)", command: "az ad app credential list --id \"$ENTRA_APP_ID\" --query \"[].{keyId:keyId, hint:hint, end:endDateTime}\" -o table" },
      { optional: true, text: "Only if something else still needs a secret: add a new one first, without dropping the others (without --append, reset overwrites every credential)", command: "az ad app credential reset --id \"$ENTRA_APP_ID\" --append --display-name keyless-rotated" },
      { text: "Delete the leaked secret", command: "az ad app credential delete --id \"$ENTRA_APP_ID\" --key-id \"$LEAKED_KEY_ID\"" },
    ],
    traps: [ENTRA_TRAP, "There is no switch that turns client secrets off: once every consumer uses managed identity, delete all password credentials (or the app registration)."],
    source: "lockdown §1–2 Entra ID app registrations, §3d",
  },
  "key-vault-secret": {
    id: "key-vault-secret",
    what: "the secret value stored in the vault",
    steps: [{ text: "A vault has no account key. Rotate the value itself where it was issued, then store the new value as a new version", command: "az keyvault secret set --vault-name {name} --name <secret name> --file <file holding the new value>", verified: false }],
    traps: [],
    source: "lockdown §1–2 Key Vault",
  },
  "azure-unlisted": {
    id: "azure-unlisted",
    what: "the key, on its Azure resource",
    steps: [{ text: "Regenerate the key on the resource it belongs to (its portal blade or az group): lockdown.md has no verified command for this service, so none is guessed." }],
    traps: [RE_ENABLE_TRAP],
    source: "lockdown §0",
  },
  external: {
    id: "external",
    what: "a credential issued outside Azure",
    steps: [{ text: "Revoke it where it was issued (the provider named by its kind) and issue a new one; keyless cannot tell which account issued it." }],
    traps: [],
    source: "lockdown §4",
  },
});

/** Which recipe a finding's kind calls for, before its service is looked at. */
export const ROTATION_BY_KIND: Readonly<Record<string, string>> = Object.freeze({
  "azure-storage-sas-connection-string": "storage-sas",
  "azure-sas-token": "storage-sas",
  "appinsights-connection-string": "appinsights-connection-string",
  "entra-client-secret": "entra-client-secret",
  "entra-refresh-token": "entra-client-secret",
  "client-secret": "entra-client-secret",
});

/** Which recipe the resource type calls for. */
export const ROTATION_BY_ARM_TYPE: Readonly<Record<string, string>> = Object.freeze({
  "Microsoft.Storage/storageAccounts": "storage-account-key",
  "Microsoft.ServiceBus/namespaces": "servicebus-rule",
  "Microsoft.EventHub/namespaces": "eventhubs-rule",
  "Microsoft.DocumentDB/databaseAccounts": "cosmos-key",
  "Microsoft.AppConfiguration/configurationStores": "appconfig-key",
  "Microsoft.Search/searchServices": "search-key",
  "Microsoft.EventGrid/topics": "eventgrid-topic-key",
  "Microsoft.EventGrid/namespaces": "eventgrid-namespace-key",
  "Microsoft.SignalRService/webPubSub": "webpubsub-key",
  "Microsoft.SignalRService/signalR": "signalr-key",
  "Microsoft.CognitiveServices/accounts": "cognitive-key",
  "Microsoft.Cache/redis": "redis-key",
  "Microsoft.Cache/redisEnterprise": "managed-redis-key",
  "Microsoft.Sql/servers": "sql-password",
  "Microsoft.DBforPostgreSQL/flexibleServers": "postgres-password",
  "Microsoft.DBforMySQL/flexibleServers": "mysql-password",
  "Microsoft.Insights/components": "appinsights-connection-string",
  "Microsoft.KeyVault/vaults": "entra-client-secret",
});

/** Hosts that name another resource type than the service's default (Azure Managed Redis). */
export const ARM_TYPE_BY_HOST: readonly { readonly suffix: string; readonly armType: string; readonly apiVersion: string; readonly resourceKind: string }[] = [
  { suffix: ".redis.azure.net", armType: "Microsoft.Cache/redisEnterprise", apiVersion: "2025-07-01", resourceKind: "managed-redis" },
];

// ---- lockdown -------------------------------------------------------------------------------------------------------

export interface PolicyRef {
  /** the built-in definition's name (a GUID) */
  readonly id: string;
  readonly displayName: string;
  /** a Modify / DeployIfNotExists variant that can fix what the audit finds */
  readonly remediationId?: string;
}

/** A property of the resource itself (needs the resource's own Bicep definition: `existing` cannot change it). */
export interface PropertyChange {
  readonly kind: "property";
  /** the Bicep `properties` fragment, as lines (`allowSharedKeyAccess: false`) */
  readonly bicep: readonly string[];
  /** the child resource that holds it, when it is not on the resource itself (Managed Redis databases) */
  readonly on?: { readonly type: string; readonly name: string };
}

/** A child resource that can be declared on its own (SQL Entra-only, MySQL server parameters). */
export interface ChildChange {
  readonly kind: "child";
  readonly type: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly bicep: readonly string[];
}

export interface LockdownSwitch {
  readonly armType: string;
  /** `Shared Key (account keys and SAS)` */
  readonly what: string;
  /** a stable API version that has the property */
  readonly apiVersion: string;
  readonly change: PropertyChange | ChildChange;
  /** what must be true first, with its commands */
  readonly before: readonly RotationStep[];
  readonly az: readonly RotationStep[];
  readonly policy: PolicyRef | null;
  /** the check to run before switching off (is anything still using keys?) */
  readonly check: string;
  readonly caveats: readonly string[];
  readonly source: string;
}

export interface NoSwitch {
  readonly armType: string;
  readonly none: string;
  readonly source: string;
}

const GENERIC_CHECK = "Look at the resource's sign-in logs or diagnostic logs for requests still authorized with a key or SAS before you switch keys off; clients still using one start failing.";

export const LOCKDOWN: Readonly<Record<string, LockdownSwitch | NoSwitch>> = Object.freeze({
  "Microsoft.Storage/storageAccounts": {
    armType: "Microsoft.Storage/storageAccounts",
    what: "Shared Key (account keys, and every SAS they sign)",
    apiVersion: "2025-06-01",
    change: { kind: "property", bicep: ["allowSharedKeyAccess: false"] },
    before: [],
    az: [{ text: "", command: "az storage account update --resource-group {rg} --name {name} --allow-shared-key-access false" }],
    policy: { id: "8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54", displayName: "Storage accounts should prevent shared key access" },
    check:
      'The account\'s Transactions metric split by Authentication (Account Key / SAS) must be flat; in Log Analytics: StorageBlobLogs | where AuthenticationType in ("AccountKey","SAS") must return nothing (and the same for StorageQueueLogs, StorageTableLogs, StorageFileLogs).',
    caveats: [
      "Requests signed with Shared Key then fail with 403, SAS included.",
      "A Function App that reaches its host storage through AzureWebJobsStorage must move that setting to the identity form (AzureWebJobsStorage__accountName) first; some plans still need a key for content shares (lockdown marks the plan limits UNVERIFIED).",
    ],
    source: "lockdown §1–2 Storage account",
  },
  "Microsoft.ServiceBus/namespaces": {
    armType: "Microsoft.ServiceBus/namespaces",
    what: "SAS authentication (every SAS policy)",
    apiVersion: "2024-01-01",
    change: { kind: "property", bicep: ["disableLocalAuth: true"] },
    before: [],
    az: [{ text: "", command: "az servicebus namespace update --resource-group {rg} --name {name} --disable-local-auth true" }],
    policy: { id: "cfb11c26-f069-4c14-8e36-56c394dae5af", displayName: "Azure Service Bus namespaces should have local authentication methods disabled", remediationId: "910711a6-8aa2-4f15-ae62-1e5b2ed3ef9e" },
    check: GENERIC_CHECK,
    caveats: [],
    source: "lockdown §1–2 Service Bus",
  },
  "Microsoft.EventHub/namespaces": {
    armType: "Microsoft.EventHub/namespaces",
    what: "SAS authentication (every SAS policy)",
    apiVersion: "2024-01-01",
    change: { kind: "property", bicep: ["disableLocalAuth: true"] },
    before: [],
    az: [{ text: "", command: "az eventhubs namespace update --resource-group {rg} --name {name} --disable-local-auth true" }],
    policy: { id: "5d4e3c65-4873-47be-94f3-6f8b953a3598", displayName: "Azure Event Hub namespaces should have local authentication methods disabled", remediationId: "57f35901-8389-40bb-ac49-3ba4f86d889d" },
    check: GENERIC_CHECK,
    caveats: [],
    source: "lockdown §1–2 Event Hubs",
  },
  "Microsoft.DocumentDB/databaseAccounts": {
    armType: "Microsoft.DocumentDB/databaseAccounts",
    what: "key-based authentication (account keys and resource tokens)",
    apiVersion: "2024-11-15",
    change: { kind: "property", bicep: ["disableLocalAuth: true"] },
    before: [],
    az: [{ text: "", command: "az cosmosdb update --resource-group {rg} --name {name} --disable-local-auth true" }],
    policy: { id: "5450f5bd-9c72-4390-a9c4-a7aba4edfdd2", displayName: "Cosmos DB database accounts should have local authentication methods disabled", remediationId: "dc2d41d1-4ab1-4666-a3e1-3d51c43e0049" },
    check: GENERIC_CHECK,
    caveats: ["Data access is granted by Cosmos DB sqlRoleAssignments (step 1), not Azure RBAC."],
    source: "lockdown §1–2 Cosmos DB",
  },
  "Microsoft.AppConfiguration/configurationStores": {
    armType: "Microsoft.AppConfiguration/configurationStores",
    what: "access keys",
    apiVersion: "2024-06-01",
    change: { kind: "property", bicep: ["disableLocalAuth: true"] },
    before: [],
    az: [{ text: "", command: "az appconfig update --resource-group {rg} --name {name} --disable-local-auth true" }],
    policy: { id: "b08ab3ca-1062-4db3-8803-eec9cae605d6", displayName: "App Configuration stores should have local authentication methods disabled", remediationId: "72bc14af-4ab8-43af-b4e4-38e7983f9a1f" },
    check: GENERIC_CHECK,
    caveats: [],
    source: "lockdown §1–2 App Configuration",
  },
  "Microsoft.KeyVault/vaults": {
    armType: "Microsoft.KeyVault/vaults",
    what: "access policies (the vault has no keys: RBAC mode makes the role assignments the only grant)",
    apiVersion: "2024-11-01",
    change: { kind: "property", bicep: ["enableRbacAuthorization: true"] },
    before: [{ text: "Create the RBAC role assignments first (step 1): switching to RBAC ignores every access policy" }],
    az: [{ text: "", command: "az keyvault update --resource-group {rg} --name {name} --enable-rbac-authorization true" }],
    policy: { id: "12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5", displayName: "Azure Key Vault should use RBAC permission model" },
    check: "List the vault's access policies (az keyvault show --query properties.accessPolicies): every principal there loses access unless it has a role assignment.",
    caveats: [],
    source: "lockdown §1–2 Key Vault",
  },
  "Microsoft.Search/searchServices": {
    armType: "Microsoft.Search/searchServices",
    what: "API keys (admin and query)",
    apiVersion: "2025-05-01",
    change: { kind: "property", bicep: ["disableLocalAuth: true", "// authOptions must be left unset once disableLocalAuth is true"] },
    before: [],
    az: [{ text: "", command: "az search service update --resource-group {rg} --name {name} --disable-local-auth true" }],
    policy: { id: "6300012e-e9a4-4649-b41f-a85f5c43be91", displayName: "Azure AI Search services should have local authentication methods disabled", remediationId: "4eb216f2-9dba-4979-86e6-5d7e63ce3b75" },
    check: "Switch to the transition mode first (az search service update --auth-options aadOrApiKey --aad-auth-failure-mode http401WithBearerChallenge) and watch the clients: both keys and tokens work there.",
    caveats: [],
    source: "lockdown §1–2 Azure AI Search",
  },
  "Microsoft.EventGrid/topics": {
    armType: "Microsoft.EventGrid/topics",
    what: "access keys and SAS tokens",
    apiVersion: "2025-02-15",
    change: { kind: "property", bicep: ["disableLocalAuth: true"] },
    before: [],
    az: [{ text: "No service-specific flag: the generic form, not shown for Event Grid in a Microsoft doc", command: "az resource update --ids {resourceId} --set properties.disableLocalAuth=true", verified: false }],
    policy: { id: "ae9fb87f-8a17-4428-94a4-8135d431055c", displayName: "Azure Event Grid topics should have local authentication methods disabled", remediationId: "1c8144d9-746a-4501-b08c-093c8d29ad04" },
    check: GENERIC_CHECK,
    caveats: ["A domain has the same property; its policy is 8bfadddb-ee1c-4639-8911-a38cb8e0b3bd."],
    source: "lockdown §1–2 Event Grid",
  },
  "Microsoft.EventGrid/namespaces": {
    armType: "Microsoft.EventGrid/namespaces",
    none: "Event Grid namespaces have no property that turns key access off in any API version read (through 2025-07-15-preview) and no built-in policy: rotate the keys, nothing more can be done from ARM.",
    source: "lockdown §1–2 Event Grid",
  },
  "Microsoft.SignalRService/webPubSub": {
    armType: "Microsoft.SignalRService/webPubSub",
    what: "access keys",
    apiVersion: "2024-03-01",
    change: { kind: "property", bicep: ["disableLocalAuth: true"] },
    before: [],
    az: [{ text: "The webpubsub CLI extension", command: "az webpubsub update --resource-group {rg} --name {name} --disable-local-auth true" }],
    policy: { id: "b66ab71c-582d-4330-adfd-ac162e78691e", displayName: "Azure Web PubSub Service should have local authentication methods disabled", remediationId: "17f9d984-90c8-43dd-b7a6-76cb694815c1" },
    check: GENERIC_CHECK,
    caveats: [],
    source: "lockdown §1–2 Web PubSub",
  },
  "Microsoft.SignalRService/signalR": {
    armType: "Microsoft.SignalRService/signalR",
    what: "access keys",
    apiVersion: "2024-03-01",
    change: { kind: "property", bicep: ["disableLocalAuth: true"] },
    before: [],
    az: [{ text: "", command: "az signalr update --resource-group {rg} --name {name} --disable-local-auth true" }],
    policy: { id: "f70eecba-335d-4bbc-81d5-5b17b03d498f", displayName: "Azure SignalR Service should have local authentication methods disabled", remediationId: "702133e5-5ec5-4f90-9638-c78e22f13b39" },
    check: GENERIC_CHECK,
    caveats: [],
    source: "lockdown §1–2 SignalR",
  },
  "Microsoft.CognitiveServices/accounts": {
    armType: "Microsoft.CognitiveServices/accounts",
    what: "API keys",
    apiVersion: "2025-06-01",
    change: { kind: "property", bicep: ["disableLocalAuth: true"] },
    before: [],
    az: [
      {
        text: "az cognitiveservices account update has no flag for it: the generic form (not shown for this service in a Microsoft doc; PowerShell Set-AzCognitiveServicesAccount -DisableLocalAuth $true is the documented one)",
        command: "az resource update --ids {resourceId} --set properties.disableLocalAuth=true",
        verified: false,
      },
    ],
    policy: { id: "71ef260a-8f18-47b7-abcb-62d0673d94dc", displayName: "Azure AI Services resources should have key access disabled (disable local authentication)", remediationId: "14de9e63-1b31-492e-a5a3-c3f7fd57f555" },
    check: GENERIC_CHECK,
    caveats: ["Azure OpenAI Studio needs key access and stops working once it is off.", "The change takes a few minutes to apply."],
    source: "lockdown §1–2 Azure OpenAI / Cognitive Services",
  },
  "Microsoft.Cache/redis": {
    armType: "Microsoft.Cache/redis",
    what: "access keys",
    apiVersion: "2024-11-01",
    change: { kind: "property", bicep: ["disableAccessKeyAuthentication: true", "redisConfiguration: {", "  'aad-enabled': 'true'", "}"] },
    before: [{ text: "Microsoft Entra authentication must be on first (the CLI form comes from public scripts, not a Microsoft page)", command: "az redis update --resource-group {rg} --name {name} --set redisConfiguration.aad-enabled=true", verified: false }],
    az: [{ text: "", command: "az redis update --resource-group {rg} --name {name} --set \"disableAccessKeyAuthentication=true\"" }],
    policy: { id: "3827af20-8f80-4b15-8300-6db0873ec901", displayName: "Azure Cache for Redis should not use access keys for authentication" },
    check: GENERIC_CHECK,
    caveats: ["Data access is an access policy assignment (step 1), not Azure RBAC."],
    source: "lockdown §1–2 Azure Cache for Redis",
  },
  "Microsoft.Cache/redisEnterprise": {
    armType: "Microsoft.Cache/redisEnterprise",
    what: "access keys (a setting of the database, not the cluster)",
    apiVersion: "2025-07-01",
    change: { kind: "property", on: { type: "databases", name: "default" }, bicep: ["accessKeysAuthentication: 'Disabled'"] },
    before: [],
    az: [{ text: "The redisenterprise CLI extension", command: "az redisenterprise database update --resource-group {rg} --cluster-name {name} --access-keys-auth Disabled" }],
    policy: null,
    check: GENERIC_CHECK,
    caveats: ["No built-in Azure Policy checks accessKeysAuthentication: keep the setting in the database's Bicep."],
    source: "lockdown §1–2 Azure Managed Redis",
  },
  "Microsoft.Sql/servers": {
    armType: "Microsoft.Sql/servers",
    what: "SQL authentication (Microsoft Entra-only)",
    apiVersion: "2021-11-01",
    change: { kind: "child", type: "azureADOnlyAuthentications", name: "Default", apiVersion: "2021-11-01", bicep: ["azureADOnlyAuthentication: true"] },
    before: [
      {
        text: "The server needs a Microsoft Entra admin first (a group you control, not the app's identity)",
        command: "az sql server ad-admin create --resource-group {rg} --server {name} --display-name \"$ENTRA_ADMIN_NAME\" --object-id \"$ENTRA_ADMIN_OBJECT_ID\"",
      },
    ],
    az: [{ text: "", command: "az sql server ad-only-auth enable --resource-group {rg} --name {name}" }],
    policy: { id: "b3a22bc9-66de-45fb-98fa-00f5df42f41a", displayName: "Azure SQL Database should have Microsoft Entra-only authentication enabled" },
    check: "Query sys.dm_exec_sessions / the audit log for logins that are not Microsoft Entra principals.",
    caveats: [],
    source: "lockdown §1–2 Azure SQL",
  },
  "Microsoft.DBforPostgreSQL/flexibleServers": {
    armType: "Microsoft.DBforPostgreSQL/flexibleServers",
    what: "password authentication",
    apiVersion: "2022-12-01",
    change: { kind: "property", bicep: ["authConfig: {", "  activeDirectoryAuth: 'Enabled'", "  passwordAuth: 'Disabled'", "}"] },
    before: [
      {
        text: "A Microsoft Entra admin must exist (only Entra admins create Entra roles)",
        command: "az postgres flexible-server microsoft-entra-admin create --resource-group {rg} --server-name {name} --display-name \"$ENTRA_ADMIN_NAME\" --object-id \"$ENTRA_ADMIN_OBJECT_ID\" --type Group",
      },
    ],
    az: [{ text: "", command: "az postgres flexible-server update --resource-group {rg} --name {name} --microsoft-entra-auth Enabled --password-auth Disabled" }],
    policy: { id: "fa498b91-8a7e-4710-9578-da944c68d1fe", displayName: "[Preview]: Azure PostgreSQL flexible server should have Microsoft Entra Only Authentication enabled" },
    check: "Check pg_stat_activity / the server logs for sessions of password roles.",
    caveats: ["Older CLI versions call the flag --active-directory-auth."],
    source: "lockdown §1–2 PostgreSQL",
  },
  "Microsoft.DBforMySQL/flexibleServers": {
    armType: "Microsoft.DBforMySQL/flexibleServers",
    what: "password authentication (the aad_auth_only server parameter)",
    apiVersion: "2022-01-01",
    change: { kind: "child", type: "configurations", name: "aad_auth_only", apiVersion: "2022-01-01", bicep: ["value: 'ON'", "source: 'user-override'"] },
    before: [
      {
        text: "Entra auth on MySQL needs a user-assigned identity on the server (with Graph read permissions) and one Entra admin",
        command: "az mysql flexible-server ad-admin create --resource-group {rg} --server-name {name} --display-name \"$ENTRA_ADMIN_NAME\" --object-id \"$ENTRA_ADMIN_OBJECT_ID\" --identity \"$MYSQL_SERVER_IDENTITY\"",
      },
    ],
    az: [{ text: "", command: "az mysql flexible-server parameter set --resource-group {rg} --server-name {name} --name aad_auth_only --value ON" }],
    policy: { id: "40e85574-ef33-47e8-a854-7a65c7500560", displayName: "Azure MySQL flexible server should have Microsoft Entra Only Authentication enabled" },
    check: "Check the server's connection logs for password logins.",
    caveats: [],
    source: "lockdown §1–2 MySQL",
  },
  "Microsoft.Insights/components": {
    armType: "Microsoft.Insights/components",
    what: "non-Entra ingestion (instrumentation-key-only telemetry, API keys)",
    apiVersion: "2020-02-02",
    change: { kind: "property", bicep: ["DisableLocalAuth: true   // capital D"] },
    before: [{ text: "The identity needs Monitoring Metrics Publisher on the component (step 1); autoinstrumented apps set APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD (plus ;ClientId=<client id> for a user-assigned identity)" }],
    az: [{ text: "az monitor app-insights component update has no flag for it: the generic form (not documented for this service)", command: "az resource update --ids {resourceId} --set properties.DisableLocalAuth=true", verified: false }],
    policy: { id: "199d5677-e4d9-4264-9465-efe1839c06bd", displayName: "Application Insights components should block non-Azure Active Directory based ingestion." },
    check: "Some SDKs cannot send with Entra auth (Java 2.x, the JavaScript web SDK, Profiler): their telemetry stops.",
    caveats: [],
    source: "lockdown §1–2 Application Insights",
  },
});

export const isSwitch = (entry: LockdownSwitch | NoSwitch): entry is LockdownSwitch => !("none" in entry);
