import { execFile, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDiagnostics, parseSourceFile } from "../../src/analysis/program.js";
import { typecheck } from "../codemods/cases.js";
import { builtCli } from "../cli/run.js";
import { REPO_ROOT } from "../helpers/shared.js";
import { generateProgram, type GeneratedProgram } from "./program-generator.js";
import { entraSecret, inBatches, Prng, runCli, runInProcess, type CliRun } from "./support.js";

/**
 * No lost code: `keyless migrate --write`, run as users run it (the built CLI, on git repositories of their own),
 * writes nothing outside the directory it is given, keeps modes, line endings and byte-order marks, replaces every
 * file atomically (a process killed between files or in the middle of a write leaves each file old or new, never
 * partial), and turns generated programs mixing every input form into code that parses, type-checks no worse, and
 * that a second run leaves alone.
 *
 * Projects live under .tmp/ in the repository, so that the installed @azure typings resolve: the runner writes
 * nothing that would type-check worse, and without typings it would write nothing at all.
 */

const WORK = path.join(REPO_ROOT, ".tmp", `no-lost-code-${String(process.pid)}`);
const rng = new Prng(0x6c6f7374); // "lost"
const storageKey = (): string => rng.bytes(64).toString("base64");
const storageConnectionString = (account: string): string => `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${storageKey()};EndpointSuffix=core.windows.net`;
const busConnectionString = (namespace: string): string => `Endpoint=sb://${namespace}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${rng.bytes(32).toString("base64")}`;
const isRoot = process.getuid?.() === 0;

const VERSIONS = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies;
const packageJson = (deps: readonly string[], eol = "\n"): string =>
  `${JSON.stringify({ name: "lost", private: true, type: "module", dependencies: Object.fromEntries(deps.map((d) => [d, VERSIONS[d] ?? "*"])) }, null, 2)}\n`.replace(/\n/gu, eol);

/** A module with one key-based client, in the form the name says. */
function blobModule(account: string): string {
  return `import { BlobServiceClient } from "@azure/storage-blob";\n\nconst connectionString = "${storageConnectionString(account)}";\n\nexport const blobs = BlobServiceClient.fromConnectionString(connectionString);\n`;
}
function busModule(namespace: string): string {
  return `import { ServiceBusClient } from "@azure/service-bus";\n\nexport const bus = new ServiceBusClient("${busConnectionString(namespace)}");\nexport const sender = bus.createSender("orders");\n`;
}
function vaultModule(): string {
  return `import { ClientSecretCredential } from "@azure/identity";\nimport { SecretClient } from "@azure/keyvault-secrets";\n\nconst credential = new ClientSecretCredential("7f2c8a51-0d4e-4c1b-9a63-2b8e5f9d1c04", "3d9b1e77-58a2-4f0c-b6d1-9e4a2c7f8b35", "${entraSecret(rng)}");\n\nexport const secrets = new SecretClient("https://contoso-lost.vault.azure.net", credential);\n`;
}

let counter = 0;
/** A folder under WORK with these files (a Buffer is written as it is). */
function tree(files: Readonly<Record<string, string | Buffer>>, into = path.join(WORK, `p${String(counter++)}`)): string {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(into, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return into;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "core.autocrlf=false", ...args], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}
/** Makes `dir` a git repository with everything committed: `--write` then runs without `--allow-dirty`. */
function commitAll(dir: string): string {
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "init");
  return dir;
}

/** What must not change about a file: its bytes, its mode and its modification time. */
interface FileState {
  readonly bytes: Buffer;
  readonly mode: number;
  readonly mtimeMs: number;
}
function state(file: string): FileState {
  const info = statSync(file);
  return { bytes: readFileSync(file), mode: info.mode & 0o7777, mtimeMs: info.mtimeMs };
}

/** Every entry under `dir` (`.git` aside) by relative path: regular files by content, links by target, folders as such. */
function listing(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const name = path.relative(dir, full).split(path.sep).join("/");
      if (entry.isSymbolicLink()) out.set(name, `link → ${readlinkSync(full)}`);
      else if (entry.isDirectory()) {
        if (entry.name === ".git") continue;
        out.set(name, "folder");
        walk(full);
      } else out.set(name, `file ${readFileSync(full).toString("base64")}`);
    }
  };
  walk(dir);
  return out;
}

interface MigrateJson {
  readonly write: boolean;
  readonly changedFiles: readonly string[];
  readonly migrated: readonly { readonly file: string }[];
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly notes: readonly string[];
  readonly errors: readonly { readonly file: string; readonly message: string }[];
}

