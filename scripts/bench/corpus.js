// @ts-check
/**
 * A deterministic corpus of realistic TypeScript modules (imports, classes, functions, Azure SDK usage, sparse
 * secrets) plus config files (appsettings JSON, .env, YAML), labelled by construction: the manifest lists every line
 * that holds a planted secret, with its family.
 *
 * The secret shapes follow ../shared/corpus/real-world-patterns.md (module const passed to a client, inline argument,
 * `process.env.X || "literal"` fallback, object-literal config, class field, key header, commented-out old value);
 * the traps are the values that look like secrets and are not (tenant ids, digests, published emulator keys,
 * placeholders, Key Vault references, Application Insights connection strings, data URIs).
 *
 * The modules type-check against the real `@azure/*` typings when the project can resolve them (the bench links
 * the repository's node_modules), so the same corpus serves `tsc --noEmit` and `keyless migrate`.
 *
 *   node scripts/bench/corpus.js <dir> [--files 2000] [--seed 1] [--secret-rate 0.05] [--trap-rate 0.3]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";

/** The families the accuracy tables are broken down by. */
export const FAMILIES = /** @type {const} */ (["azure-connection-string", "azure-key", "entra-secret", "generic"]);

/** @typedef {(typeof FAMILIES)[number]} Family */
/** @typedef {{ line: number, family: Family }} PlantedSecret */

/** mulberry32: small, fast, good enough for test data. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";
const ENTRA = `${B62}._-~`;
const WORDS = ["order", "invoice", "customer", "report", "asset", "payment", "shipment", "profile", "catalog", "audit", "session", "tenant", "metric", "upload", "export"];

/** Published, well-known values: not secrets, and a scanner that reports them is wrong. */
const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const COSMOS_EMULATOR_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

