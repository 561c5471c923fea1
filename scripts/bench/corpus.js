// @ts-check
/**
 * A deterministic corpus of realistic TypeScript modules (imports, classes, functions, Azure SDK usage, sparse
 * secrets) plus config files, labelled by construction: `manifest.json` lists every line that holds a planted secret.
 *
 *   node scripts/bench/corpus.js <dir> [--files 2000] [--seed 1] [--secret-rate 0.05]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
const HEX = "0123456789abcdef";
const WORDS = ["order", "invoice", "customer", "report", "asset", "payment", "shipment", "profile", "catalog", "audit", "session", "tenant", "metric", "upload", "export"];

/** @param {() => number} r */
function makeSecrets(r) {
  const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join("");
  const key88 = () => `${pick(B64, 86)}==`;
  const key44 = () => `${pick(B64, 43)}=`;
  const hex32 = () => pick(HEX, 32);
  const word = () => WORDS[Math.floor(r() * WORDS.length)] ?? "data";
  return { pick, key88, key44, hex32, word };
}

/**
 * Secret-bearing line templates: each returns [line, family]. The family feeds the per-family accuracy tables.
 * @type {Array<(s: ReturnType<typeof makeSecrets>) => [string, string]>}
 */
const SECRET_LINES = [
  (s) => [`const storageConnection = "DefaultEndpointsProtocol=https;AccountName=${s.word()}data${s.pick("abcdefghij", 4)};AccountKey=${s.key88()};EndpointSuffix=core.windows.net";`, "azure-connection-string"],
  (s) => [`const busConnection = process.env.SERVICEBUS_CONNECTION || "Endpoint=sb://${s.word()}-bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${s.key44()}";`, "azure-connection-string"],
  (s) => [`const cosmosKey = "${s.key88()}";`, "azure-key"],
  (s) => [`const openAiKey = "${s.hex32()}";`, "azure-key"],
  (s) => [`const clientSecret = "${s.pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 3)}8Q~${s.pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", 34)}";`, "entra-secret"],
  (s) => [`const dbPassword = "${s.pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#", 18)}";`, "generic"],
  (s) => [`const sasToken = "sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2031-01-01T00:00:00Z&spr=https&sig=${encodeURIComponent(s.key44())}";`, "azure-key"],
];

/** Lines that look like secrets to a naive scanner but are not. */
const TRAP_LINES = [
  (s) => `const tenantId = "${s.pick(HEX, 8)}-${s.pick(HEX, 4)}-4${s.pick(HEX, 3)}-a${s.pick(HEX, 3)}-${s.pick(HEX, 12)}";`,
  (s) => `const commitSha = "${s.pick(HEX, 40)}";`,
  () => `const local = "UseDevelopmentStorage=true";`,
  () => `const placeholderKey = process.env.AZURE_OPENAI_KEY ?? "<your-api-key>";`,
  (s) => `const messageKey = "${s.word()}.${s.word()}.title";`,
];

/** @param {() => number} r @param {number} i */
function tsModule(r, i, secretRate) {
  const s = makeSecrets(r);
  const lines = [];
  /** @type {Array<{ line: number, family: string }>} */
  const planted = [];
  const name = `${s.word()}${i}`;
  const cls = name.charAt(0).toUpperCase() + name.slice(1);
  lines.push(`import { BlobServiceClient } from "@azure/storage-blob";`);
  lines.push(`import { DefaultAzureCredential } from "@azure/identity";`);
  lines.push(`import type { Request, Response } from "express";`);
  lines.push("");
  lines.push(`export interface ${cls}Record {`, `  id: string;`, `  createdAt: Date;`, `  amount: number;`, `  tags: string[];`, `}`);
  lines.push("");
  if (r() < secretRate) {
    const [line, family] = (SECRET_LINES[Math.floor(r() * SECRET_LINES.length)] ?? SECRET_LINES[0])(s);
    lines.push(line);
    planted.push({ line: lines.length, family });
  }
  if (r() < 0.3) lines.push((TRAP_LINES[Math.floor(r() * TRAP_LINES.length)] ?? TRAP_LINES[0])(s));
  lines.push(`const credential = new DefaultAzureCredential();`);
  lines.push(`const blobs = new BlobServiceClient(process.env.AZURE_STORAGEBLOB_RESOURCEENDPOINT ?? "", credential);`);
  lines.push("");
  lines.push(`export class ${cls}Service {`);
  lines.push(`  private readonly cache = new Map<string, ${cls}Record>();`);
  lines.push("");
  for (let m = 0; m < 4; m++) {
    const verb = ["load", "save", "list", "remove", "archive", "sync"][Math.floor(r() * 6)] ?? "load";
    lines.push(`  async ${verb}${m}(id: string): Promise<${cls}Record | undefined> {`);
    lines.push(`    const cached = this.cache.get(id);`);
    lines.push(`    if (cached) return cached;`);
    lines.push(`    const container = blobs.getContainerClient("${s.word()}s");`);
    lines.push(`    const body = await container.getBlobClient(\`\${id}.json\`).downloadToBuffer();`);
    lines.push(`    const record = JSON.parse(body.toString("utf8")) as ${cls}Record;`);
    lines.push(`    this.cache.set(id, record);`);
    lines.push(`    return record;`);
    lines.push(`  }`);
    lines.push("");
  }
  lines.push(`}`);
  lines.push("");
  lines.push(`export async function handle${cls}(req: Request, res: Response): Promise<void> {`);
  lines.push(`  const service = new ${cls}Service();`);
  lines.push(`  const item = await service.load0(String(req.params.id));`);
  lines.push(`  res.status(item ? 200 : 404).json(item ?? { error: "not found" });`);
  lines.push(`}`);
  return { text: `${lines.join("\n")}\n`, planted };
}