async function migrate(dir: string, args: readonly string[] = ["--write"], env: NodeJS.ProcessEnv = {}): Promise<{ run: CliRun; json: MigrateJson | undefined }> {
  const run = await runCli(["migrate", ".", "--format", "json", ...args], { cwd: dir, env, limitMs: 60_000 });
  let json: MigrateJson | undefined;
  try {
    json = JSON.parse(run.stdout) as MigrateJson;
  } catch {
    json = undefined;
  }
  return { run, json };
}

/** The CLI is built from dist/: rebuilt when codemods/ is newer (test/cli/run.ts watches src/ and rules/ only). */
async function builtWithCodemods(): Promise<void> {
  await builtCli();
  const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
  const built = path.join(REPO_ROOT, "dist/codemods/runner.js");
  if (!existsSync(built) || statSync(built).mtimeMs < newest(path.join(REPO_ROOT, "codemods"))) {
    await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO_ROOT }).catch(() => undefined);
  }
  expect(readFileSync(built, "utf8"), "dist/ is older than codemods/: run npm run build").toContain("KEYLESS_FAULT_AFTER_WRITES");
}

beforeAll(async () => {
  mkdirSync(WORK, { recursive: true });
  await builtWithCodemods();
});
afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------

describe("migrate --write stays inside the project root", () => {
  it("never writes what a tsconfig include, a path alias, a ../ import or a symbolic link reaches outside it", async () => {
    const base = path.join(WORK, `p${String(counter++)}`);
    // Outside the root: a file the tsconfig includes, a config module reached by ../ and by a path alias, and the
    // targets of a link to a file and of a link to a folder. Each holds a key-based client or the key one reads.
    tree(
      {
        "outside.ts": blobModule("contosoout"),
        "shared/config.ts": `export const storageConnectionString = "${storageConnectionString("contosocfg")}";\nexport const aliasConnectionString = "${storageConnectionString("contosoalias")}";\n`,
        "shared/linked.ts": blobModule("contosolink"),
        "shared/lib/in-linked-folder.ts": busModule("contoso-linkdir"),
      },
      base,
    );
    const root = tree(
      {
        "package.json": packageJson(["@azure/storage-blob", "@azure/service-bus"]),
        "tsconfig.json": `${JSON.stringify({
          compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, paths: { "@shared/*": ["../shared/*"] } },
          include: ["src/**/*", "../outside.ts", "../shared/config.ts"],
        })}\n`,
        "src/inside.ts": blobModule("contosoin"),
        "src/reads-outside.ts": `import { BlobServiceClient } from "@azure/storage-blob";\nimport { storageConnectionString } from "../../shared/config.js";\n\nexport const viaRelative = BlobServiceClient.fromConnectionString(storageConnectionString);\n`,
        "src/reads-alias.ts": `import { BlobServiceClient } from "@azure/storage-blob";\nimport { aliasConnectionString } from "@shared/config.js";\n\nexport const viaAlias = BlobServiceClient.fromConnectionString(aliasConnectionString);\n`,
      },
      path.join(base, "root"),
    );
    symlinkSync("../../shared/linked.ts", path.join(root, "src/link.ts"));
    symlinkSync("../../shared/lib", path.join(root, "src/linked-folder"));
    commitAll(root);

    const outsideFiles = ["outside.ts", "shared/config.ts", "shared/linked.ts", "shared/lib/in-linked-folder.ts"].map((f) => path.join(base, f));
    const before = new Map(outsideFiles.map((f) => [f, state(f)]));
    const outsideListing = [...listing(base)].filter(([name]) => !name.startsWith("root/") && name !== "root");

    const { run, json } = await migrate(root);
    expect(json, run.stderr).toBeDefined();
    expect(json?.errors).toEqual([]);
    expect([0, 1]).toContain(run.code);
    // The run did write: the client under root was migrated.
    expect(json?.changedFiles).toContain("src/inside.ts");
    expect(readFileSync(path.join(root, "src/inside.ts"), "utf8")).toContain("new BlobServiceClient(\"https://contosoin.blob.core.windows.net\", credential)");
    for (const file of json?.changedFiles ?? []) expect(file, "a changed file outside the root").not.toMatch(/^\.\.\/|^src\/link/u);
    // Nothing outside changed: bytes, mode, modification time; no file was added or removed there.
    for (const [file, old] of before) {
      const now = state(file);
      expect(now.bytes.equals(old.bytes), `${path.relative(base, file)} was rewritten`).toBe(true);
      expect(now.mtimeMs, `${path.relative(base, file)} was touched`).toBe(old.mtimeMs);
      expect(now.mode).toBe(old.mode);
    }
    expect([...listing(base)].filter(([name]) => !name.startsWith("root/") && name !== "root")).toEqual(outsideListing);
    // The links are still links, to the same places, and the run said why it left what they lead to.
    expect(lstatSync(path.join(root, "src/link.ts")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(root, "src/link.ts"))).toBe("../../shared/linked.ts");
    expect(lstatSync(path.join(root, "src/linked-folder")).isSymbolicLink()).toBe(true);
    expect(json?.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/link\.ts leads to .*shared\/linked\.ts, outside .*root: not migrated/u),
        expect.stringMatching(/^src\/linked-folder\/in-linked-folder\.ts leads to .*shared\/lib\/in-linked-folder\.ts, outside .*root: not migrated/u),
      ]),
    );
  });

  it("does not write a package.json above the root: a note says what to add", async () => {
    const repo = tree({ "package.json": packageJson(["@azure/storage-blob"]), "services/api/src/blobs.ts": blobModule("contosoapi") });
    commitAll(repo);
    const pkg = state(path.join(repo, "package.json"));
    const { run, json } = await migrate(path.join(repo, "services/api"));
    expect(run.code, run.stderr).toBe(0);
    expect(json?.changedFiles).toEqual(["src/blobs.ts"]);
    expect(json?.notes).toContain(`../../package.json is outside ${path.join(repo, "services/api")}: add @azure/identity to its dependencies (keyless migrate writes only under the directory it is given)`);
    const now = state(path.join(repo, "package.json"));
    expect(now.bytes.equals(pkg.bytes)).toBe(true);
    expect(now.mtimeMs).toBe(pkg.mtimeMs);
  });

  it("writes a file under the root reached through a link under the root once, and the link stays a link", async () => {
    const root = tree({
      "package.json": packageJson(["@azure/storage-blob", "@azure/identity"]),
      "tsconfig.json": `${JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true }, include: ["src/**/*"] })}\n`,
      "src/real.ts": blobModule("contosoreal"),
    });
    symlinkSync("real.ts", path.join(root, "src/alias.ts"));
    commitAll(root);
    const { run, json } = await migrate(root);
    expect(run.code, run.stderr).toBe(0);
    expect(json?.changedFiles).toEqual(["src/real.ts"]);
    expect(lstatSync(path.join(root, "src/alias.ts")).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(root, "src/alias.ts"), "utf8")).toContain("credential");
  });

  it("refuses a dirty tree and writes nothing", async () => {
    const root = commitAll(tree({ "package.json": packageJson(["@azure/storage-blob"]), "src/a.ts": blobModule("contosodirty"), "src/b.ts": "export const b = 1;\n" }));
    writeFileSync(path.join(root, "src/b.ts"), "export const b = 2;\n");
    const before = listing(root);
    const { run } = await migrate(root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/uncommitted changes/u);
    expect(listing(root)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("migrate --write keeps what it does not mean to change", () => {
  it("file modes, line endings (CRLF, LF) and byte-order marks, byte for byte", async () => {
    const files = {
      "package.json": packageJson(["@azure/storage-blob", "@azure/service-bus", "@azure/keyvault-secrets"], "\r\n"),
      "src/lf.ts": blobModule("contosolf"),
      "src/crlf.ts": busModule("contoso-crlf").replace(/\n/gu, "\r\n"),
      "src/bom.ts": `\uFEFF${blobModule("contosobom")}`,
      "src/bom-crlf.ts": `\uFEFF${vaultModule().replace(/\n/gu, "\r\n")}`,
      "src/config.ts": `// settings\r\nexport const connection = "${storageConnectionString("contosocfgcrlf")}";\r\nexport const container = "reports";\r\n`,
      "src/reader.ts": `import { ContainerClient } from "@azure/storage-blob";\nimport { connection, container } from "./config.js";\n\nexport const reports = new ContainerClient(connection, container);\n`,
      "bin/tool.ts": `#!/usr/bin/env node\n${blobModule("contosobin")}`,
    };
    const modes: Record<string, number> = { "src/lf.ts": 0o644, "src/crlf.ts": 0o755, "src/bom.ts": 0o600, "src/bom-crlf.ts": 0o640, "src/config.ts": 0o664, "src/reader.ts": 0o444, "bin/tool.ts": 0o750, "package.json": 0o644 };
    const root = tree(files);
    for (const [file, mode] of Object.entries(modes)) chmodSync(path.join(root, file), mode);
    commitAll(root);
    const { run, json } = await migrate(root);
    expect(run.code, run.stderr).toBe(0);
    // Every file took part: none is left as it was.
    expect([...(json?.changedFiles ?? [])].sort()).toEqual(Object.keys(files).sort());
    for (const [file, original] of Object.entries(files)) {
      const bytes = readFileSync(path.join(root, file));
      const crlf = original.includes("\r\n");
      const bom = original.startsWith("\uFEFF");
      expect(statSync(path.join(root, file)).mode & 0o7777, `${file}: mode`).toBe(modes[file]);
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), `${file}: byte-order mark`).toBe(bom);
      expect(bytes.subarray(3, 6).equals(Buffer.from([0xef, 0xbb, 0xbf])), `${file}: a second byte-order mark`).toBe(false);
      let lf = 0;
      let crlfs = 0;
      let cr = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0x0a) {
          lf++;
          if (bytes[i - 1] === 0x0d) crlfs++;
        }
        if (bytes[i] === 0x0d) cr++;
      }
      if (crlf) {
        expect(crlfs, `${file}: a line ending in LF alone`).toBe(lf);
        expect(cr, `${file}: a CR not followed by LF`).toBe(crlfs);
      } else {
        expect(cr, `${file}: a CR in an LF file`).toBe(0);
      }
    }
    expect(readFileSync(path.join(root, "bin/tool.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it.runIf(isRoot)("the owner of a file written as root", async () => {
    const root = commitAll(tree({ "package.json": packageJson(["@azure/storage-blob", "@azure/identity"]), "src/owned.ts": blobModule("contosoowned") }));
    chownSync(path.join(root, "src/owned.ts"), 65534, 65534);
    const { run, json } = await migrate(root);
    expect(run.code, run.stderr).toBe(0);
    expect(json?.changedFiles).toEqual(["src/owned.ts"]);
    const info = statSync(path.join(root, "src/owned.ts"));
    expect([info.uid, info.gid]).toEqual([65534, 65534]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** A temporary copy the runner writes before its rename: hidden, and with an extension no tool reads as source. */
const TEMPORARY = /^\..+\.keyless-\d+-[\da-f]{8}\.tmp$/u;
const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|json)$/u;

/** Each file old or new; what else is there must be a temporary copy. */
function verifyOldOrNew(dir: string, original: ReadonlyMap<string, string>, migrated: ReadonlyMap<string, string>, label: string): { fresh: number; temporary: string[] } {
  const now = listing(dir);
  let fresh = 0;
  const temporary: string[] = [];
  for (const [name, entry] of now) {
    if (entry === "folder") continue;
    const old = original.get(name);
    const next = migrated.get(name);
    if (old === undefined) {
      expect(path.basename(name), `${label}: ${name} is neither a project file nor a temporary copy`).toMatch(TEMPORARY);
      expect(path.basename(name), `${label}: ${name} looks like source`).not.toMatch(SOURCE_EXTENSIONS);
      temporary.push(name);
      continue;
    }
    const which = entry === old ? "old" : entry === next ? "new" : "partial";
    expect(which, `${label}: ${name} is neither its old nor its migrated self`).not.toBe("partial");
    if (which === "new" && old !== next) fresh++;
  }
  for (const name of original.keys()) expect(now.has(name), `${label}: ${name} is gone`).toBe(true);
  return { fresh, temporary };
}

describe("migrate --write is atomic per file", () => {
  /** Five independent changes: four modules, each with its own clients, and package.json. */
  let project: string;
  let original: Map<string, string>;
  let migrated: Map<string, string>;
  let changes: number;
  /** the folder of each kill, by the number of writes it came after */
  const killed = new Map<number, string>();

  beforeAll(async () => {
    project = commitAll(
      tree({
        "package.json": packageJson(["@azure/storage-blob", "@azure/service-bus", "@azure/keyvault-secrets"]),
        "src/a-blobs.ts": blobModule("contosoatomica"),
        "src/b-bus.ts": busModule("contoso-atomic-b"),
        "src/c-vault.ts": vaultModule(),
        "src/d-blobs.ts": blobModule("contosoatomicd").replace(/\n/gu, "\r\n"),
      }),
    );
    original = listing(project);
    const clean = path.join(WORK, `p${String(counter++)}`);
    cpSync(project, clean, { recursive: true });
    const { run, json } = await migrate(clean);
    expect(run.code, run.stderr).toBe(0);
    changes = json?.changedFiles.length ?? 0;
    expect(changes).toBe(5);
    migrated = listing(clean);
  });

  it("a kill after 1, 2, 3, 4 files, or halfway through the first, third or last, leaves each file old or new, exactly as many new as written", async () => {
    const points = [0.5, 1, 2, 2.5, 3, 4, 4.5];
    expect(changes - 0.5).toBe(points.at(-1));
    const results = await inBatches(points, 2, async (at) => {
      const dir = path.join(WORK, `p${String(counter++)}`);
      cpSync(project, dir, { recursive: true });
      const { run } = await migrate(dir, ["--write"], { KEYLESS_FAULT_AFTER_WRITES: String(at) });
      return { at, dir, run };
    });
    for (const { at, dir, run } of results) {
      killed.set(at, dir);
      const label = `killed after ${String(at)} writes`;
      expect(run.signal, `${label}: ${run.stderr}`).toBe("SIGKILL");
      const { fresh, temporary } = verifyOldOrNew(dir, original, migrated, label);
      expect(fresh, label).toBe(Math.floor(at));
      // Halfway through a file, its complete temporary copy is there; between files, none.
      expect(temporary.length, label).toBe(Number.isInteger(at) ? 0 : 1);
    }
  }, 180_000);

  it("after a kill, --write refuses the now dirty tree; --allow-dirty finishes the job and removes the temporary copy", async () => {
    const dir = killed.get(2.5);
    expect(dir, "the kill halfway through the third file ran").toBeDefined();
    if (dir === undefined) return;
    const afterKill = listing(dir);
    expect([...afterKill.keys()].filter((n) => TEMPORARY.test(path.basename(n)))).toHaveLength(1);

    const refused = await migrate(dir);
    expect(refused.run.code).toBe(2);
    expect(refused.run.stderr).toMatch(/uncommitted changes/u);
    expect(listing(dir)).toEqual(afterKill);

    const resumed = await migrate(dir, ["--write", "--allow-dirty"]);
    expect(resumed.run.code, resumed.run.stderr).toBe(0);
    expect(resumed.json?.notes).toContain("removed 1 temporary file left by an interrupted keyless migrate --write");
    expect(listing(dir)).toEqual(migrated);
  }, 120_000);

  it("a SIGKILL at a random moment while large files are written leaves each file old or new", async () => {
    // Eight files of about 900 KB (under the 1 MiB the runner reads), so that writing them takes a while.
    const files: Record<string, string> = { "package.json": packageJson(["@azure/storage-blob", "@azure/service-bus"]) };
    const filler = (n: number): string => Array.from({ length: n }, (_, k) => `// ${String(k).padStart(6, "0")} ${"lorem ipsum dolor sit amet consectetur ".repeat(2)}`).join("\n");
    for (let f = 0; f < 8; f++) files[`src/large-${String(f)}.ts`] = `${f % 2 === 0 ? blobModule(`contosolarge${String(f)}`) : busModule(`contoso-large-${String(f)}`)}${filler(10_500)}\n`;
    const large = commitAll(tree(files));
    const before = listing(large);
    const clean = path.join(WORK, `p${String(counter++)}`);
    cpSync(large, clean, { recursive: true });
    const cleanRun = await migrate(clean);
    expect(cleanRun.run.code, cleanRun.run.stderr).toBe(0);
    expect(cleanRun.json?.changedFiles).toHaveLength(9);
    const after = listing(clean);

    const seed = Number(process.env.KEYLESS_KILL_SEED ?? 0x6b696c6c);
    const timing = new Prng(seed);
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const dir = path.join(WORK, `p${String(counter++)}`);
      cpSync(large, dir, { recursive: true });
      const delay = timing.int(25);
      const run = await killDuringWrite(dir, ["src", "."], delay);
      const label = `kill ${String(delay)} ms after the first write began (seed ${String(seed)}, attempt ${String(attempt)})`;
      const { fresh, temporary } = verifyOldOrNew(dir, before, after, label);
      outcomes.push(`${run.signal ?? `exit ${String(run.code)}`}: ${String(fresh)} of 9 written, ${String(temporary.length)} temporary`);
    }
    // The kills must land while files are written, or this proves nothing.
    expect(outcomes.filter((o) => o.startsWith("SIGKILL")).length, outcomes.join("; ")).toBeGreaterThan(0);
  }, 240_000);
});

/** `keyless migrate . --write`, killed `delay` ms after the first file system event in `watched`. */
async function killDuringWrite(dir: string, watched: readonly string[], delay: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const cli = await builtCli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", ".", "--write", "--format", "json"], { cwd: dir, stdio: "ignore" });
    const watchers: FSWatcher[] = [];
    let armed = false;
    const arm = (): void => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill("SIGKILL"), delay);
    };
    for (const sub of watched) watchers.push(watch(path.join(dir, sub), arm));
    const limit = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(limit);
      for (const w of watchers) w.close();
      resolve({ code, signal });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

describe("fuzz: generated programs mixing the migration's input forms", () => {
  const PROGRAMS = Number(process.env.KEYLESS_FUZZ_PROGRAMS ?? 60);
  const SEED = Number(process.env.KEYLESS_FUZZ_SEED ?? 20_240_801);

  it(`${String(PROGRAMS)} programs from seed ${String(SEED)}: every output parses, type-checks no worse, and a second run changes nothing`, async () => {
    const programs: GeneratedProgram[] = Array.from({ length: PROGRAMS }, (_, k) => generateProgram(SEED + k, VERSIONS));
    const inputs = path.join(WORK, "fuzz-input");
    const outputs = path.join(WORK, "fuzz-output");
    const problems: string[] = [];
    const reproduce = (p: GeneratedProgram): string => `program seed ${String(p.seed)} (KEYLESS_FUZZ_SEED=${String(p.seed)} KEYLESS_FUZZ_PROGRAMS=1), flags [${p.flags.join(" ")}]; forms: ${p.forms.join("; ")}`;
    let migratedClients = 0;
    for (const program of programs) {
      tree(program.files, path.join(inputs, String(program.seed)));
      const dir = tree(program.files, path.join(outputs, String(program.seed)));
      // A repository of its own: the repository's .gitignore lists .tmp/, which would hide every file.
      git(dir, "init", "-q");
      const first = await runInProcess(["migrate", ".", "--write", "--allow-dirty", "--format", "json", ...program.flags], { cwd: dir });
      const json = JSON.parse(first.stdout || "null") as MigrateJson | null;
      if (json === null || ![0, 1].includes(first.code ?? -1) || json.errors.length > 0) {
        problems.push(`${reproduce(program)}: exit ${String(first.code)}, errors ${JSON.stringify(json?.errors)}, stderr ${first.stderr.slice(0, 300)}`);
        continue;
      }
      migratedClients += json.migrated.length;
      const second = await runInProcess(["migrate", ".", "--format", "json", ...program.flags], { cwd: dir });
      const again = JSON.parse(second.stdout || "null") as MigrateJson | null;
      if (again === null || again.changedFiles.length > 0 || again.migrated.length > 0) {
        problems.push(`${reproduce(program)}: a second run changes ${JSON.stringify(again?.changedFiles)}`);
      }
      for (const file of Object.keys(program.files).filter((f) => /\.[cm]?[jt]s$/u.test(f))) {
        const text = readFileSync(path.join(dir, file), "utf8");
        const errors = parseDiagnostics(parseSourceFile(file, text));
        if (errors.length > 0) problems.push(`${reproduce(program)}: ${file} does not parse (${ts.flattenDiagnosticMessageText(errors[0]?.messageText, " ").slice(0, 80)})`);
      }
    }
    // One program per side over every folder: diagnostics per file, as the fixtures' expected trees are checked.
    const count = (diagnostics: Map<string, string[]>, root: string): Map<string, string[]> =>
      new Map([...diagnostics].filter(([file]) => file.startsWith(root)).map(([file, list]) => [path.relative(root, file), list]));
    const before = count(typecheck(programs.map((p) => path.join(inputs, String(p.seed)))), inputs);
    const after = count(typecheck(programs.map((p) => path.join(outputs, String(p.seed)))), outputs);
    for (const [file, list] of after) {
      const was = before.get(file) ?? [];
      if (list.length > was.length) {
        const program = programs.find((p) => file.startsWith(`${String(p.seed)}${path.sep}`));
        // Codes and lines only: a message could quote a literal type, and so key material.
        const codes = (l: readonly string[]): string => l.map((d) => d.split(" ")[0]).join(", ");
        problems.push(`${program ? reproduce(program) : file}: ${file} type-checks worse (${codes(was) || "clean"} → ${codes(list)})`);
      }
    }
    expect(problems).toEqual([]);
    // The generator exercises the migration: most programs have clients it rewrites.
    expect(migratedClients).toBeGreaterThan(PROGRAMS);
  }, 120_000);
});
