/**
 * Shapes of the catalog: everything Keyless knows about Azure, as data.
 * Rules, codemods and the report read these; nothing outside src/catalog names an Azure client in code.
 */

export const SERVICE_IDS = [
  "storage-blob",
  "storage-queue",
  "storage-file-share",
  "storage-datalake",
  "data-tables",
  "service-bus",
  "event-hubs",
  "cosmos",
  "app-configuration",
  "key-vault-secrets",
  "key-vault-keys",
  "key-vault-certificates",
  "search",
  "event-grid",
  "web-pubsub",
  "signalr",
  "openai",
  "cognitive-services",
  "monitor",
  "sql",
  "postgresql",
  "mysql",
  "redis",
  "iot-hub",
  "container-registry",
  "identity",
] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** How a client authenticates, as seen at its construction. */
export type AuthKind =
  | "connection-string"
  | "shared-key"
  | "key"
  | "named-key"
  | "sas"
  | "client-secret"
  | "password"
  | "token"
  | "anonymous";

/**
 * "This value, exported by this package" (after typescript-eslint's TypeOrValueSpecifier).
 * `name: "default"` is the default export; `path` walks into it (`mssql` default export → `ConnectionPool`).
 */
export interface ValueSpecifier {
  readonly package: string;
  readonly name: string;
}

/** Where in a call the secret-bearing value sits. */
export type ArgPosition =
  /** positional argument, 0-based */
  | { readonly arg: number }
  /** a property of an options-object argument, e.g. Cosmos `{ key }` is `{ arg: 0, path: ["key"] }` */
  | { readonly arg: number; readonly path: readonly string[] };

/** One key-based way to construct a client. */
export interface KeyForm {
  /**
   * `new` for a constructor, `call` for a factory function exported by the package (`createClient`, `connect`),
   * or the name of a static factory such as `fromConnectionString`
   */
  readonly via: "new" | "call" | { readonly static: string };
  readonly auth: AuthKind;
  /** where the connection string / key / credential object is */
  readonly at: ArgPosition;
  /**
   * For `new X(s, ...)` overloads that take a connection string or a URL in the same slot:
   * the form applies only when the value parses as a connection string.
   */
  readonly onlyIfConnectionString?: boolean;
  /**
   * The value identifies the resource but is not a credential (Application Insights connection string: the
   * instrumentation key is an identifier, catalog.md §17). Still key-based auth for prefer-managed-identity,
   * never a hard-coded-secret finding.
   */
  readonly notSecret?: boolean;
  /** the key material is a SAS query string inside the URL at `at` (`new BlobServiceClient("https://…?sv=…&sig=…")`) */
  readonly inUrl?: boolean;
  /**
   * The value at `at` is the key string itself, not a credential object, although it is positional and not a
   * connection string (legacy `azure-storage` `createBlobService(account, key)`).
   */
  readonly valueIsSecret?: boolean;
  /** the form exists only in an older major version of the package (service-bus v1 `createFromConnectionString`): report, never rewrite */
  readonly legacy?: boolean;
}

/** How the token-credential form of the client is built (for the codemod). */
export interface TokenForm {
  /** the endpoint/host argument and where the credential goes */
  readonly endpointAt: ArgPosition;
  readonly credentialAt: ArgPosition;
  /** extra properties the token form needs, e.g. Files `{ fileRequestIntent: "backup" }` */
  readonly extraOptions?: Readonly<Record<string, string>>;
  /** arguments the key form had in front of the connection string that stay (EventHubConsumerClient's consumer group) */
  readonly notes?: string;
  /**
   * Key-form argument indexes whose values become URL path segments of the token form's endpoint, in order:
   * `new ContainerClient(connStr, "c")` → `new ContainerClient(`${blobEndpoint}/c`, credential)` is `[1]`.
   */
  readonly urlPathFromKeyArgs?: readonly number[];
  /**
   * The key form's argument stays and the credential is added beside it (Azure Monitor: the connection string is
   * still required with Entra auth, catalog.md §17).
   */
  readonly keepsKeyArgument?: boolean;
  /**
   * How a path segment taken from `urlPathFromKeyArgs` is escaped, as the SDK's connection-string constructor does
   * it: Blob clients `encodeURIComponent` container and blob names, Queue and Files append the name as it is.
   */
  readonly urlPathEncoding?: "uri-component" | "none";
  /**
   * The token form's argument `at` names the entity (Event Hubs' hub name). The key form has it at `keyArg` when
   * that argument is a string; otherwise it comes from the connection string's entity field (`EntityPath`).
   */
  readonly entity?: { readonly at: number; readonly keyArg: number };
  /** where the options object goes that `extraOptions` are added to (Files: arg 2) */
  readonly optionsAt?: number;
  /** what goes at `credentialAt` (default: the TokenCredential itself) */
  readonly credentialValue?: CredentialValue;
  /** option paths the token form must not keep (AzureOpenAI `apiKey`: the constructor throws when both are set) */
  readonly removeOptions?: readonly (readonly string[])[];
}

/**
 * What the token form puts at `credentialAt`. Scopes come from the client's service (`SERVICES[…].scopes[0]`).
 * - `credential`: the TokenCredential.
 * - `bearer-token-provider`: `getBearerTokenProvider(credential, scope)` from @azure/identity (openai, catalog.md §11).
 * - `token-function`: `async () => (await credential.getToken(scope)).token` (pg's password callback, §19).
 * - `credentials-provider`: `<factory>.<method>({ credential, scopes: <scopeConstant>, tokenManagerConfig: { expirationRefreshRatio } })`
 *   (@redis/entraid, §21).
 */
