/**
 * Seeded programs for the migration's fuzz test (no-lost-code.test.ts): the input forms of fixtures/codemods —
 * `fromConnectionString`, connection strings in constructors, `StorageSharedKeyCredential`, `AzureKeyCredential`,
 * `AzureNamedKeyCredential`, `ClientSecretCredential`, Cosmos keys; held inline, in `const`/`let`, env fallbacks
 * (`||`, `??`), templates, config modules read by name, by namespace and by member, environment only; imported by
 * name, alias, namespace or `require` — mixed with clients that must be left alone (emulator, SAS minting), code
 * that already uses a token credential, and unrelated code, in random styles (quotes, semicolons, indentation, line
 * endings, byte-order mark). Key material is made from the seed, so no test file holds a secret.
 */
import { entraSecret, Prng } from "./support.js";

export interface GeneratedProgram {
  readonly seed: number;
  /** relative path → text */
  readonly files: Readonly<Record<string, string>>;
  /** the forms that went in, by file: what a failure message names (never the key material) */
  readonly forms: readonly string[];
  /** `keyless migrate` flags for this program */
  readonly flags: readonly string[];
}

const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

type ImportStyle = "named" | "alias" | "namespace";
type Source = "inline" | "const" | "let" | "env-or" | "env-nullish" | "config-named" | "config-namespace" | "config-member" | "env-only";
type Placement = "module" | "function" | "class";

/** One module being written: its imports (ESM or CommonJS), declarations, and exported code. */
class ModuleText {
  /** module → local → imported name */
  private readonly named = new Map<string, Map<string, string>>();
  private readonly namespaces = new Map<string, string>();
  private readonly locals = new Set<string>();
  readonly top: string[] = [];
  readonly body: string[] = [];
  private counter = 0;

  constructor(readonly commonJs: boolean) {}

  /** An expression naming `name` exported by `module`, imported in the given style. */
  ref(module: string, name: string, style: ImportStyle): string {
    if (style === "namespace") {
      let ns = this.namespaces.get(module);
      if (ns === undefined) {
        ns = `${module.replace(/^@azure\//u, "").replace(/\.js$/u, "").replace(/[^a-z]/gu, "")}Ns${String(this.counter++)}`;
        this.namespaces.set(module, ns);
      }
      return `${ns}.${name}`;
    }
    const bindings = this.named.get(module) ?? new Map<string, string>();
    this.named.set(module, bindings);
    if (style === "named") {
      if (bindings.get(name) === name) return name;
      if (!this.locals.has(name)) {
        bindings.set(name, name);
        this.locals.add(name);
        return name;
      }
    }
    const local = `${name}${String(this.counter++)}`;
    bindings.set(local, name);
    this.locals.add(local);
    return local;
  }

  render(): string {
    const lines: string[] = [];
    for (const module of [...new Set([...this.named.keys(), ...this.namespaces.keys()])].sort()) {
      const bindings = [...(this.named.get(module) ?? new Map<string, string>())];
      if (bindings.length > 0) {
        const parts = bindings.map(([local, name]) => (local === name ? name : this.commonJs ? `${name}: ${local}` : `${name} as ${local}`));
        lines.push(this.commonJs ? `const { ${parts.join(", ")} } = require("${module}");` : `import { ${parts.join(", ")} } from "${module}";`);
      }
      const ns = this.namespaces.get(module);
      if (ns !== undefined) lines.push(this.commonJs ? `const ${ns} = require("${module}");` : `import * as ${ns} from "${module}";`);
    }
    const sections = [lines, this.top, this.body].filter((section) => section.length > 0);
    return `${sections.map((section) => section.join("\n")).join("\n\n")}\n`;
  }
}

interface Context {
  readonly rng: Prng;
  readonly file: ModuleText;
  /** the shared config module, when the program has one (never for CommonJS files) */
  readonly config: ModuleText | undefined;
  readonly i: number;
}

function pick<T>(rng: Prng, items: readonly T[]): T {
  return items[rng.int(items.length)] as T;
}

const account = (rng: Prng): string => `contoso${rng.chars(6, LOWER)}`;
const storageKey = (rng: Prng): string => rng.bytes(64).toString("base64");
const sasKey = (rng: Prng): string => rng.bytes(32).toString("base64");
const guid = (rng: Prng): string => [8, 4, 4, 4, 12].map((n) => rng.chars(n, HEX)).join("-");