/** @param {() => number} r */
function configFile(r, i, secretRate) {
  const s = makeSecrets(r);
  /** @type {Array<{ line: number, family: string }>} */
  const planted = [];
  if (i % 2 === 0) {
    const lines = ["{", `  "Logging": { "LogLevel": { "Default": "Information" } },`, `  "AllowedHosts": "*",`];
    if (r() < secretRate * 4) {
      lines.push(`  "ConnectionStrings": { "Storage": "DefaultEndpointsProtocol=https;AccountName=${s.word()}cfg;AccountKey=${s.key88()};EndpointSuffix=core.windows.net" },`);
      planted.push({ line: lines.length, family: "azure-connection-string" });
    }
    lines.push(`  "FeatureFlags": { "${s.word()}": true }`, "}");
    return { name: `appsettings.${i}.json`, text: `${lines.join("\n")}\n`, planted };
  }
  const lines = [`NODE_ENV=production`, `PORT=${String(3000 + i)}`];
  if (r() < secretRate * 4) {
    lines.push(`AZURE_OPENAI_API_KEY=${s.hex32()}`);
    planted.push({ line: lines.length, family: "azure-key" });
  }
  lines.push(`LOG_LEVEL=info`);
  return { name: `service-${i}.env`, text: `${lines.join("\n")}\n`, planted };
}

/**
 * @param {string} dir
 * @param {{ files?: number, seed?: number, secretRate?: number, configs?: number }} [options]
 */
export function generateCorpus(dir, options = {}) {
  const files = options.files ?? 2000;
  const secretRate = options.secretRate ?? 0.05;
  const configs = options.configs ?? Math.ceil(files / 20);
  const r = rng(options.seed ?? 1);
  rmSync(dir, { recursive: true, force: true });
  /** @type {Record<string, Array<{ line: number, family: string }>>} */
  const manifest = {};
  for (let i = 0; i < files; i++) {
    const rel = path.join("src", `module${String(Math.floor(i / 100))}`, `file${String(i)}.ts`);
    const { text, planted } = tsModule(r, i, secretRate);
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    if (planted.length > 0) manifest[rel] = planted;
  }
  for (let i = 0; i < configs; i++) {
    const { name, text, planted } = configFile(r, i, secretRate);
    const rel = path.join("config", name);
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    if (planted.length > 0) manifest[rel] = planted;
  }
  writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
  writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", target: "ES2022", noEmit: true, skipLibCheck: true }, include: ["src"] })}\n`);
  return { files, configs, manifest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args[0];
  if (!dir) {
    console.error("usage: node scripts/bench/corpus.js <dir> [--files N] [--seed N] [--secret-rate R]");
    process.exit(2);
  }
  const flag = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const result = generateCorpus(dir, { files: flag("--files", 2000), seed: flag("--seed", 1), secretRate: flag("--secret-rate", 0.05) });
  console.log(`${String(result.files)} TypeScript files, ${String(result.configs)} config files, ${String(Object.keys(result.manifest).length)} files with planted secrets → ${dir}`);
}
