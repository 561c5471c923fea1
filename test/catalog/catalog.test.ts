import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CLIENTS,
  CONNECTION_STRING_FORMATS,
  CREDENTIALS,
  OPERATIONS,
  ROLES,
  SERVICE_IDS,
  SERVICES,
  clientByExport,
  clientsByPackage,
  credentialByExport,
  roleByName,
  serviceInfo,
  validateCatalog,
  type CatalogData,
} from "../../src/catalog/index.js";

/** ../shared beside the repository root, or KEYLESS_SHARED_DIR. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const sharedDir = process.env["KEYLESS_SHARED_DIR"] ?? resolve(repoRoot, "../shared");

function readShared(relative: string): string {
  const path = resolve(sharedDir, relative);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: the catalog is checked against ../shared (set KEYLESS_SHARED_DIR to its location)`);
  }
  return readFileSync(path, "utf8");
}

interface SharedRole {
  readonly name: string;
  readonly id: string;
  readonly plane: string;
}
const sharedRoles = JSON.parse(readShared("azure/roles.json")) as SharedRole[];

/** The service ids listed in interfaces.md ("Service ids: `storage-blob` …"). */
function interfaceServiceIds(): string[] {
  const text = readShared("design/interfaces.md");
  const start = text.indexOf("Service ids:");
  if (start < 0) throw new Error("interfaces.md has no 'Service ids:' list");
  const end = text.indexOf("`resource.name`", start);
  return [...text.slice(start, end < 0 ? undefined : end).matchAll(/`([a-z][a-z-]*)`/gu)].map((m) => m[1] ?? "");
}

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** A mutable deep copy of the catalog to corrupt. */
function copy(): Mutable<CatalogData> {
  const catalog: CatalogData = {
    clients: CLIENTS,
    credentials: CREDENTIALS,
    services: SERVICES,
    connectionStrings: CONNECTION_STRING_FORMATS,
    roles: ROLES,
    operations: OPERATIONS,
  };
  return structuredClone(catalog) as Mutable<CatalogData>;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`test setup: no ${what}`);
  return value;
}

function messageOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}

