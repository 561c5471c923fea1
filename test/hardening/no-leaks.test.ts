import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "../../src/detect/redact.js";
import keyless from "../../src/index.js";
import type { ScanResult } from "../../src/scan/types.js";
import { writeFiles } from "../cli/run.js";
import { commandAvailable, inBatches, LeakDetector, pemLines, plantSecrets, runCli, runInProcess, secretStrings, snapshot, written, type CliRun, type Leak, type PlantedSecrets } from "./support.js";

/**
 * A project with one distinct secret of every kind Keyless knows, run through every command and format: no
 * 8-character piece of any secret may appear in standard output, standard error, or any file Keyless writes
 * (the project's own sources aside), nor in an ESLint message or suggestion.
 */

const SEED = 0x6b65796c; // "keyl"
const secrets = plantSecrets(SEED);

function project(s: PlantedSecrets): Record<string, string> {
  const sas = encodeURIComponent(s.sasSignature);
  return {
    "package.json": JSON.stringify({ name: "leak-fixture", type: "module", private: true }, null, 2),
    "src/storage.ts": [
      `import { BlobClient, BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";`,
      ``,
      `const connectionString = "DefaultEndpointsProtocol=https;AccountName=contosoleak;AccountKey=${s.storageConnectionStringKey};EndpointSuffix=core.windows.net";`,
      `export const blobs = BlobServiceClient.fromConnectionString(connectionString);`,
      `export const shared = new BlobServiceClient("https://contosoleak.blob.core.windows.net", new StorageSharedKeyCredential("contosoleak", "${s.storageSharedKey}"));`,
      `const sasUrl = "https://contosoleak.blob.core.windows.net/reports/q1.csv?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2031-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=${sas}";`,
      `export const report = new BlobClient(sasUrl);`,
      `// deploy bot token, rotate monthly: ${s.commentToken}`,
      ``,
    ].join("\n"),
    "src/messaging.ts": [
      `import { ServiceBusClient } from "@azure/service-bus";`,
      `export const bus = new ServiceBusClient("Endpoint=sb://leakns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s.serviceBusKey}");`,
      ``,
    ].join("\n"),
    "src/cosmos.ts": [
      `import { CosmosClient } from "@azure/cosmos";`,
      `export const cosmos = new CosmosClient("AccountEndpoint=https://leakdb.documents.azure.com:443/;AccountKey=${s.cosmosKey};");`,
      ``,
    ].join("\n"),
    "src/settings.ts": [
      `import { AppConfigurationClient } from "@azure/app-configuration";`,
      `export const settings = new AppConfigurationClient("Endpoint=https://leakcfg.azconfig.io;Id=Ab1c-l0-s0:Zq9TxYw2;Secret=${s.appConfigSecret}");`,
      ``,
    ].join("\n"),
    "src/sql.ts": [
      `import sql from "mssql";`,
      `export const pool = await sql.connect("Server=tcp:leaksrv.database.windows.net,1433;Initial Catalog=app;User ID=appadmin;Password=${s.sqlPassword};Encrypt=true");`,
      `export const other = new sql.ConnectionPool({ server: "leaksrv.database.windows.net", database: "app", user: "appadmin", password: "${s.dbPassword}" });`,
      ``,
    ].join("\n"),
    "src/pg.ts": [
      `import pg from "pg";`,
      `export const db = new pg.Client({ host: "leakpg.postgres.database.azure.com", user: "app", password: "${s.pgPassword}", database: "app" });`,
      ``,
    ].join("\n"),
    "src/language.ts": [
      `import { AzureKeyCredential, TextAnalysisClient } from "@azure/ai-language-text";`,
      `export const language = new TextAnalysisClient("https://leakai.cognitiveservices.azure.com/", new AzureKeyCredential("${s.azureKeyCredentialHex}"));`,
      ``,
    ].join("\n"),
    "src/identity.ts": [
      `import { ClientSecretCredential } from "@azure/identity";`,
      `export const credential = new ClientSecretCredential("72f988bf-86f1-41af-91ab-2d7cd011db47", "0b8d2c0e-3f0a-4d2b-9a51-6d3f1c2e7a90", "${s.clientSecretCredentialSecret}");`,
      `export const app = { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", clientSecret: "${s.entraSecret}" };`,
      ``,
    ].join("\n"),
    "src/aws.ts": `export const aws = { region: "eu-west-1", accessKeyId: "${s.awsAccessKeyId}", secretAccessKey: "${s.awsSecretAccessKey}" };\n`,
    "src/github.ts": `export const githubToken = "${s.githubToken}";\n`,
    "src/pem.ts": `export const signingKey = \`-----BEGIN RSA PRIVATE KEY-----\n${pemLines(s.pemKeyBody).join("\n")}\n-----END RSA PRIVATE KEY-----\`;\n`,
    "src/jwt.ts": `export const bearer = "${s.jwt}";\n`,
    "src/broken.ts": `export const storage = "DefaultEndpointsProtocol=https;AccountName=leakbroken;AccountKey=${s.brokenFileKey};EndpointSuffix=core.windows.net";\nexport function (\n`,
    ".env": [
      `AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=leakenv;AccountKey=${s.envStorageKey};EndpointSuffix=core.windows.net`,
      `DB_PASSWORD=${s.envPassword}`,
      ``,
    ].join("\n"),
    "appsettings.json": JSON.stringify({ ConnectionStrings: { Bus: `Endpoint=sb://leakjson.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${s.jsonServiceBusKey}` } }, null, 2),
    "config/app.yaml": [`database:`, `  host: leakpg.postgres.database.azure.com`, `  password: ${s.yamlPassword}`, `azure:`, `  clientSecret: ${s.yamlEntraSecret}`, ``].join("\n"),
  };
}

