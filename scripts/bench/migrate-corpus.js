// @ts-check
/**
 * The worst case for `keyless migrate`: a project where every module builds a key-based Azure client (connection
 * strings, account keys, API keys, a client secret) from one of a few config modules, so every file is rewritten,
 * re-parsed and type-checked. Deterministic; the modules type-check against the repository's installed typings
 * (node_modules is linked in).
 *
 *   node scripts/bench/migrate-corpus.js <dir> [--files 1000]
 *   cd <dir> && /usr/bin/time -v npx tsc --noEmit            # baseline
 *   /usr/bin/time -v node <repo>/bin/keyless.js migrate <dir> --format json > /dev/null
 */
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { values, positionals } = parseArgs({ allowPositionals: true, options: { files: { type: "string", default: "1000" } } });
const dir = path.resolve(positionals[0] ?? ".bench/migrate-corpus");
const files = Number(values.files);

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const b64 = (/** @type {number} */ n) => Array.from({ length: n }, () => B64[Math.floor(random() * 64)]).join("");
const hex = (/** @type {number} */ n) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(random() * 16)]).join("");

rmSync(dir, { recursive: true, force: true });
mkdirSync(path.join(dir, "src"), { recursive: true });
const CONFIGS = 10;
for (let c = 0; c < CONFIGS; c++) {
  writeFileSync(
    path.join(dir, `src/config${String(c)}.ts`),
    [
      `export const storageConnectionString = "DefaultEndpointsProtocol=https;AccountName=bench${String(c)}acct;AccountKey=${b64(86)}==;EndpointSuffix=core.windows.net";`,
      `export const serviceBusConnectionString = "Endpoint=sb://bench-${String(c)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${b64(43)}=";`,
      `export const cosmosEndpoint = "https://bench-${String(c)}.documents.azure.com:443/";`,
      `export const cosmosKey = "${b64(86)}==";`,
      `export const openAiKey = process.env.AZURE_OPENAI_API_KEY || "${hex(32)}";`,
      `export const vaultUrl = "https://bench-${String(c)}-kv.vault.azure.net";`,
      `export const clientSecret = "${b64(3).replace(/[+/]/gu, "a")}8Q~${b64(34).replace(/[+/]/gu, "_")}";`,
      "",
    ].join("\n"),
  );
}
const shapes = [
  (/** @type {number} */ c) => [
    'import { BlobServiceClient } from "@azure/storage-blob";',
    `import { storageConnectionString } from "./config${String(c)}.js";`,
    "",
    "const blobs = BlobServiceClient.fromConnectionString(storageConnectionString);",
    "export const upload = (name: string, body: string) => blobs.getContainerClient(\"data\").getBlockBlobClient(name).upload(body, body.length);",
  ],
  (/** @type {number} */ c) => [
    'import { QueueClient } from "@azure/storage-queue";',
    `import { storageConnectionString } from "./config${String(c)}.js";`,
    "",
    'const queue = new QueueClient(storageConnectionString, "jobs");',
    "export const enqueue = (text: string) => queue.sendMessage(text);",
  ],
  (/** @type {number} */ c) => [
    'import { ServiceBusClient } from "@azure/service-bus";',
    `import { serviceBusConnectionString } from "./config${String(c)}.js";`,
    "",
    "const bus = new ServiceBusClient(serviceBusConnectionString);",
    'export const publish = (body: unknown) => bus.createSender("orders").sendMessages({ body });',
  ],
  (/** @type {number} */ c) => [
    'import { CosmosClient } from "@azure/cosmos";',
    `import { cosmosEndpoint, cosmosKey } from "./config${String(c)}.js";`,
    "",
    "const cosmos = new CosmosClient({ endpoint: cosmosEndpoint, key: cosmosKey });",
    'export const read = (id: string) => cosmos.database("app").container("items").item(id, id).read();',
  ],
  (/** @type {number} */ c) => [
    'import { AzureOpenAI } from "openai";',
    `import { openAiKey } from "./config${String(c)}.js";`,
    "",
    'const ai = new AzureOpenAI({ endpoint: "https://bench.openai.azure.com/", apiKey: openAiKey, apiVersion: "2024-10-21" });',
    'export const ask = (q: string) => ai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });',
  ],
  (/** @type {number} */ c) => [
    'import { ClientSecretCredential } from "@azure/identity";',
    'import { SecretClient } from "@azure/keyvault-secrets";',
    `import { clientSecret, vaultUrl } from "./config${String(c)}.js";`,
    "",
    'const credential = new ClientSecretCredential("7f2c8a51-0d4e-4c1b-9a63-2b8e5f9d1c04", "3d9b1e77-58a2-4f0c-b6d1-9e4a2c7f8b35", clientSecret);',
    "const vault = new SecretClient(vaultUrl, credential);",
    "export const secret = (name: string) => vault.getSecret(name);",
  ],
];
for (let i = 0; i < files - CONFIGS; i++) {
  const shape = shapes[i % shapes.length] ?? shapes[0];
  const helpers = Array.from({ length: 12 }, (_, k) => `export function helper${String(k)}(values: readonly number[]): number {\n  return values.reduce((sum, v) => sum + v * ${String(k + 1)}, 0);\n}`);
  writeFileSync(path.join(dir, `src/module${String(i)}.ts`), [...(shape ? shape(i % CONFIGS) : []), "", ...helpers, ""].join("\n"));
}
writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "migrate-bench", private: true, type: "module", dependencies: {} }, null, 2)}\n`);
writeFileSync(
  path.join(dir, "tsconfig.json"),
  `${JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022"], types: ["node"], noEmit: true, skipLibCheck: true }, include: ["src"] }, null, 2)}\n`,
);
if (!existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
console.log(`${String(files)} files → ${dir}`);