export type CredentialValue =
  | { readonly kind: "credential" }
  | { readonly kind: "bearer-token-provider"; readonly provider: ValueSpecifier }
  | { readonly kind: "token-function" }
  | {
      readonly kind: "credentials-provider";
      readonly factory: ValueSpecifier;
      readonly method: string;
      readonly scopeConstant: ValueSpecifier;
      readonly expirationRefreshRatio: number;
    };

/** A method on a client that returns another catalog client (`getContainerClient` → ContainerClient). */
export interface DerivedClient {
  readonly method: string;
  readonly client: string;
  /** index of the argument that names the entity (container, queue, …), if any */
  readonly entityArg?: number;
  /** reached as a property, not called: Cosmos `container.items`, `client.databases`, Files `share.rootDirectoryClient` */
  readonly property?: boolean;
}

export interface ClientEntry {
  /** `${package} › ${exportName}` is how messages name it */
  readonly id: string;
  readonly service: ServiceId;
  readonly value: ValueSpecifier;
  readonly keyForms: readonly KeyForm[];
  readonly tokenForm?: TokenForm;
  readonly derived?: readonly DerivedClient[];
  /** legacy SDKs are detected and reported, never rewritten */
  readonly legacy?: boolean;
  /**
   * Never constructed by user code with credentials: only reached through another client's `derived`
   * (ServiceBusSender, Cosmos Container). Operations attach to it; it has no key forms of its own.
   */
  readonly pseudo?: boolean;
  /**
   * For generic clients that also talk to non-Azure servers (openai's OpenAI, pg, mysql2, mssql, redis): where the
   * server/URL may sit. The client counts as this service only when one of these values names a host in the
   * service's `hostSuffixes`, or cannot be resolved.
   */
  readonly hostAt?: readonly ArgPosition[];
  /** facts a message or the codemod must honour that don't fit the fields above */
  readonly notes?: string;
}

/** A credential class (StorageSharedKeyCredential, AzureKeyCredential, ClientSecretCredential, …). */
export interface CredentialEntry {
  readonly name: string;
  /** packages that export it (the service packages re-export core-auth's classes) */
  readonly packages: readonly string[];
  readonly auth: AuthKind;
  /** positions that hold secret material */
  readonly secretArgs: readonly number[];
  /** positions that hold non-secret identifiers (account name, tenant id, client id) */
  readonly idArgs?: readonly number[];
  readonly isToken: boolean;
}

/** A connection-string dialect: the fields that identify it and the fields that carry secrets. */
export interface ConnectionStringFormat {
  readonly id: string;
  /** how messages name it: `Azure Storage connection string` */
  readonly label: string;
  readonly kind: string;
  readonly services: readonly ServiceId[];
  /** all of these fields (case-insensitive) present → this dialect */
  readonly requires: readonly string[];
  /** one of these must also be present for it to carry key material */
  readonly secretFields: readonly string[];
  /** how to derive the endpoint(s) from the fields, per service */
  readonly endpoint?: Readonly<Partial<Record<ServiceId, EndpointRule>>>;
  /** fields that, when present, mark a public emulator or dev string */
  readonly publicMarkers?: readonly { readonly field: string; readonly value?: string; readonly why: string }[];
  /** at least one of these fields (case-insensitive) must also be present (Storage SAS: one of the *Endpoint fields) */
  readonly requiresOneOf?: readonly string[];
  /** other spellings of a field, keyed by the name used in this entry (`Server` ← `Data Source`, `Password` ← `Pwd`) */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
  /** field naming the entity the string is scoped to (Service Bus / Event Hubs `EntityPath`, IoT `DeviceId`) */
  readonly entityField?: string;
  /**
   * Pair separator when it is not `;`. StackExchange.Redis strings use `,`, and their first element is a bare
   * `host:port`, exposed to `endpoint` rules as the pseudo-field `@host`.
   */
  readonly delimiter?: string;
  /** why this dialect is special (App Insights: no secret at all) */
  readonly note?: string;
}

export type EndpointRule =
  | { readonly from: "field"; readonly field: string; readonly transform?: "host" | "trim-slash" }
  | { readonly from: "account"; readonly subdomain: string; readonly endpointField?: string };

export type Confidence = "high" | "medium" | "low";

export type SecretFamily = "azure-connection-string" | "azure-key" | "entra-secret" | "generic";

/** Role assignment mechanisms. */
export type AssignmentKind =
  | "arm-rbac"
  | "cosmos-sql-role"
  | "sql-contained-user"
  | "postgres-entra-principal"
  | "mysql-entra-principal"
  | "redis-access-policy";

export interface RoleEntry {
  readonly name: string;
  readonly id: string;
  readonly assignment: AssignmentKind;
  /** `data` roles grant dataActions; `control` roles manage the resource (roles.json `plane`) */
  readonly plane?: "data" | "control";
  /**
   * Why the report calls this role out when the identity already holds it: it can still read keys or connection
   * strings, or is far broader than any data operation needs (catalog.md names these "flag").
   */
  readonly flag?: string;
}

/** Operation (method name on a client) → the least-privilege role that allows it. */
export interface OperationRule {
  readonly service: ServiceId;
  /** client export names this applies to; empty = every client of the service */
  readonly clients?: readonly string[];
  readonly methods: readonly string[];
  /** role names, from the smallest that covers it; the report picks a covering set */
  readonly role: string;
  readonly note?: string;
  /** the operation cannot be done with a data-plane role at all */
  readonly controlPlane?: boolean;
  /**
   * The operation needs the account key itself (shared-key SAS minting): no role makes it work with a token. The
   * migration rewrites it (user-delegation SAS, which `role` then names) or refuses.
   */
  readonly requiresKey?: boolean;
  /** every method of the listed `clients` needs this role (admin clients); `methods` then names the common ones */
  readonly anyMethod?: boolean;
}