/** One step of a row: a command line, or something to do to the project first. */
type Step = { readonly args: readonly string[]; readonly codes: readonly number[]; readonly env?: NodeJS.ProcessEnv } | { readonly prepare: (dir: string) => void };

interface Row {
  readonly name: string;
  /** the command this row needs (rows of a command not there yet are skipped, saying so) */
  readonly command: "scan" | "report" | "migrate";
  readonly steps: readonly Step[];
  /** `process`: the built CLI in a process of its own, as users run it; by default `main()` in this process (faster) */
  readonly via?: "process";
}

const run = (args: readonly string[], codes: readonly number[], env?: NodeJS.ProcessEnv): Step => ({ args, codes, ...(env ? { env } : {}) });

function gitInit(dir: string): void {
  const git = (...args: string[]): void => {
    execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  };
  git("init", "-q");
  git("add", "-A");
}

/**
 * Every command and format, and the error paths. A row for `migrate` or `report` is one more entry here; rows of a
 * command that does not answer `--help` yet are skipped.
 */
const ROWS: readonly Row[] = [
  { name: "scan (stylish)", command: "scan", steps: [run(["scan"], [1])] },
  { name: "scan --format json", command: "scan", steps: [run(["scan", "--format", "json"], [1])] },
  { name: "scan --format sarif", command: "scan", steps: [run(["scan", "--format", "sarif"], [1])] },
  { name: "scan --include-env (stylish, colours forced)", command: "scan", steps: [run(["scan", "--include-env"], [1], { FORCE_COLOR: "1", NO_COLOR: "" })] },
  {
    name: "scan --output, every format",
    command: "scan",
    steps: [run(["scan", "--output", "findings.txt"], [1]), run(["scan", "--format", "json", "--output", "findings.json"], [1]), run(["scan", "--format", "sarif", "--output", "findings.sarif"], [1])],
  },
  {
    name: "scan --write-baseline, then --baseline",
    command: "scan",
    steps: [run(["scan", "--write-baseline", "keyless-baseline.json"], [0]), run(["scan", "--baseline", "keyless-baseline.json", "--format", "json"], [0]), run(["scan", "--baseline", "keyless-baseline.json", "--format", "sarif"], [0])],
  },
  { name: "scan --staged (git index)", command: "scan", steps: [{ prepare: gitInit }, run(["scan", "--staged", "--format", "json"], [1]), run(["scan", "--staged"], [1])] },
  { name: "scan of a file with a syntax error", command: "scan", steps: [run(["scan", "src/broken.ts"], [1]), run(["scan", "src/broken.ts", "--format", "json"], [1])] },
  { name: "scan of explicit files, a glob and a missing path", command: "scan", steps: [run(["scan", ".env", "src/*.ts", "src/nowhere.ts", "--format", "json"], [1])] },
  {
    name: "scan usage errors",
    command: "scan",
    steps: [
      run(["scan", "--bogus"], [2]),
      run(["scan", "--format", "xml"], [2]),
      run(["scan", "--output"], [2]),
      run(["scan", "--baseline", "missing.json"], [2]),
      // A baseline that is a file full of secrets: the error must name the file, never quote it.
      run(["scan", "--baseline", ".env"], [2]),
      run(["scan", "--baseline", "appsettings.json"], [2]),
      run(["scan", "--output", "src/storage.ts/out.txt"], [2]),
      run(["scan", "--staged"], [2]),
    ],
  },
  ...(["markdown", "json", "az", "bicep"] as const).map((format): Row => ({
    name: `report --format ${format} (stdout and --output)`,
    command: "report",
    steps: [run(["report", "--format", format], [0]), run(["report", ".", "--format", format, "--output", `roles.${format}`], [0])],
  })),
  // The operator runbook (issue 9): every secret listed for rotation, in every format, redacted.
  ...(["markdown", "json", "az", "bicep"] as const).map((format): Row => ({
    name: `report --format ${format} with the runbook (user and system identity, rotation, lockdown)`,
    command: "report",
    steps: [
      run(["report", ".", "--format", format, "--identity", "user", "--host", "containerapp", "--rotation", "--lockdown"], [0]),
      run(["report", ".", "--format", format, "--identity", "system", "--host", "appservice", "--rotation", "--lockdown", "--output", `runbook.${format}`], [0]),
    ],
  })),
  { name: "report usage errors", command: "report", steps: [run(["report", "--format", "xml"], [2]), run(["report", "nowhere"], [2]), run(["report", "--identity", "system"], [2])] },
  // The migrate contract (interfaces.md): a dry run prints a redacted diff; --write changes the sources (which are set aside here).
  {
    name: "migrate dry run (text and json)",
    command: "migrate",
    steps: [run(["migrate"], [0, 1]), run(["migrate", ".", "--format", "json"], [0, 1]), run(["migrate", ".", "--endpoints", "env", "--identity", "user", "--include-env"], [0, 1])],
  },
  { name: "migrate --write (text and json)", command: "migrate", steps: [run(["migrate", ".", "--write", "--allow-dirty"], [0, 1]), run(["migrate", ".", "--write", "--allow-dirty", "--format", "json"], [0, 1])] },
  { name: "migrate usage errors", command: "migrate", steps: [run(["migrate", "--format", "xml"], [2]), run(["migrate", "--identity", "nobody"], [2])] },
  // The same through bin/keyless.js in a process of its own: nothing reaches the terminal by another way.
  { name: "built CLI: scan (stylish) and --format sarif --output", command: "scan", via: "process", steps: [run(["scan"], [1]), run(["scan", "--format", "sarif", "--output", "findings.sarif"], [1])] },
  { name: "built CLI: scan --staged, and a usage error", command: "scan", via: "process", steps: [{ prepare: gitInit }, run(["scan", "--staged", "--format", "json"], [1]), run(["scan", "--format", "xml"], [2])] },
  { name: "built CLI: report --format json", command: "report", via: "process", steps: [run(["report", "--format", "json"], [0])] },
  { name: "built CLI: migrate (text) and --write --format json", command: "migrate", via: "process", steps: [run(["migrate"], [0, 1]), run(["migrate", ".", "--write", "--allow-dirty", "--format", "json"], [0, 1])] },
];

