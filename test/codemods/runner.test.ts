/**
 * The runner and `keyless migrate`: dry run vs --write, the dirty-tree refusal, atomic writes that keep mode and
 * byte-order mark, package.json, redaction, exit codes, the JSON contract, the progress bar, and fixtures/sample-app.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addDependencies, migrateProject, writeAtomically } from "../../codemods/runner.js";
import { unifiedDiff } from "../../codemods/diff.js";
import { runMigrate } from "../../src/cli/migrate.js";
import { REPO_ROOT } from "../helpers/shared.js";
import { fakeKey, storageConnectionString } from "../cli/run.js";
import { typecheck } from "./cases.js";

/** Work folders inside the repository, so the installed typings resolve (node_modules is above them). */
const TMP = path.join(REPO_ROOT, ".tmp", `codemod-runner-${String(process.pid)}`);
let counter = 0;
/** A git repository of its own (the repository's .gitignore lists .tmp/, which would hide the files). */
function workDir(files: Record<string, string>, options: { git?: boolean } = { git: true }): string {
  const dir = path.join(TMP, `p${String(counter++)}`);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  if (options.git) {
    const git = (...args: string[]): void => {
      execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    };
    git("init", "-q");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "init");
  }
  return dir;
}
afterAll(() => {
  rmSync(TMP, { recursive: true, force: true });
});