function storageConnectionString(rng: Prng, name = account(rng)): string {
  return `DefaultEndpointsProtocol=https;AccountName=${name};AccountKey=${storageKey(rng)};EndpointSuffix=core.windows.net`;
}

/** An expression holding `value`, from the source the generator picked (declaring what it needs). */
function hold(ctx: Context, value: string, sources: readonly Source[], hint: string): { expr: string; source: Source } {
  const { rng, file, i } = ctx;
  const usable = sources.filter((s) => !s.startsWith("config") || ctx.config !== undefined);
  const source = pick(rng, usable);
  const name = `${hint}${String(i)}`;
  const env = `AZURE_${hint.toUpperCase()}_${String(i)}`;
  switch (source) {
    case "inline":
      return { expr: `"${value}"`, source };
    case "const":
    case "let":
      file.top.push(`${source} ${name} = "${value}";`);
      return { expr: name, source };
    case "env-or":
      file.top.push(`const ${name} = process.env.${env} || "${value}";`);
      return { expr: name, source };
    case "env-nullish":
      file.top.push(`const ${name} = process.env.${env} ?? "${value}";`);
      return { expr: name, source };
    case "env-only":
      return { expr: `process.env.${env}!`, source };
    case "config-named":
      ctx.config?.top.push(`export const ${name} = "${value}";`);
      return { expr: file.ref("./config.js", name, "named"), source };
    case "config-namespace":
      ctx.config?.top.push(`export const ${name} = "${value}";`);
      return { expr: file.ref("./config.js", name, "namespace"), source };
    case "config-member":
      ctx.config?.top.push(`export const ${name}Settings = {`, `  ${hint}: "${value}",`, `  label: "${name}",`, `};`);
      return { expr: `${file.ref("./config.js", `${name}Settings`, "named")}.${hint}`, source };
  }
}

const ALL_SOURCES: readonly Source[] = ["inline", "const", "let", "env-or", "env-nullish", "config-named", "config-namespace", "config-member", "env-only"];
const LOCAL_SOURCES: readonly Source[] = ["inline", "const", "env-or"];

/** Puts a client expression in the module: exported constant, returned by a function, or a class field. */
function place(ctx: Context, expr: string, use: ((v: string) => string) | undefined): Placement {
  const { rng, file, i } = ctx;
  const placement = pick<Placement>(rng, file.commonJs ? ["module", "function"] : ["module", "function", "class"]);
  const exportKw = file.commonJs ? "" : "export ";
  if (placement === "module") {
    file.body.push(`${exportKw}const client${String(i)} = ${expr};`);
    if (use) file.body.push(`${exportKw}const derived${String(i)} = ${use(`client${String(i)}`)};`);
  } else if (placement === "function") {
    file.body.push(`${exportKw}function makeClient${String(i)}() {`, `  const client = ${expr};`, `  return ${use ? use("client") : "client"};`, `}`);
  } else {
    file.body.push(`export class Service${String(i)} {`, `  readonly client = ${expr};`, `}`);
  }
  if (file.commonJs) file.body.push(`module.exports.part${String(i)} = ${placement === "module" ? `client${String(i)}` : `makeClient${String(i)}`};`);
  return placement;
}

interface Form {
  readonly name: string;
  /** may appear in a CommonJS file */
  readonly commonJs: boolean;
  readonly write: (ctx: Context, style: ImportStyle) => string;
}

const STORAGE_SERVICES = [
  { module: "@azure/storage-blob", client: "BlobServiceClient", host: "blob", use: (v: string) => `${v}.getContainerClient("reports")` },
  { module: "@azure/storage-queue", client: "QueueServiceClient", host: "queue", use: (v: string) => `${v}.getQueueClient("jobs")` },
  { module: "@azure/data-tables", client: "TableServiceClient", host: "table", use: undefined },
  { module: "@azure/storage-file-datalake", client: "DataLakeServiceClient", host: "dfs", use: (v: string) => `${v}.getFileSystemClient("lake")` },
] as const;