interface RowOutcome {
  readonly runs: { readonly args: readonly string[]; readonly codes: readonly number[]; readonly result: CliRun }[];
  readonly leaks: Leak[];
}

const detector = new LeakDetector(secretStrings(secrets));

/** os.tmpdir() is read from the environment at each call: an in-process run's temporary files land in `dir`. */
async function inTempDir<T>(dir: string, task: () => Promise<T>): Promise<T> {
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  Object.assign(process.env, { TMPDIR: dir, TMP: dir, TEMP: dir });
  try {
    return await task();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
}

describe("no secret leaks", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "keyless-no-leaks-"));
  const fixture = path.join(root, "fixture");
  const available = new Map<string, boolean>();
  const outcomes = new Map<string, RowOutcome>();

  beforeAll(async () => {
    mkdirSync(fixture);
    await writeFiles(fixture, project(secrets));
    for (const command of new Set(ROWS.map((r) => r.command))) available.set(command, await commandAvailable(command, fixture));
    const rows = ROWS.filter((r) => available.get(r.command) === true);
    const dirOf = (row: Row): string => path.join(root, `row-${String(ROWS.indexOf(row))}`);
    // In-process runs one at a time (their output capture is global); processes a few at a time beside them.
    const spawned = inBatches(rows.filter((r) => r.via === "process"), 2, async (row) => {
      outcomes.set(row.name, await runRow(row, dirOf(row)));
    });
    for (const row of rows.filter((r) => r.via !== "process")) outcomes.set(row.name, await runRow(row, dirOf(row)));
    await spawned;
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** Each row on its own copy of the project; its own temporary directory, checked too. */
  async function runRow(row: Row, dir: string): Promise<RowOutcome> {
    cpSync(fixture, dir, { recursive: true });
    const tmp = path.join(`${dir}-tmp`);
    mkdirSync(tmp);
    const before = snapshot(dir);
    const runs: RowOutcome["runs"][number][] = [];
    const leaks: Leak[] = [];
    for (const step of row.steps) {
      if ("prepare" in step) {
        step.prepare(dir);
        continue;
      }
      const env = { TMPDIR: tmp, TEMP: tmp, TMP: tmp, ...step.env };
      const result = row.via === "process" ? await runCli(step.args, { cwd: dir, limitMs: 30_000, env }) : await inTempDir(tmp, () => runInProcess(step.args, { cwd: dir, env }));
      const label = `keyless ${step.args.join(" ")}`;
      runs.push({ args: step.args, codes: step.codes, result });
      leaks.push(...detector.find(result.stdout, `${label}: stdout`), ...detector.find(result.stderr, `${label}: stderr`));
    }
    // Files Keyless wrote: new or changed files in the project (its sources aside) and anything in its temp dir.
    const sources = new Set(Object.keys(project(secrets)));
    for (const [file, bytes] of written(before, snapshot(dir))) {
      if (!sources.has(file)) leaks.push(...detector.find(bytes.toString("latin1"), `${row.name}: wrote ${file}`), ...detector.find(bytes.toString("utf8"), `${row.name}: wrote ${file}`));
    }
    for (const [file, bytes] of snapshot(tmp)) leaks.push(...detector.find(bytes.toString("latin1"), `${row.name}: temp file ${file}`));
    return { runs, leaks };
  }

  it("plants distinct secrets, each found by the scan (so that not printing them means something)", () => {
    const values = Object.values(secretStrings(secrets));
    expect(new Set(values).size).toBe(values.length);
    const json = outcomes.get("scan --format json")?.runs[0]?.result;
    expect(json?.code).toBe(1);
    const result = JSON.parse(json?.stdout ?? "{}") as ScanResult;
    const prints = new Set(result.findings.map((f) => f.secret?.fingerprint));
    const files = project(secrets);
    const unfound = Object.entries(secrets).filter(([name, planted]) => {
      const value = name === "sasSignature" ? encodeURIComponent(planted) : planted;
      if (prints.has(fingerprint(value))) return false;
      // Some material is narrower or wider than the planted string (a PEM block): the finding on its line counts.
      const probe = name === "pemKeyBody" ? (pemLines(value)[0] ?? value) : value;
      return !result.findings.some((f) => {
        const text = files[f.file];
        if (text === undefined) return false;
        const at = text.indexOf(probe);
        const line = at < 0 ? -1 : text.slice(0, at).split("\n").length;
        return line >= f.line && line <= f.endLine;
      });
    });
    expect(unfound.map(([name]) => name), "planted secrets keyless scan does not report").toEqual([]);
  });

  it.for(ROWS.map((r) => [r.name, r] as const))("%s", ([, row], ctx) => {
    // A command not there yet: its rows run as soon as `keyless <command> --help` answers.
    if (available.get(row.command) !== true) ctx.skip(`keyless ${row.command} is not implemented yet`);
    const outcome = outcomes.get(row.name);
    expect(outcome).toBeDefined();
    for (const r of outcome?.runs ?? []) {
      const label = `keyless ${r.args.join(" ")}`;
      expect(r.result.hung, `${label} hung`).toBe(false);
      expect(r.codes, `${label} exit code (stderr: ${r.result.stderr.slice(0, 300)})`).toContain(r.result.code);
      expect(r.result.stderr, `${label} crashed`).not.toMatch(/internal error|^ {4}at /mu);
    }
    expect(outcome?.leaks ?? [], "8-character pieces of planted secrets in Keyless output").toEqual([]);
  });

  describe("through the ESLint API (keyless.configs.recommended)", () => {
    let messages: (Linter.LintMessage & { file: string })[] = [];
    let stylish = "";
    beforeAll(async () => {
      const eslint = new ESLint({ cwd: fixture, overrideConfigFile: true, overrideConfig: [keyless.configs.recommended] });
      const results = await eslint.lintFiles(["src/**/*.ts"]);
      messages = results.flatMap((r) => r.messages.map((m) => ({ file: path.relative(fixture, r.filePath), ...m })));
      // The formatter users run on these results prints messages only; the source is the user's own file.
      stylish = await (await eslint.loadFormatter("stylish")).format(results);
    });
    const where = (m: (typeof messages)[number]): string => `${m.file}:${String(m.line)} ${m.ruleId ?? "(parser)"}`;

    it("never puts a secret in a message or a suggestion's description", () => {
      expect(messages.filter((m) => m.ruleId?.startsWith("keyless/")).length).toBeGreaterThan(10);
      const leaks = messages.flatMap((m) => [
        ...detector.find(m.message, `${where(m)} message`),
        ...(m.suggestions ?? []).flatMap((s) => detector.find(s.desc, `${where(m)} suggestion "${s.messageId ?? ""}"`)),
      ]);
      expect(leaks).toEqual([]);
      expect(detector.find(stylish, "eslint stylish formatter")).toEqual([]);
    });

    // `eslint --format json` prints each suggestion's edit: an edit must not carry a secret it does not remove.
    it("never puts a secret in a suggested edit", () => {
      const leaks = messages.flatMap((m) => (m.suggestions ?? []).flatMap((s) => detector.find(s.fix.text, `${where(m)} suggested edit "${s.messageId ?? ""}" [${s.fix.range.join("-")}]`)));
      expect(leaks).toEqual([]);
    });
  });

  it("checks every kind of secret (the detector finds each one in the project it was planted in)", () => {
    const everywhere = Object.values(project(secrets)).join("\n");
    // The raw SAS signature is planted URL-encoded only; its raw form is looked for in the output all the same.
    const planted = Object.keys(secretStrings(secrets)).filter((name) => name !== "sasSignature");
    expect(new Set(detector.find(everywhere, "project").map((l) => l.secret))).toEqual(new Set(planted));
    for (const [name, value] of Object.entries(secretStrings(secrets))) expect(detector.find(`xx${value}xx`, "probe").map((l) => l.secret), name).toContain(name);
  });
});