async function cli(args: string[], cwd: string, tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runMigrate(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty },
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

const pkg = (deps: Record<string, string>): string => `${JSON.stringify({ name: "t", private: true, type: "module", dependencies: deps }, null, 2)}\n`;

describe("keyless migrate", () => {
  it("dry run: prints a diff with the secret redacted and writes nothing", async () => {
    const key = fakeKey();
    const cs = storageConnectionString(key);
    const dir = workDir({ "package.json": pkg({ "@azure/storage-blob": "^12.32.0" }), "src/a.ts": `import { BlobServiceClient } from "@azure/storage-blob";\n\nexport const c = BlobServiceClient.fromConnectionString("${cs}");\n` });
    const run = await cli([dir], REPO_ROOT);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("+export const c = new BlobServiceClient(\"https://contosodemo.blob.core.windows.net\", credential);");
    expect(run.stdout).not.toContain(key);
    expect(run.stdout).toContain(`AccountKey=${key.slice(0, 4)}…(88)`);
    expect(run.stdout).toContain("Nothing was written");
    expect(readFileSync(path.join(dir, "src/a.ts"), "utf8")).toContain(key);
  });

  it("--format json follows the contract, and exits 1 when a client is left", async () => {
    const dir = workDir({
      "package.json": pkg({ "@azure/storage-queue": "^12.30.0" }),
      "src/q.ts": `import { QueueServiceClient } from "@azure/storage-queue";\n\nexport const a = QueueServiceClient.fromConnectionString("${storageConnectionString()}");\nexport const b = QueueServiceClient.fromConnectionString(process.env.QUEUES!);\n`,
    });
    const run = await cli([".", "--format", "json"], dir);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      version: 1,
      write: false,
      changedFiles: ["package.json", "src/q.ts"],
      migrated: [{ file: "src/q.ts", line: 3, service: "storage-queue", client: "QueueServiceClient", from: "connection-string", to: "token" }],
      skipped: [{ file: "src/q.ts", line: 4, service: "storage-queue", reason: "from-env" }],
      dependencies: { added: ["@azure/identity"] },
    });
  });

  it("--write refuses a dirty git tree unless --allow-dirty, then writes atomically keeping mode and BOM", async () => {
    const dir = workDir(
      { "package.json": pkg({ "@azure/service-bus": "^7.9.5" }), "src/bus.ts": `\uFEFFimport { ServiceBusClient } from "@azure/service-bus";\n\nexport const bus = new ServiceBusClient("Endpoint=sb://contoso-t.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${fakeKey(32)}");\n` },
      { git: true },
    );
    chmodSync(path.join(dir, "src/bus.ts"), 0o640);
    writeFileSync(path.join(dir, "package.json"), `${readFileSync(path.join(dir, "package.json"), "utf8")}\n`);
    const refused = await cli([".", "--write"], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes/u);
    expect(readFileSync(path.join(dir, "src/bus.ts"), "utf8")).toContain("SharedAccessKey=");

    const written = await cli([".", "--write", "--allow-dirty"], dir);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain("Wrote 2 files.");
    const text = readFileSync(path.join(dir, "src/bus.ts"), "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text).toContain('new ServiceBusClient("contoso-t.servicebus.windows.net", credential)');
    expect(statSync(path.join(dir, "src/bus.ts")).mode & 0o777).toBe(0o640);
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"))).toMatchObject({ dependencies: { "@azure/identity": "^4.13.1" } });
    // A second run has nothing left to do.
    const again = await cli([".", "--format", "json"], dir);
    expect(JSON.parse(again.stdout)).toMatchObject({ changedFiles: [], migrated: [], skipped: [] });
  });

  it("says so when there is no package.json to add @azure/identity to", async () => {
    const dir = workDir({
      "package.json": pkg({ "@azure/identity": "^4.13.1", "@azure/keyvault-secrets": "^4.11.2" }),
      "src/kv.ts": `import { SecretClient } from "@azure/keyvault-secrets";\nimport { ClientSecretCredential } from "@azure/identity";\n\nexport const s = new SecretClient("https://kv-t.vault.azure.net", new ClientSecretCredential("t", "c", "${fakeKey(30)}"));\n`,
    });
    const result = await migrateProject({ root: dir });
    expect(result.migrated).toHaveLength(1);
    expect(result.dependencies.added).toEqual([]);
    const none = await migrateProject({ root: workDir({ "src/b.ts": `import { BlobServiceClient } from "@azure/storage-blob";\n\nexport const b = BlobServiceClient.fromConnectionString("${storageConnectionString()}");\n` }, { git: true }) });
    expect(none.dependencies.added).toEqual(["@azure/identity"]);
    expect(none.notes).toContain("no package.json found: add @azure/identity to the project's dependencies");
  });

  it("usage errors exit 2", async () => {
    await expect(cli(["--identity", "robot"], REPO_ROOT)).rejects.toThrow(/--identity must be one of system, user/u);
    await expect(cli(["a", "b"], REPO_ROOT)).rejects.toThrow(/one directory/u);
    await expect(cli(["--endpoints", "both"], REPO_ROOT)).rejects.toThrow(/--endpoints/u);
    const missing = await cli(["does-not-exist-dir"], REPO_ROOT);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such directory/u);
    const help = await cli(["--help"], REPO_ROOT);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--endpoints literal|env");
  });

  it("draws a progress bar on a terminal for larger projects", async () => {
    const files: Record<string, string> = { "package.json": pkg({}) };
    for (let i = 0; i < 60; i++) files[`src/m${String(i)}.ts`] = `export const v${String(i)} = ${String(i)};\n`;
    const run = await cli([workDir(files)], REPO_ROOT, true);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("keyless migrate [");
    expect(run.stderr).toContain("60/60 files");
  });
});