const FORMS: readonly Form[] = [
  {
    name: "fromConnectionString",
    commonJs: true,
    write: (ctx, style) => {
      const service = pick(ctx.rng, STORAGE_SERVICES);
      const cs = hold(ctx, storageConnectionString(ctx.rng), ctx.file.commonJs ? LOCAL_SOURCES : ALL_SOURCES, "storageConnection");
      place(ctx, `${ctx.file.ref(service.module, service.client, style)}.fromConnectionString(${cs.expr})`, service.use);
      return `fromConnectionString(${service.client}, ${cs.source})`;
    },
  },
  {
    name: "template connection string",
    commonJs: false,
    write: (ctx, style) => {
      const name = account(ctx.rng);
      const i = String(ctx.i);
      ctx.file.top.push(`const account${i} = "${name}";`, `const accountKey${i} = "${storageKey(ctx.rng)}";`);
      ctx.file.top.push(`const templateConnection${i} = \`DefaultEndpointsProtocol=https;AccountName=\${account${i}};AccountKey=\${accountKey${i}};EndpointSuffix=core.windows.net\`;`);
      place(ctx, `${ctx.file.ref("@azure/storage-queue", "QueueServiceClient", style)}.fromConnectionString(templateConnection${i})`, undefined);
      return "template connection string";
    },
  },
  {
    name: "connection string + entity",
    commonJs: false,
    write: (ctx, style) => {
      const which = pick(ctx.rng, [
        { module: "@azure/storage-blob", client: "ContainerClient", entity: "exports" },
        { module: "@azure/storage-queue", client: "QueueClient", entity: "jobs" },
      ]);
      const cs = hold(ctx, storageConnectionString(ctx.rng), ALL_SOURCES, "entityConnection");
      place(ctx, `new ${ctx.file.ref(which.module, which.client, style)}(${cs.expr}, "${which.entity}")`, undefined);
      return `${which.client}(connection string, ${cs.source})`;
    },
  },
  {
    name: "StorageSharedKeyCredential",
    commonJs: false,
    write: (ctx, style) => {
      const service = pick(ctx.rng, STORAGE_SERVICES.filter((s) => s.module !== "@azure/data-tables"));
      const name = account(ctx.rng);
      const key = hold(ctx, storageKey(ctx.rng), ["inline", "const", "env-or", "config-named", "config-member"], "accountKey");
      const credential = `new ${ctx.file.ref(service.module, "StorageSharedKeyCredential", style)}("${name}", ${key.expr})`;
      place(ctx, `new ${ctx.file.ref(service.module, service.client, style)}("https://${name}.${service.host}.core.windows.net", ${credential})`, service.use);
      return `StorageSharedKeyCredential(${service.client}, ${key.source})`;
    },
  },
  {
    name: "AzureKeyCredential",
    commonJs: false,
    write: (ctx, style) => {
      const key = hold(ctx, ctx.rng.chars(32, HEX), ["inline", "const", "env-nullish", "config-named", "config-namespace"], "apiKey");
      const which = pick(ctx.rng, [
        { module: "@azure/search-documents", make: (c: string, k: string) => `new ${c}<{ id: string }>("https://contoso-${ctx.rng.chars(5, LOWER)}.search.windows.net", "hotels", ${k})`, client: "SearchClient" },
        { module: "@azure/eventgrid", make: (c: string, k: string) => `new ${c}("https://contoso-${ctx.rng.chars(5, LOWER)}.westeurope-1.eventgrid.azure.net/api/events", "CloudEvent", ${k})`, client: "EventGridPublisherClient" },
        { module: "@azure/ai-language-text", make: (c: string, k: string) => `new ${c}("https://contoso-${ctx.rng.chars(5, LOWER)}.cognitiveservices.azure.com/", ${k})`, client: "TextAnalysisClient" },
      ]);
      const credential = `new ${ctx.file.ref(which.module, "AzureKeyCredential", style)}(${key.expr})`;
      place(ctx, which.make(ctx.file.ref(which.module, which.client, style), credential), undefined);
      return `AzureKeyCredential(${which.client}, ${key.source})`;
    },
  },
  {
    name: "AzureNamedKeyCredential",
    commonJs: false,
    write: (ctx, style) => {
      if (ctx.rng.int(2) === 0) {
        const name = account(ctx.rng);
        const key = hold(ctx, storageKey(ctx.rng), ["inline", "const", "config-named"], "tableKey");
        const credential = `new ${ctx.file.ref("@azure/data-tables", "AzureNamedKeyCredential", style)}("${name}", ${key.expr})`;
        place(ctx, `new ${ctx.file.ref("@azure/data-tables", "TableClient", style)}("https://${name}.table.core.windows.net", "orders", ${credential})`, undefined);
        return `AzureNamedKeyCredential(TableClient, ${key.source})`;
      }
      const key = hold(ctx, sasKey(ctx.rng), ["inline", "const", "env-or"], "busKey");
      const credential = `new ${ctx.file.ref("@azure/core-auth", "AzureNamedKeyCredential", style)}("RootManageSharedAccessKey", ${key.expr})`;
      place(ctx, `new ${ctx.file.ref("@azure/service-bus", "ServiceBusClient", style)}("contoso-${ctx.rng.chars(5, LOWER)}.servicebus.windows.net", ${credential})`, (v) => `${v}.createSender("orders")`);
      return `AzureNamedKeyCredential(ServiceBusClient, ${key.source})`;
    },
  },
  {
    name: "ClientSecretCredential",
    commonJs: false,
    write: (ctx, style) => {
      const secret = hold(ctx, entraSecret(ctx.rng), ["inline", "const", "config-named", "config-namespace"], "clientSecret");
      const credential = `new ${ctx.file.ref("@azure/identity", "ClientSecretCredential", style)}("${guid(ctx.rng)}", "${guid(ctx.rng)}", ${secret.expr})`;
      const vault = `https://contoso-${ctx.rng.chars(5, LOWER)}.vault.azure.net`;
      if (ctx.rng.int(2) === 0) {
        place(ctx, `new ${ctx.file.ref("@azure/keyvault-secrets", "SecretClient", style)}("${vault}", ${credential})`, (v) => `${v}.getSecret("name")`);
        return `ClientSecretCredential(SecretClient, ${secret.source})`;
      }
      // One credential object shared by two clients.
      const i = String(ctx.i);
      ctx.file.top.push(`const servicePrincipal${i} = ${credential};`);
      ctx.file.body.push(`export const secrets${i} = new ${ctx.file.ref("@azure/keyvault-secrets", "SecretClient", style)}("${vault}", servicePrincipal${i});`);
      ctx.file.body.push(`export const keys${i} = new ${ctx.file.ref("@azure/keyvault-keys", "KeyClient", style)}("${vault}", servicePrincipal${i});`);
      return `ClientSecretCredential(shared by SecretClient and KeyClient, ${secret.source})`;
    },
  },
  {
    name: "Service Bus / Event Hubs connection string",
    commonJs: true,
    write: (ctx, style) => {
      const ns = `contoso-${ctx.rng.chars(5, LOWER)}`;
      const cs = hold(ctx, `Endpoint=sb://${ns}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sasKey(ctx.rng)}`, ctx.file.commonJs ? LOCAL_SOURCES : ALL_SOURCES, "busConnection");
      if (ctx.rng.int(2) === 0) {
        place(ctx, `new ${ctx.file.ref("@azure/service-bus", "ServiceBusClient", style)}(${cs.expr})`, (v) => `${v}.createSender("orders")`);
        return `ServiceBusClient(${cs.source})`;
      }
      place(ctx, `new ${ctx.file.ref("@azure/event-hubs", "EventHubProducerClient", style)}(${cs.expr}, "telemetry")`, undefined);
      return `EventHubProducerClient(${cs.source})`;
    },
  },
  {
    name: "Cosmos key",
    commonJs: true,
    write: (ctx, style) => {
      const key = hold(ctx, storageKey(ctx.rng), ctx.file.commonJs ? LOCAL_SOURCES : ["inline", "const", "env-nullish", "config-named", "config-member"], "cosmosKey");
      place(ctx, `new ${ctx.file.ref("@azure/cosmos", "CosmosClient", style)}({ endpoint: "https://contoso-${ctx.rng.chars(5, LOWER)}.documents.azure.com:443/", key: ${key.expr} })`, (v) => `${v}.database("app")`);
      return `CosmosClient(${key.source})`;
    },
  },
  {
    name: "one connection string, two clients",
    commonJs: false,
    write: (ctx, style) => {
      const i = String(ctx.i);
      const cs = hold(ctx, storageConnectionString(ctx.rng), ["const", "let", "env-or", "config-named", "config-namespace"], "sharedConnection");
      ctx.file.body.push(`export const blobsOf${i} = ${ctx.file.ref("@azure/storage-blob", "BlobServiceClient", style)}.fromConnectionString(${cs.expr});`);
      ctx.file.body.push(`export const queuesOf${i} = ${ctx.file.ref("@azure/storage-queue", "QueueServiceClient", style)}.fromConnectionString(${cs.expr});`);
      return `one connection string for Blob and Queue (${cs.source})`;
    },
  },
  {
    name: "key still read elsewhere",
    commonJs: false,
    write: (ctx, style) => {
      const i = String(ctx.i);
      ctx.file.top.push(`const keptConnection${i} = "${storageConnectionString(ctx.rng)}";`);
      place(ctx, `${ctx.file.ref("@azure/storage-blob", "BlobServiceClient", style)}.fromConnectionString(keptConnection${i})`, undefined);
      ctx.file.body.push(`export const connectionLength${i} = keptConnection${i}.length;`);
      return "connection string also read by other code";
    },
  },
  // Left alone, with a reason: they must come out exactly as they went in.
  {
    name: "emulator",
    commonJs: false,
    write: (ctx, style) => {
      place(ctx, `${ctx.file.ref("@azure/storage-blob", "BlobServiceClient", style)}.fromConnectionString("UseDevelopmentStorage=true")`, undefined);
      return "emulator (left alone)";
    },
  },
  {
    name: "SAS minting",
    commonJs: false,
    write: (ctx, style) => {
      const i = String(ctx.i);
      const cs = hold(ctx, storageConnectionString(ctx.rng), ["inline", "const"], "signingConnection");
      ctx.file.body.push(`export const signer${i} = new ${ctx.file.ref("@azure/storage-blob", "ContainerClient", style)}(${cs.expr}, "shared");`);
      ctx.file.body.push(`export function link${i}(name: string): Promise<string> {`, `  return signer${i}.getBlobClient(name).generateSasUrl({ permissions: ${ctx.file.ref("@azure/storage-blob", "BlobSASPermissions", style)}.parse("r"), expiresOn: new Date(Date.now() + 600_000) });`, `}`);
      return "SAS minting (left alone)";
    },
  },
  {
    name: "existing token credential",
    commonJs: false,
    write: (ctx, style) => {
      const i = String(ctx.i);
      ctx.file.top.push(`const azureCredential${i} = new ${ctx.file.ref("@azure/identity", "DefaultAzureCredential", style)}();`);
      ctx.file.body.push(`export const tokenSecrets${i} = new ${ctx.file.ref("@azure/keyvault-secrets", "SecretClient", style)}("https://contoso-${ctx.rng.chars(5, LOWER)}.vault.azure.net", azureCredential${i});`);
      return "DefaultAzureCredential already in use";
    },
  },
];