describe("catalog", () => {
  it("loads, validated and frozen", () => {
    expect(CLIENTS.length).toBeGreaterThan(50);
    expect(messageOf(() => {
      validateCatalog(copy());
    })).toBe("");
    expect(Object.isFrozen(CLIENTS)).toBe(true);
    expect(Object.isFrozen(CLIENTS[0]?.keyForms[0]?.at)).toBe(true);
    expect(Object.isFrozen(SERVICES["storage-blob"].hostSuffixes)).toBe(true);
    expect(Object.isFrozen(OPERATIONS[0]?.methods)).toBe(true);
  });

  it("has every ARM and Cosmos role of roles.json, by name and GUID", () => {
    expect(sharedRoles.length).toBe(85);
    const builtIn = ROLES.filter((r) => r.assignment === "arm-rbac" || r.assignment === "cosmos-sql-role");
    const byName = new Map(sharedRoles.map((r) => [r.name, r]));
    for (const role of builtIn) {
      const shared = byName.get(role.name);
      expect(shared, `${role.name} is not in roles.json`).toBeDefined();
      expect(role.id, role.name).toBe(shared?.id);
      expect(role.assignment, role.name).toBe(shared?.plane === "cosmos-native-data" ? "cosmos-sql-role" : "arm-rbac");
    }
    expect(builtIn.map((r) => r.name).sort()).toEqual(sharedRoles.map((r) => r.name).sort());
  });

  it("knows every role catalog.md names with a GUID", () => {
    const catalog = readShared("azure/catalog.md");
    const mentioned = sharedRoles.filter((r) => catalog.includes(r.id));
    expect(mentioned.length).toBeGreaterThan(70);
    for (const r of mentioned) expect(roleByName(r.name)?.id, r.name).toBe(r.id);
  });

  it("covers every service id of interfaces.md with clients and operation rules", () => {
    const ids = interfaceServiceIds();
    expect(ids).toContain("storage-blob");
    expect(ids).toContain("redis");
    // SignalR: catalog.md §16 read no first-party Node server SDK, so there is no client and no operation to map;
    // its connection strings are still detected and its roles are in ROLES.
    const withoutClients = new Set(["signalr"]);
    for (const id of ids) {
      expect(SERVICE_IDS as readonly string[], id).toContain(id);
      const clients = CLIENTS.filter((c) => c.service === id);
      const rules = OPERATIONS.filter((o) => o.service === id);
      if (withoutClients.has(id)) {
        expect(clients, `${id} now has clients: drop the exemption`).toHaveLength(0);
        continue;
      }
      expect(clients.length, `${id} has no client`).toBeGreaterThan(0);
      expect(rules.length, `${id} has no operation rule`).toBeGreaterThan(0);
    }
    expect(roleByName("SignalR App Server")).toBeDefined();
    expect(SERVICES.signalr.impliedRole).toBe("SignalR App Server");
  });

  it("keeps the constructor facts catalog.md and sdk-signatures.md insist on", () => {
    const table = clientByExport("@azure/data-tables", "TableClient");
    expect(table?.tokenForm?.credentialAt).toEqual({ arg: 2 });
    expect(table?.keyForms).toContainEqual({ via: "new", auth: "named-key", at: { arg: 2 } });

    const consumer = clientByExport("@azure/event-hubs", "EventHubConsumerClient");
    expect(consumer?.keyForms[0]).toMatchObject({ auth: "connection-string", at: { arg: 1 } });
    expect(consumer?.tokenForm?.credentialAt).toEqual({ arg: 3 });

    for (const name of ["ShareServiceClient", "ShareClient", "ShareDirectoryClient", "ShareFileClient"]) {
      expect(clientByExport("@azure/storage-file-share", name)?.tokenForm?.extraOptions, name).toEqual({ fileRequestIntent: "backup" });
    }

    const cosmos = clientByExport("@azure/cosmos", "CosmosClient");
    expect(cosmos?.keyForms).toContainEqual({ via: "new", auth: "key", at: { arg: 0, path: ["key"] } });
    expect(cosmos?.tokenForm?.credentialAt).toEqual({ arg: 0, path: ["aadCredentials"] });

    expect(clientByExport("@azure/search-documents", "SearchClient")?.tokenForm?.credentialAt).toEqual({ arg: 2 });
    expect(clientByExport("@azure/search-documents/search", "SearchClient")?.tokenForm?.credentialAt).toEqual({ arg: 1 });
    expect(clientByExport("@azure/eventgrid", "EventGridPublisherClient")?.tokenForm?.credentialAt).toEqual({ arg: 2 });
    expect(clientByExport("@azure/web-pubsub", "WebPubSubServiceClient")?.tokenForm?.credentialAt).toEqual({ arg: 1 });
    expect(clientByExport("openai", "AzureOpenAI")?.tokenForm?.credentialAt).toEqual({ arg: 0, path: ["azureADTokenProvider"] });
    expect(clientByExport("@azure/monitor-opentelemetry", "useAzureMonitor")?.keyForms[0]).toMatchObject({ via: "call", notSecret: true });
    for (const name of ["SecretClient"]) expect(clientByExport("@azure/keyvault-secrets", name)?.keyForms[0]?.at).toEqual({ arg: 1 });
  });

  it("derives clients the way the SDKs do", () => {
    const service = clientByExport("@azure/storage-blob", "BlobServiceClient");
    expect(service?.derived).toContainEqual({ method: "getContainerClient", client: "ContainerClient", entityArg: 0 });
    const sb = clientByExport("@azure/service-bus", "ServiceBusClient");
    expect(sb?.derived).toContainEqual({ method: "createSender", client: "ServiceBusSender", entityArg: 0 });
    expect(clientByExport("@azure/service-bus", "ServiceBusSender")?.pseudo).toBe(true);
    const legacy = sb?.keyForms.find((f) => typeof f.via === "object" && f.via.static === "createFromConnectionString");
    expect(legacy?.legacy).toBe(true);
  });

  it("looks things up", () => {
    expect(clientsByPackage("@azure/storage-blob").map((c) => c.value.name)).toContain("BlobServiceClient");
    expect(clientsByPackage("left-pad")).toEqual([]);
    expect(credentialByExport("@azure/storage-queue", "StorageSharedKeyCredential")?.secretArgs).toEqual([1]);
    expect(credentialByExport("@azure/search-documents", "AzureKeyCredential")?.auth).toBe("key");
    expect(credentialByExport("@azure/identity", "ClientSecretCredential")).toMatchObject({ secretArgs: [2], isToken: false });
    expect(credentialByExport("@azure/identity", "DefaultAzureCredential")?.isToken).toBe(true);
    expect(serviceInfo("service-bus").endpointEnvVar).toEqual({ name: "AZURE_SERVICEBUS_FULLYQUALIFIEDNAMESPACE", value: "host", source: "service-connector" });
    expect(serviceInfo("storage-blob").secretEnv).toBe("AZURE_STORAGE_CONNECTION_STRING");
    expect(roleByName("Storage Blob Data Contributor")?.id).toBe("ba92f5b4-2d11-453d-a403-e96b0029c9fe");
    expect(roleByName("Cosmos DB Built-in Data Contributor")).toMatchObject({ id: "00000000-0000-0000-0000-000000000002", assignment: "cosmos-sql-role" });
    expect(roleByName("db_datareader")?.assignment).toBe("sql-contained-user");
    expect(roleByName("Data Contributor")?.assignment).toBe("redis-access-policy");
    expect(roleByName("Storage Account Contributor")?.flag).toMatch(/listkeys/iu);
  });

  it("maps operations to the least-privilege roles of catalog.md", () => {
    const roleFor = (service: string, client: string, method: string): string | undefined =>
      OPERATIONS.find((o) => o.service === service && o.methods.includes(method) && (o.clients === undefined || o.clients.includes(client)))?.role;
    expect(roleFor("storage-blob", "BlockBlobClient", "uploadData")).toBe("Storage Blob Data Contributor");
    expect(roleFor("storage-blob", "BlobClient", "downloadToBuffer")).toBe("Storage Blob Data Reader");
    expect(roleFor("storage-queue", "QueueClient", "sendMessage")).toBe("Storage Queue Data Message Sender");
    expect(roleFor("service-bus", "ServiceBusSender", "sendMessages")).toBe("Azure Service Bus Data Sender");
    expect(roleFor("key-vault-secrets", "SecretClient", "getSecret")).toBe("Key Vault Secrets User");
    expect(roleFor("cosmos", "Items", "upsert")).toBe("Cosmos DB Built-in Data Contributor");
    const createDb = OPERATIONS.find((o) => o.service === "cosmos" && o.clients?.includes("Databases") && o.methods.includes("createIfNotExists"));
    expect(createDb?.controlPlane).toBe(true);
    expect(OPERATIONS.find((o) => o.service === "storage-blob" && o.methods.includes("generateSasUrl"))?.requiresKey).toBe(true);
  });

  it("marks App Insights connection strings and emulators as not secret", () => {
    const appInsights = CONNECTION_STRING_FORMATS.find((f) => f.id === "application-insights");
    expect(appInsights?.secretFields).toEqual([]);
    expect(appInsights?.note).toMatch(/not a secret/iu);
    const markers = CONNECTION_STRING_FORMATS.flatMap((f) => f.publicMarkers ?? []);
    expect(markers).toContainEqual(expect.objectContaining({ field: "UseDevelopmentStorage", value: "true" }));
    expect(markers).toContainEqual(expect.objectContaining({ field: "UseDevelopmentEmulator", value: "true" }));
  });

  describe("validation names the bad entry", () => {
    it("an operation whose role is not in ROLES", () => {
      const bad = copy();
      must(bad.operations[3], "operation 3").role = "Storage Blob Data Overlord";
      expect(messageOf(() => {
        validateCatalog(bad);
      })).toMatch(/OPERATIONS\[3\] \(storage-blob: .*\): role "Storage Blob Data Overlord" is not in ROLES/u);
    });
    it("a derived client that does not exist", () => {
      const bad = copy();
      const i = bad.clients.findIndex((c) => c.id === "@azure/storage-blob › BlobServiceClient");
      must(must(bad.clients[i], "BlobServiceClient").derived?.[0], "derived client").client = "ContainerClientt";
      expect(messageOf(() => {
        validateCatalog(bad);
      })).toMatch(new RegExp(`CLIENTS\\[${i}\\] \\(@azure/storage-blob › BlobServiceClient\\) derived\\[0\\].*ContainerClientt`, "u"));
    });
    it("a malformed GUID, a duplicate id and an unknown service", () => {
      const bad = copy();
      const role = bad.roles.findIndex((r) => r.name === "Storage Blob Data Reader");
      must(bad.roles[role], "role").id = "2A2B9908-6EA1-4AE2-8E65-A410DF84E7D1";
      must(bad.clients[1], "client 1").id = must(bad.clients[0], "client 0").id;
      must(bad.clients[2], "client 2").service = "storage-blobs" as never;
      const message = messageOf(() => {
        validateCatalog(bad);
      });
      expect(message).toMatch(new RegExp(`ROLES\\[${role}\\] \\(Storage Blob Data Reader\\): id .* is not a lower-case GUID`, "u"));
      expect(message).toMatch(/CLIENTS\[1\] .*: duplicate id/u);
      expect(message).toMatch(/CLIENTS\[2\] .*: unknown service "storage-blobs"/u);
    });
    it("one method mapped twice", () => {
      const bad = copy();
      bad.operations.push({ service: "storage-blob", clients: ["BlobClient"], methods: ["download"], role: "Storage Blob Data Owner" });
      expect(messageOf(() => {
        validateCatalog(bad);
      })).toMatch(/BlobClient\.download is already mapped by OPERATIONS\[0\]/u);
    });
  });
});