/** @param {() => number} r */
function makeValues(r) {
  const pick = (/** @type {string} */ alphabet, /** @type {number} */ n) => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join("");
  const base62 = (/** @type {number} */ n, /** @type {number} */ width) => {
    let out = "";
    for (let v = n; v > 0; v = Math.floor(v / 62)) out = B62[v % 62] + out;
    return out.padStart(width, "0");
  };
  /** GitHub and npm tokens end in a base62 CRC32 of their random part, as the real ones do. */
  const checksummed = (/** @type {string} */ prefix, /** @type {number} */ n) => {
    const body = pick(B62, n);
    return `${prefix}${body}${base62(crc32(body), 6)}`;
  };
  const word = () => WORDS[Math.floor(r() * WORDS.length)] ?? "data";
  const uuid = () => `${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-a${pick(HEX, 3)}-${pick(HEX, 12)}`;
  return {
    pick,
    word,
    uuid,
    account: () => `${word()}${pick("abcdefghij0123456789", 6)}`,
    key88: () => `${pick(B64, 86)}==`,
    key44: () => `${pick(B64, 43)}=`,
    hex32: () => pick(HEX, 32),
    entra: () => `${pick(B62, 3)}8Q~${pick(ENTRA, 34)}`,
    password: () => pick(`${B62}!@#$%`, 18),
    sig: () => encodeURIComponent(`${pick(B64, 43)}=`),
    github: () => checksummed("ghp_", 30),
    npm: () => checksummed("npm_", 30),
    awsId: () => `AKIA${pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
    awsSecret: () => pick(`${B62}/+`, 40),
    slack: () => `xoxb-${pick("0123456789", 12)}-${pick("0123456789", 13)}-${pick(B62, 24)}`,
  };
}

/** @typedef {ReturnType<typeof makeValues>} Values */
/**
 * A way a secret is written into a module. `lines` are placed at module scope (or as class members when `member`);
 * `secret` lists which of them hold the secret material.
 * @typedef {{ family: Family, imports?: string[], member?: boolean, secret: number[], lines: (v: Values) => string[] }} SecretShape
 */

const IMPORT = {
  cosmos: `import { CosmosClient } from "@azure/cosmos";`,
  serviceBus: `import { ServiceBusClient } from "@azure/service-bus";`,
  webPubSub: `import { WebPubSubServiceClient } from "@azure/web-pubsub";`,
  keyCredential: `import { AzureKeyCredential } from "@azure/core-auth";`,
  sharedKey: `import { StorageSharedKeyCredential } from "@azure/storage-blob";`,
  clientSecret: `import { ClientSecretCredential } from "@azure/identity";`,
};

const SAS = (/** @type {Values} */ v) => `sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2031-01-01T00:00:00Z&spr=https&sig=${v.sig()}`;
const STORAGE = (/** @type {Values} */ v) => `DefaultEndpointsProtocol=https;AccountName=${v.account()};AccountKey=${v.key88()};EndpointSuffix=core.windows.net`;

/** @type {SecretShape[]} */
export const SECRET_SHAPES = [
  // Azure connection strings
  { family: "azure-connection-string", secret: [0], lines: (v) => [`const storageConnection = "${STORAGE(v)}";`, `const blobsByKey = BlobServiceClient.fromConnectionString(storageConnection);`] },
  {
    family: "azure-connection-string",
    imports: [IMPORT.serviceBus],
    secret: [0],
    lines: (v) => [`const busConnection = process.env.SERVICEBUS_CONNECTION || "Endpoint=sb://${v.word()}-bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${v.key44()}";`, `const bus = new ServiceBusClient(busConnection);`],
  },
  { family: "azure-connection-string", imports: [IMPORT.cosmos], secret: [0], lines: (v) => [`const cosmosByString = new CosmosClient("AccountEndpoint=https://${v.account()}.documents.azure.com:443/;AccountKey=${v.key88()};");`] },
  { family: "azure-connection-string", secret: [0], lines: (v) => [`const hubConnection = "Endpoint=sb://${v.word()}-hub.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${v.key44()};EntityPath=events";`] },
  { family: "azure-connection-string", secret: [0], lines: (v) => [`// const storageConnection = "${STORAGE(v)}";`, `const storageFromEnv = process.env.AZURE_STORAGE_CONNECTION_STRING;`] },
  { family: "azure-connection-string", imports: [IMPORT.webPubSub], secret: [0], lines: (v) => [`const pubsub = new WebPubSubServiceClient("Endpoint=https://${v.account()}.webpubsub.azure.com;AccessKey=${v.key44()};Version=1.0;", "notifications");`] },
  { family: "azure-connection-string", secret: [0], lines: (v) => [`const sqlConnection = "Server=tcp:${v.account()}.database.windows.net,1433;Initial Catalog=${v.word()}s;User ID=app;Password=${v.password()};Encrypt=True;";`] },
  {
    family: "azure-connection-string",
    secret: [1],
    lines: (v) => [`const joinedConnection = "DefaultEndpointsProtocol=https;AccountName=${v.account()};" +`, `  "AccountKey=${v.key88()};EndpointSuffix=core.windows.net";`],
  },
  // Azure keys
  { family: "azure-key", imports: [IMPORT.cosmos], secret: [0], lines: (v) => [`const cosmos = new CosmosClient({ endpoint: "https://${v.account()}.documents.azure.com:443/", key: "${v.key88()}" });`] },
  { family: "azure-key", imports: [IMPORT.keyCredential], secret: [0], lines: (v) => [`const searchCredential = new AzureKeyCredential("${v.hex32()}");`] },
  { family: "azure-key", secret: [0], lines: (v) => [`const openAiKey = "${v.hex32()}"; // process.env["AZURE_OPENAI_KEY"]`] },
  { family: "azure-key", imports: [IMPORT.sharedKey], secret: [0], lines: (v) => [`const sharedKey = new StorageSharedKeyCredential("${v.account()}", "${v.key88()}");`] },
  { family: "azure-key", secret: [0], lines: (v) => [`const sasToken = process.env.STORAGE_SAS || "${SAS(v)}";`] },
  { family: "azure-key", secret: [0], lines: (v) => [`const exportUrl = "https://${v.account()}.blob.core.windows.net/${v.word()}s?${SAS(v)}";`] },
  {
    family: "azure-key",
    secret: [1],
    lines: (v) => [`const translatorHeaders = {`, `  "Ocp-Apim-Subscription-Key": "${v.hex32()}",`, `  "Ocp-Apim-Subscription-Region": "westeurope",`, `};`],
  },
  { family: "azure-key", member: true, secret: [0], lines: (v) => [`  private readonly storageKey = "${v.key88()}";`] },
  // Entra client secrets
  { family: "entra-secret", secret: [0], lines: (v) => [`const clientSecret = "${v.entra()}";`] },
  { family: "entra-secret", imports: [IMPORT.clientSecret], secret: [0], lines: (v) => [`const appCredential = new ClientSecretCredential("${v.uuid()}", "${v.uuid()}", "${v.entra()}");`] },
  {
    family: "entra-secret",
    secret: [2],
    lines: (v) => [`export const msalConfig = {`, `  auth: { clientId: "${v.uuid()}", authority: "https://login.microsoftonline.com/${v.uuid()}" },`, `  clientSecret: "${v.entra()}",`, `};`],
  },
  // Generic (not Azure-specific) secrets
  { family: "generic", secret: [0], lines: (v) => [`const dbPassword = "${v.password()}";`] },
  {
    family: "generic",
    secret: [3],
    lines: (v) => [`export const sqlConfig = {`, `  user: "app",`, `  server: "${v.account()}.database.windows.net",`, `  password: "${v.password()}",`, `  options: { encrypt: true },`, `};`],
  },
  { family: "generic", secret: [0], lines: (v) => [`const githubToken = "${v.github()}";`] },
  { family: "generic", secret: [0], lines: (v) => [`const publishToken = "${v.npm()}";`] },
  { family: "generic", secret: [0, 1], lines: (v) => [`const awsAccessKeyId = "${v.awsId()}";`, `const awsSecretAccessKey = "${v.awsSecret()}";`] },
  { family: "generic", secret: [0], lines: (v) => [`const slackToken = "${v.slack()}";`] },
];

/** Lines that look like secrets to a naive scanner but are not. */
export const TRAP_LINES = /** @type {Array<(v: Values) => string>} */ ([
  (v) => `const tenantId = "${v.uuid()}";`,
  (v) => `const commitSha = "${v.pick(HEX, 40)}";`,
  () => `const local = "UseDevelopmentStorage=true";`,
  () => `const placeholderKey = process.env.AZURE_OPENAI_KEY ?? "<your-api-key>";`,
  (v) => `const messageKey = "${v.word()}.${v.word()}.title";`,
  () => `const azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";`,
  () => `const emulatorKey = "${COSMOS_EMULATOR_KEY}";`,
  (v) => `const telemetry = "InstrumentationKey=${v.uuid()};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";`,
  (v) => `const integrity = "sha512-${v.pick(B64, 86)}==";`,
  (v) => `const contentMd5 = "${v.hex32()}";`,
  (v) => `const icon = "data:image/png;base64,${v.pick(B64, 120)}";`,
  () => `const sample = "DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<account-key>;EndpointSuffix=core.windows.net";`,
  () => `const dbPasswordField = { name: "password", label: "Password", required: true };`,
  () => `const connectionStringSetting = "AZURE_STORAGE_CONNECTION_STRING";`,
  (v) => `const requestId = "${v.uuid()}";`,
  (v) => `const etag = "0x8DB${v.pick(HEX.toUpperCase(), 12)}";`,
]);

/** @param {() => number} r @param {number} i @param {number} secretRate @param {number} trapRate */
function tsModule(r, i, secretRate, trapRate) {
  const v = makeValues(r);
  const name = `${v.word()}${String(i)}`;
  const cls = name.charAt(0).toUpperCase() + name.slice(1);
  const shape = r() < secretRate ? SECRET_SHAPES[Math.floor(r() * SECRET_SHAPES.length)] : undefined;
  const trap = r() < trapRate ? TRAP_LINES[Math.floor(r() * TRAP_LINES.length)] : undefined;
  const imports = [`import { BlobServiceClient } from "@azure/storage-blob";`, `import { DefaultAzureCredential } from "@azure/identity";`];
  for (const line of shape?.imports ?? []) if (!imports.includes(line)) imports.push(line);

  /** @type {string[]} */
  const lines = [];
  /** @type {PlantedSecret[]} */
  const planted = [];
  const place = (/** @type {SecretShape} */ s) => {
    const start = lines.length;
    lines.push(...s.lines(v));
    for (const k of s.secret) planted.push({ line: start + k + 1, family: s.family });
  };

  lines.push(...imports, "");
  lines.push(`interface Request {`, `  params: Record<string, string>;`, `}`);
  lines.push(`interface Response {`, `  status(code: number): Response;`, `  json(body: unknown): void;`, `}`, "");
  lines.push(`export interface ${cls}Record {`, `  id: string;`, `  createdAt: Date;`, `  amount: number;`, `  tags: string[];`, `}`, "");
  if (shape && !shape.member) place(shape);
  if (trap) lines.push(trap(v));
  lines.push(`const credential = new DefaultAzureCredential();`);
  lines.push(`const blobs = new BlobServiceClient(process.env.AZURE_STORAGEBLOB_RESOURCEENDPOINT ?? "", credential);`, "");
  lines.push(`export class ${cls}Service {`);
  lines.push(`  private readonly cache = new Map<string, ${cls}Record>();`);
  if (shape?.member) place(shape);
  lines.push("");
  for (let m = 0; m < 4; m++) {
    const drawn = ["load", "save", "list", "remove", "archive", "sync"][Math.floor(r() * 6)] ?? "load";
    const verb = m === 0 ? "load" : drawn; // the handler below calls load0
    lines.push(`  async ${verb}${String(m)}(id: string): Promise<${cls}Record | undefined> {`);
    lines.push(`    const cached = this.cache.get(id);`);
    lines.push(`    if (cached) return cached;`);
    lines.push(`    const container = blobs.getContainerClient("${v.word()}s");`);
    lines.push(`    const body = await container.getBlobClient(\`\${id}.json\`).downloadToBuffer();`);
    lines.push(`    const record = JSON.parse(body.toString("utf8")) as ${cls}Record;`);
    lines.push(`    this.cache.set(id, record);`);
    lines.push(`    return record;`);
    lines.push(`  }`, "");
  }
  lines.push(`}`, "");
  lines.push(`export async function handle${cls}(req: Request, res: Response): Promise<void> {`);
  lines.push(`  const service = new ${cls}Service();`);
  lines.push(`  const item = await service.load0(String(req.params.id));`);
  lines.push(`  res.status(item ? 200 : 404).json(item ?? { error: "not found" });`);
  lines.push(`}`);
  return { text: `${lines.join("\n")}\n`, planted };
}

/**
 * Config files cycle through appsettings JSON, .env and docker-compose YAML; each may hold one secret or one trap.
 * @param {() => number} r @param {number} i @param {number} secretRate @param {number} trapRate
 */
function configFile(r, i, secretRate, trapRate) {
  const v = makeValues(r);
  /** @type {PlantedSecret[]} */
  const planted = [];
  const secret = r() < secretRate * 4;
  const trap = r() < trapRate;
  const choice = Math.floor(r() * 3);
  const kind = i % 3;
  /** @param {string[]} lines @param {string} line @param {Family} family */
  const plant = (lines, line, family) => {
    lines.push(line);
    planted.push({ line: lines.length, family });
  };
  if (kind === 0) {
    const lines = ["{", `  "Logging": { "LogLevel": { "Default": "Information" } },`, `  "AllowedHosts": "*",`];
    if (secret) {
      if (choice === 0) plant(lines, `  "ConnectionStrings": { "Storage": "${STORAGE(v)}" },`, "azure-connection-string");
      else if (choice === 1) plant(lines, `  "AzureAd": { "ClientId": "${v.uuid()}", "ClientSecret": "${v.entra()}" },`, "entra-secret");
      else plant(lines, `  "Cosmos": { "Endpoint": "https://${v.account()}.documents.azure.com:443/", "Key": "${v.key88()}" },`, "azure-key");
    }
    if (trap) {
      lines.push(
        choice === 0
          ? `  "Secrets": { "Database": "@Microsoft.KeyVault(SecretUri=https://${v.word()}-kv.vault.azure.net/secrets/db/)" },`
          : `  "ApplicationInsights": { "ConnectionString": "InstrumentationKey=${v.uuid()};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/" },`,
      );
    }
    lines.push(`  "FeatureFlags": { "${v.word()}": true }`, "}");
    return { name: `appsettings.${String(i)}.json`, text: `${lines.join("\n")}\n`, planted };
  }
  if (kind === 1) {
    const lines = [`NODE_ENV=production`, `PORT=${String(3000 + i)}`, `AZURE_TENANT_ID=${v.uuid()}`];
    if (secret) {
      if (choice === 0) plant(lines, `AZURE_OPENAI_API_KEY=${v.hex32()}`, "azure-key");
      else if (choice === 1) plant(lines, `AZURE_CLIENT_SECRET=${v.entra()}`, "entra-secret");
      else plant(lines, `GITHUB_TOKEN=${v.github()}`, "generic");
    }
    if (trap) lines.push(choice === 0 ? `AZURE_OPENAI_API_KEY=<your-api-key>` : `AZURE_STORAGE_CONNECTION_STRING=UseDevelopmentStorage=true`);
    lines.push(`LOG_LEVEL=info`);
    return { name: `service-${String(i)}.env`, text: `${lines.join("\n")}\n`, planted };
  }
  const lines = [`services:`, `  ${v.word()}-api:`, `    image: ghcr.io/contoso/${v.word()}-api:1.4.2`, `    environment:`, `      NODE_ENV: production`];
  if (secret) {
    if (choice === 0) plant(lines, `      AZURE_STORAGE_CONNECTION_STRING: "${STORAGE(v)}"`, "azure-connection-string");
    else if (choice === 1) plant(lines, `      SERVICEBUS_CONNECTION: "Endpoint=sb://${v.word()}-bus.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=${v.key44()}"`, "azure-connection-string");
    else plant(lines, `      POSTGRES_PASSWORD: "${v.password()}"`, "generic");
  }
  if (trap) lines.push(`      AZURITE: "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=http://azurite:10000/devstoreaccount1;"`);
  lines.push(`    ports:`, `      - "${String(8000 + i)}:8080"`);
  return { name: `docker-compose.${String(i)}.yml`, text: `${lines.join("\n")}\n`, planted };
}

/**
 * @param {string} dir  emptied first
 * @param {{ files?: number, seed?: number, secretRate?: number, trapRate?: number, configs?: number, writeManifest?: boolean }} [options]
 *   writeManifest (default true) writes manifest.json into dir; the bench keeps it in memory so no tool scans it.
 * @returns {{ files: number, configs: number, manifest: Record<string, PlantedSecret[]> }}
 */
export function generateCorpus(dir, options = {}) {
  const files = options.files ?? 2000;
  const secretRate = options.secretRate ?? 0.05;
  const trapRate = options.trapRate ?? 0.3;
  const configs = options.configs ?? Math.ceil(files / 20);
  const r = rng(options.seed ?? 1);
  rmSync(dir, { recursive: true, force: true });
  /** @type {Record<string, PlantedSecret[]>} */
  const manifest = {};
  const write = (/** @type {string} */ rel, /** @type {string} */ text, /** @type {PlantedSecret[]} */ planted) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    if (planted.length > 0) manifest[rel.split(path.sep).join("/")] = planted;
  };
  for (let i = 0; i < files; i++) {
    const { text, planted } = tsModule(r, i, secretRate, trapRate);
    write(path.join("src", `module${String(Math.floor(i / 100))}`, `file${String(i)}.ts`), text, planted);
  }
  for (let i = 0; i < configs; i++) {
    const { name, text, planted } = configFile(r, i, secretRate, trapRate);
    write(path.join("config", name), text, planted);
  }
  if (options.writeManifest !== false) writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
  const compilerOptions = { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022"], types: ["node"], noEmit: true, skipLibCheck: true };
  writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify({ compilerOptions, include: ["src"] }, null, 2)}\n`);
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "bench-corpus", private: true, type: "module" }, null, 2)}\n`);
  return { files, configs, manifest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args[0];
  if (!dir) {
    console.error("usage: node scripts/bench/corpus.js <dir> [--files N] [--seed N] [--secret-rate R] [--trap-rate R]");
    process.exit(2);
  }
  const flag = (/** @type {string} */ name, /** @type {number} */ fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const result = generateCorpus(dir, { files: flag("--files", 2000), seed: flag("--seed", 1), secretRate: flag("--secret-rate", 0.05), trapRate: flag("--trap-rate", 0.3) });
  console.log(`${String(result.files)} TypeScript files, ${String(result.configs)} config files, ${String(Object.keys(result.manifest).length)} files with planted secrets → ${dir}`);
}