/** Code that has nothing to do with Azure, some of it looking a little like it. */
const UNRELATED: readonly ((i: string, rng: Prng) => string[])[] = [
  (i) => [`export interface Item${i} {`, `  id: string;`, `  count: number;`, `}`],
  (i) => [`export function total${i}(items: readonly number[]): number {`, `  let sum = 0;`, `  for (const item of items) {`, `    sum += item;`, `  }`, `  return sum;`, `}`],
  (i) => [`export class Cache${i} {`, `  private readonly entries = new Map<string, string>();`, `  get(key: string): string | undefined {`, `    return this.entries.get(key);`, `  }`, `}`],
  (i, rng) => [`export const endpoint${i} = new URL("https://example.com/items/${String(rng.int(1000))}");`],
  (i) => [`const local${i} = { fromConnectionString: (text: string) => text.length };`, `export const size${i} = local${i}.fromConnectionString("AccountName=notazure${i}");`],
  (i) => [`// BlobServiceClient.fromConnectionString(process.env.CONNECTION) is how this used to work (${i}).`],
  (i) => [`export async function pause${i}(ms: number): Promise<void> {`, `  await new Promise((resolve) => setTimeout(resolve, ms));`, `}`],
  (i) => [`export enum Level${i} {`, `  Low,`, `  High,`, `}`],
  (i) => [`export function describe${i}(credential: { user: string }): string {`, `  return credential.user;`, `}`],
  (i) => [`const credential = { user: "operator" };`, `export const operator${i} = credential.user;`],
];