describe("fixtures/sample-app", () => {
  it("ends the text summary with the roles the identity needs (the role table of keyless report)", async () => {
    const dry = await cli(["fixtures/sample-app"], REPO_ROOT);
    expect(dry.code).toBe(0);
    const tail = dry.stdout.slice(dry.stdout.indexOf("Roles the app's identity needs"));
    expect(tail).toMatch(/storage-blob +contosoordersdemo +Storage Blob Data Contributor/u);
    expect(tail).toMatch(/service-bus +contoso-orders-demo +Azure Service Bus Data Sender/u);
    expect(tail).toMatch(/openai +contoso-orders-demo +Cognitive Services OpenAI User/u);
  });

  it("migrates cleanly: every client, no secret left, type-checks, and a second run changes nothing", async () => {
    const dry = await cli(["fixtures/sample-app", "--format", "json"], REPO_ROOT);
    expect(dry.code).toBe(0);
    const json = JSON.parse(dry.stdout) as { migrated: { client: string }[]; skipped: unknown[] };
    expect(json.migrated.map((m) => m.client).sort()).toEqual(["AzureOpenAI", "BlobServiceClient", "CosmosClient", "QueueServiceClient", "SecretClient", "ServiceBusClient"]);
    expect(json.skipped).toEqual([]);

    const copy = path.join(TMP, "sample-app");
    cpSync(path.join(REPO_ROOT, "fixtures/sample-app"), copy, { recursive: true });
    const written = await cli([copy, "--write"], REPO_ROOT);
    expect(written.code).toBe(0);
    const config = readFileSync(path.join(copy, "src/config.ts"), "utf8");
    expect(config).not.toMatch(/AccountKey|SharedAccessKey|cosmosKey|clientSecret|openAiKey/u);
    expect(typecheck([copy])).toEqual(new Map());
    const again = await migrateProject({ root: copy });
    expect(again.changes).toEqual([]);
  }, 120_000);
});

describe("pieces", () => {
  it("unifiedDiff writes git-style hunks", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].join("\n") + "\n";
    const after = ["a", "b", "c", "D", "e", "f", "g", "h", "i", "j", "k"].join("\n") + "\n";
    // What GNU `diff -u` prints for the same pair: changes 6 lines apart share a hunk, 8 apart do not.
    expect(unifiedDiff("x.ts", before, after)).toBe(["--- a/x.ts", "+++ b/x.ts", "@@ -1,10 +1,11 @@", " a", " b", " c", "-d", "+D", " e", " f", " g", " h", " i", " j", "+k", ""].join("\n"));
    const long = "abcdefghijklm".split("").join("\n") + "\n";
    expect(unifiedDiff("y.ts", long, long.replace("b\n", "B\n").replace("m\n", "M\n"))).toBe(
      ["--- a/y.ts", "+++ b/y.ts", "@@ -1,5 +1,5 @@", " a", "-b", "+B", " c", " d", " e", "@@ -10,4 +10,4 @@", " j", " k", " l", "-m", "+M", ""].join("\n"),
    );
    expect(unifiedDiff("x.ts", "same\n", "same\n")).toBe("");
  });

  it("addDependencies keeps indentation, sorted order and the final newline", () => {
    const text = '{\n    "name": "x",\n    "dependencies": {\n        "@azure/storage-blob": "^12.0.0",\n        "zod": "^3.0.0"\n    }\n}\n';
    expect(addDependencies(text, { "@azure/identity": "^4.13.1" })).toBe('{\n    "name": "x",\n    "dependencies": {\n        "@azure/identity": "^4.13.1",\n        "@azure/storage-blob": "^12.0.0",\n        "zod": "^3.0.0"\n    }\n}\n');
    const none = addDependencies('{\n  "name": "x",\n  "devDependencies": {}\n}', { "@azure/identity": "^4.13.1" });
    expect(JSON.parse(none)).toEqual({ name: "x", dependencies: { "@azure/identity": "^4.13.1" }, devDependencies: {} });
    expect(Object.keys(JSON.parse(none) as object)).toEqual(["name", "dependencies", "devDependencies"]);
  });

  it("writeAtomically leaves no temporary file behind", async () => {
    const dir = workDir({ "a.txt": "one\r\n" });
    await writeAtomically(path.join(dir, "a.txt"), "two\r\n");
    expect(readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("two\r\n");
    expect(existsSync(dir) && execFileSync("ls", ["-a", dir], { encoding: "utf8" }).includes(".tmp")).toBe(false);
  });

  it("the expected outputs are real TypeScript (the type-check helper reports errors)", () => {
    const dir = workDir({ "bad.ts": 'import { BlobServiceClient } from "@azure/storage-blob";\nexport const c: number = new BlobServiceClient("https://a.blob.core.windows.net");\n' });
    const found = [...typecheck([dir]).values()].flat();
    expect(found.some((d) => d.startsWith("TS2322"))).toBe(true);
  });
});