/** Quotes, semicolons, indentation, line endings and a byte-order mark, as a project might have them. */
function restyle(text: string, rng: Prng): string {
  let out = text;
  if (rng.int(3) === 0 && !out.includes("'")) out = out.replace(/"/gu, "'");
  if (rng.int(3) === 0) out = out.replace(/;$/gmu, "");
  const indent = pick(rng, ["  ", "    ", "\t"]);
  if (indent !== "  ") out = out.replace(/^(?: {2})+/gmu, (lead) => indent.repeat(lead.length / 2));
  if (rng.int(4) === 0) out = out.replace(/\n/gu, "\r\n");
  if (rng.int(8) === 0) out = `\uFEFF${out}`;
  return out;
}

/** The program for `seed`: 1-3 modules (one sometimes CommonJS), a config module when a form reads one, package.json. */
export function generateProgram(seed: number, versions: Readonly<Record<string, string>>): GeneratedProgram {
  const rng = new Prng(seed);
  const forms: string[] = [];
  const config = rng.int(3) > 0 ? new ModuleText(false) : undefined;
  const modules: { name: string; text: ModuleText }[] = [];
  const count = 1 + rng.int(3);
  for (let m = 0; m < count; m++) {
    const commonJs = m > 0 && rng.int(4) === 0;
    modules.push({ name: `src/module${String(m)}.${commonJs ? "cjs" : "ts"}`, text: new ModuleText(commonJs) });
  }
  let i = 0;
  for (const { name, text: file } of modules) {
    const ctx: Context = { rng, file, config: file.commonJs ? undefined : config, i };
    const clients = 1 + rng.int(3);
    const pieces: (() => void)[] = [];
    for (let c = 0; c < clients; c++) {
      pieces.push(() => {
        const usable = FORMS.filter((f) => !file.commonJs || f.commonJs);
        const form = pick(rng, usable);
        const style = pick<ImportStyle>(rng, ["named", "named", "alias", "namespace"]);
        forms.push(`${name}: ${form.write({ ...ctx, i: i++ }, style)} [${style}]`);
      });
    }
    for (let u = file.commonJs ? 0 : rng.int(4); u > 0; u--) {
      pieces.push(() => {
        const lines = pick(rng, UNRELATED)(String(i++), rng);
        // One module-level `credential` per module.
        if (!(lines[0]?.startsWith("const credential ") === true && file.body.includes(lines[0]))) file.body.push(...lines);
      });
    }
    // Azure and unrelated code interleaved, in a random order.
    for (let k = pieces.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [pieces[k], pieces[j]] = [pieces[j] as () => void, pieces[k] as () => void];
    }
    for (const piece of pieces) piece();
  }
  const files: Record<string, string> = {};
  for (const { name, text } of modules) files[name] = restyle(text.render(), rng);
  if (config && config.top.length > 0) {
    config.top.push(`export const port = ${String(3000 + rng.int(1000))};`);
    files["src/config.ts"] = restyle(config.render(), rng);
  }
  const used = [...new Set(Object.values(files).flatMap((t) => [...t.matchAll(/["'](@azure\/[a-z-]+)["']/gu)].map((m) => m[1] ?? "")))].sort();
  const dependencies = Object.fromEntries(used.filter((m) => m !== "@azure/core-auth").map((m) => [m, versions[m] ?? "*"]));
  files["package.json"] = `${JSON.stringify({ name: `fuzz-${String(seed)}`, private: true, type: "module", dependencies }, null, 2)}\n`;
  const flags = [...pick(rng, [[], [], ["--include-env"], ["--endpoints", "env"], ["--identity", "user"], ["--include-env", "--endpoints", "env", "--identity", "user"]])];
  return { seed, files, forms, flags };
}
