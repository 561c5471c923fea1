import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import AjvDraft04 from "ajv-draft-04";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryFinding, HistoryResult } from "../../src/scan/types.js";
import { builtCli, fakeKey, keyless, scanJson, storageConnectionString, tempDir, writeFiles, type Run } from "../cli/run.js";

const exec = promisify(execFile);

// git, both the test's and keyless's own (run in this process), isolated from the machine's configuration.
const home = tempDir("history-home");
const savedEnv = { HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
process.env.HOME = home.dir;
process.env.GIT_CONFIG_NOSYSTEM = "1";
afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  home.remove();
});

let clock = Date.parse("2024-05-01T10:00:00Z") / 1000;

/** git as a test user, each commit a minute after the last so the walk's order is the order they were made in. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  clock += 60;
  const date = `${String(clock)} +0000`;
  const { stdout } = await exec("git", ["-c", "user.name=Keyless Test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

async function commit(cwd: string, message: string): Promise<string> {
  await git(cwd, "add", "-A");
  await git(cwd, "commit", "-q", "--allow-empty", "-m", message);
  return git(cwd, "rev-parse", "HEAD");
}

async function history(cwd: string, ...args: string[]): Promise<{ code: number; result: HistoryResult; stderr: string }> {
  const run = await keyless(["scan", "--history", "--format", "json", ...args], { cwd });
  return { code: run.code, result: JSON.parse(run.stdout) as HistoryResult, stderr: run.stderr };
}

/** No run of 8 characters of the key material anywhere in the output. */
function expectNoPieceOf(secret: string, output: string): void {
  for (let i = 0; i + 8 <= secret.length; i++) expect(output, `8 characters of the secret at ${String(i)}`).not.toContain(secret.slice(i, i + 8));
}

function sarifSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@microsoft/jest-sarif/package.json"));
  return JSON.parse(readFileSync(path.join(dir, "lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as Record<string, unknown>;
}

describe("keyless scan --history: a connection string added in one commit and removed in the next", () => {
  const repo = tempDir("history");
  const key = fakeKey();
  const cs = storageConnectionString(key);
  let added: string;
  let removed: string;
  const runs: Run[] = [];
  beforeAll(async () => {
    await git(repo.dir, "init", "-q");
    await writeFiles(repo.dir, {
      "README.md": "# demo\n",
      "src/storage.ts": `import { BlobServiceClient } from "@azure/storage-blob";\n\nexport const client = BlobServiceClient.fromConnectionString("${cs}");\n`,
    });
    // The subject holds the secret too, as a careless commit message might.
    added = await commit(repo.dir, `Add storage client (${cs})`);
    await writeFiles(repo.dir, {
      "src/storage.ts": `import { BlobServiceClient } from "@azure/storage-blob";\n\nexport const client = BlobServiceClient.fromConnectionString(process.env.STORAGE ?? "");\n`,
    });
    removed = await commit(repo.dir, "Read the connection string from the environment");
  });
  afterAll(() => {
    repo.remove();
  });

  it("is invisible to a working-tree scan: the tree is clean", async () => {
    const r = await scanJson([], repo.dir);
    expect(r.code).toBe(0);
    expect(r.result.findings).toEqual([]);
  });

  it("is found in the history, with the commit that added it and the one that removed it", async () => {
    const r = await history(repo.dir);
    runs.push({ code: r.code, stdout: JSON.stringify(r.result), stderr: r.stderr });
    expect(r.code).toBe(1);
    expect(r.result.findings).toHaveLength(1);
    const f = r.result.findings[0] as HistoryFinding;
    expect(f).toMatchObject({
      ruleId: "keyless/no-hardcoded-connection-string",
      kind: "azure-storage-connection-string",
      file: "src/storage.ts",
      line: 3,
      secret: { redacted: "Defa…(186)", fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{16}$/u) as unknown },
    });
    expect(f.history).toEqual({
      firstCommit: { sha: added, date: expect.stringMatching(/^2024-05-01T/u) as unknown, subject: expect.stringMatching(/^Add storage client \(Defa…\(186\) sha256:[0-9a-f]{8}\)$/u) as unknown },
      commits: 1,
      presentAtHead: false,
      removedIn: { sha: removed, date: expect.any(String) as unknown },
    });
    expect(r.result.history).toMatchObject({ revisions: ["HEAD"], head: removed, shallow: false, commits: 2, changes: 2, notes: [] });
    expect(r.result.stats.files).toBe(1);
  });

  it("reads the same fingerprint as a working-tree scan of the commit that added it", async () => {
    await git(repo.dir, "checkout", "-q", added);
    try {
      const now = await scanJson([], repo.dir);
      const then = await history(repo.dir, "--history=" + removed);
      expect(then.result.findings.map((f) => [f.file, f.line, f.column, f.secret?.fingerprint])).toEqual(now.result.findings.map((f) => [f.file, f.line, f.column, f.secret?.fingerprint]));
    } finally {
      await git(repo.dir, "checkout", "-q", "main");
    }
  });

  it("says in stylish output where the secret came and went, and that it must be rotated", async () => {
    const r = await keyless(["scan", "--history"], { cwd: repo.dir });
    runs.push(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("src/storage.ts");
    expect(r.stdout).toMatch(/3:\d+ +error +Hard-coded Azure Storage connection string/u);
    expect(r.stdout).toContain(`added in ${added.slice(0, 12)} (2024-05-01, "Add storage client (Defa…(186) sha256:`);
    expect(r.stdout).toContain(`removed in ${removed.slice(0, 12)}`);
    expect(r.stdout).toContain("git history: 2 commits walked (HEAD), 2 file changes scanned; 0 of 1 secret still at HEAD");
    expect(r.stdout).toMatch(/must be rotated, even if a later commit removed it/u);
  });

  it("writes SARIF that validates, with the commit in the result and the repository in the run", async () => {
    const r = await keyless(["scan", "--history", "--format", "sarif"], { cwd: repo.dir });
    runs.push(r);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as {
      runs: {
        versionControlProvenance: { repositoryUri: string; revisionId: string }[];
        results: { partialFingerprints: Record<string, string>; message: { text: string }; locations: { message: { text: string }; physicalLocation: { artifactLocation: { uri: string } } }[]; properties: Record<string, unknown> }[];
      }[];
    };
    const Ajv = AjvDraft04.default;
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(sarifSchema());
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const run = sarif.runs[0];
    expect(run?.versionControlProvenance).toEqual([{ repositoryUri: expect.stringMatching(/^file:\/\//u) as unknown, revisionId: removed }]);
    const result = run?.results[0];
    expect(result?.partialFingerprints["secretFingerprint/v1"]).toMatch(/^sha256:/u);
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("src/storage.ts");
    expect(result?.locations[0]?.message.text).toBe(`added in commit ${added}`);
    expect(result?.message.text).toContain(`removed in ${removed.slice(0, 12)}`);
    expect(result?.properties).toMatchObject({ commit: added, commits: 1, presentAtHead: false, removedIn: { sha: removed } });
  });

  it("is covered by a baseline, by fingerprint", async () => {
    const file = path.join(repo.dir, "baseline.json");
    const written = await keyless(["scan", "--history", "--write-baseline", file], { cwd: repo.dir });
    runs.push(written);
    expect(written.code).toBe(0);
    const text = await readFile(file, "utf8");
    expectNoPieceOf(key, text);
    const r = await history(repo.dir, "--baseline", file);
    expect(r.code).toBe(0);
    expect(r.result.findings).toEqual([]);
    expect(r.result.stats.baselined).toBe(1);
    await rm(file);
  });

  it("finds nothing in a range that starts after the commit that added it, and says the walk was partial", async () => {
    const r = await history(repo.dir, `--history=${added}..HEAD`);
    expect(r.code).toBe(0);
    expect(r.result.findings).toEqual([]);
    expect(r.result.history.commits).toBe(1);
    expect(r.result.history.notes.join(" ")).toMatch(/only part of the history/u);
  });

  it("never prints 8 characters of the secret, in any format or message", () => {
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const r of runs) expectNoPieceOf(key, r.stdout + r.stderr);
  });
});

describe("keyless scan --history: configuration files, placeholders, renames, binary files", () => {
  const repo = tempDir("history-kinds");
  const settingsKey = fakeKey();
  const envKey = fakeKey();
  let first: string;
  let deleted: string;
  let result: HistoryResult;
  beforeAll(async () => {
    await git(repo.dir, "init", "-q");
    await writeFiles(repo.dir, {
      "appsettings.json": `{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "ConnectionStrings": {\n    "Storage": "${storageConnectionString(settingsKey)}"\n  }\n}\n`,
      ".env": `PORT=8080\nSTORAGE_CONNECTION_STRING=${storageConnectionString(envKey)}\n`,
      ".env.example": "STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<your-account-key>;EndpointSuffix=core.windows.net\n",
      "data/blob.json": new Uint8Array([123, 0, 1, 2, 125, 10]),
    });
    first = await commit(repo.dir, "Configuration");
    await git(repo.dir, "mv", "appsettings.json", "appsettings.Production.json");
    await commit(repo.dir, "Rename the settings");
    await git(repo.dir, "rm", "-q", ".env");
    deleted = await commit(repo.dir, "Stop committing .env");
    result = (await history(repo.dir)).result;
  });
  afterAll(() => {
    repo.remove();
  });

  it("finds the secrets of .env and appsettings.json, each once, and not the placeholder", () => {
    expect(result.findings.map((f) => [f.file, f.line, f.kind, f.history.firstCommit.sha])).toEqual([
      [".env", 2, "azure-storage-connection-string", first],
      ["appsettings.json", 4, "azure-storage-connection-string", first],
    ]);
  });

  it("follows a secret through a rename: still at HEAD, in every commit", async () => {
    const settings = result.findings.find((f) => f.file === "appsettings.json");
    expect(settings?.history).toMatchObject({ commits: 3, presentAtHead: true, removedIn: null });
    // …and it is the very secret a working-tree scan reports at its new place.
    const now = await scanJson([], repo.dir);
    expect(now.result.findings.map((f) => [f.file, f.secret?.fingerprint])).toEqual([["appsettings.Production.json", settings?.secret?.fingerprint]]);
  });

  it("knows the file that held a secret was deleted", () => {
    const env = result.findings.find((f) => f.file === ".env");
    expect(env?.history).toMatchObject({ commits: 2, presentAtHead: false, removedIn: { sha: deleted } });
  });

  it("lists a binary file as not scanned, once, with the commit", () => {
    expect(result.errors).toEqual([{ file: "data/blob.json", reason: "binary", message: `binary file in commit ${first.slice(0, 12)}: not scanned`, commit: first }]);
  });

  it("limits the walk to the paths given", async () => {
    const r = await history(repo.dir, ".env");
    expect(r.result.findings.map((f) => f.file)).toEqual([".env"]);
  });

  it("reports the truncation of a shallow clone", async () => {
    const clone = tempDir("history-shallow");
    try {
      await git(clone.dir, "clone", "-q", "--depth", "1", `file://${repo.dir}`, "c");
      const r = await history(path.join(clone.dir, "c"));
      expect(r.result.history.shallow).toBe(true);
      expect(r.result.history.notes.join(" ")).toMatch(/shallow clone: the history is truncated/u);
      // What the oldest fetched commit holds shows as added there.
      expect(r.result.findings.map((f) => [f.file, f.history.commits])).toEqual([["appsettings.Production.json", 1]]);
    } finally {
      clone.remove();
    }
  });
});

describe("keyless scan --history: branches and merges", () => {
  const repo = tempDir("history-merge");
  const branchKey = fakeKey();
  const mergeKey = fakeKey();
  let onBranch: string;
  let removedOnBranch: string;
  let merge: string;
  beforeAll(async () => {
    await git(repo.dir, "init", "-q");
    await writeFiles(repo.dir, { "src/app.ts": "export const app = 1;\n" });
    await commit(repo.dir, "Start");
    await git(repo.dir, "checkout", "-q", "-b", "feature");
    await writeFiles(repo.dir, { "src/feature.ts": `export const cs = "${storageConnectionString(branchKey)}";\n` });
    onBranch = await commit(repo.dir, "Feature with a key");
    await writeFiles(repo.dir, { "src/feature.ts": "export const cs = process.env.CS;\n" });
    removedOnBranch = await commit(repo.dir, "Feature without it");
    await git(repo.dir, "checkout", "-q", "main");
    await writeFiles(repo.dir, { "src/app.ts": "export const app = 2;\n" });
    await commit(repo.dir, "Main moves on");
    // A merge that brings in a secret of its own (as a conflict resolution can).
    await git(repo.dir, "merge", "-q", "--no-ff", "--no-commit", "feature");
    await writeFiles(repo.dir, { "local.settings.json": `{ "Values": { "AzureWebJobsStorage": "${storageConnectionString(mergeKey)}" } }\n` });
    merge = await commit(repo.dir, "Merge feature");
  });
  afterAll(() => {
    repo.remove();
  });

  it("finds a secret that lived and died on a merged branch, and one that only the merge commit added", async () => {
    const r = await history(repo.dir);
    expect(r.code).toBe(1);
    expect(r.result.findings.map((f) => [f.file, f.history.firstCommit.sha, f.history.presentAtHead, f.history.removedIn?.sha ?? null])).toEqual([
      ["src/feature.ts", onBranch, false, removedOnBranch],
      ["local.settings.json", merge, true, null],
    ]);
    expect(r.result.history.commits).toBe(5);
  });

  it("walks every branch with --all, and only the range with --history=<range>", async () => {
    await git(repo.dir, "checkout", "-q", "-b", "side", "HEAD~1");
    await writeFiles(repo.dir, { "side.env": `KEY_CS=${storageConnectionString()}\n` });
    await commit(repo.dir, "Unmerged side branch");
    await git(repo.dir, "checkout", "-q", "main");
    expect((await history(repo.dir)).result.findings).toHaveLength(2);
    const all = await history(repo.dir, "--all");
    expect(all.result.findings.map((f) => f.file)).toEqual(["src/feature.ts", "local.settings.json", "side.env"]);
    expect(all.result.findings[2]?.history.presentAtHead).toBe(false);
    const range = await history(repo.dir, "--history=main..side");
    expect(range.result.findings.map((f) => f.file)).toEqual(["side.env"]);
  });
});

describe("keyless scan --history: what it refuses and what is empty", () => {
  it("outside a git repository: a clear message and exit code 2", async () => {
    const dir = tempDir("history-norepo");
    try {
      const r = await keyless(["scan", "--history"], { cwd: dir.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--history needs a git repository: not a git repository/u);
      expect(r.stdout).toBe("");
    } finally {
      dir.remove();
    }
  });

  it("a repository without commits has nothing to find", async () => {
    const dir = tempDir("history-empty");
    try {
      await git(dir.dir, "init", "-q");
      const r = await history(dir.dir);
      expect(r.code).toBe(0);
      expect(r.result.findings).toEqual([]);
      expect(r.result.history.notes).toEqual(["the repository has no commits yet: there is no history to scan"]);
    } finally {
      dir.remove();
    }
  });

  it("rejects options that do not go together, and revisions that look like options", async () => {
    for (const args of [["--history", "--staged"], ["--history", "--include-env"], ["--all"], ["--since", "2024-01-01"], ["--history=--output=/tmp/x"], ["--history="]]) {
      const r = await keyless(["scan", ...args], { cwd: home.dir });
      expect(r.code, args.join(" ")).toBe(2);
    }
  });
});

describe("keyless scan --history on a long history", () => {
  const repo = tempDir("history-long");
  const key = fakeKey();
  const COMMITS = 3000;
  const LEAK = 1000;
  const FIX = 2500;
  let outputBytes = 0;
  beforeAll(async () => {
    await git(repo.dir, "init", "-q");
    // git fast-import builds the repository in one process: thousands of commits in about a second.
    const child = spawn("git", ["fast-import", "--quiet"], { cwd: repo.dir, stdio: ["pipe", "ignore", "inherit"] });
    const done = new Promise<number | null>((resolve) => child.on("close", resolve));
    const blob = (text: string): string => `data ${String(Buffer.byteLength(text))}\n${text}\n`;
    const write = (text: string): Promise<void> =>
      child.stdin.write(text) ? Promise.resolve() : new Promise((resolve) => child.stdin.once("drain", () => {
        resolve();
      }));
    // Text in files the scan does not read, each version one 3.4 MB line: 30 times, all of it through the parser.
    const prose = "All work and no play makes Jack a dull boy. ".repeat(80_000);
    for (let i = 1; i <= COMMITS; i++) {
      await write(`commit refs/heads/main\ncommitter Keyless Test <test@example.invalid> ${String(1_700_000_000 + i)} +0000\n${blob(`commit ${String(i)}`)}`);
      await write(`M 100644 inline src/module${String(i % 40)}.ts\n${blob(Array.from({ length: 5 }, (_, j) => `export const v${String(j)} = ${String(i * j)};`).join("\n") + "\n")}`);
      if (i % 10 === 0) await write(`M 100644 inline config/app${String(i % 7)}.json\n${blob(`{ "build": ${String(i)}, "name": "app" }\n`)}`);
      if (i === LEAK) await write(`M 100644 inline src/leak.ts\n${blob(`export const cs = "${storageConnectionString(key)}";\n`)}`);
      if (i === FIX) await write("D src/leak.ts\n");
      if (i % 100 === 0) await write(`M 100644 inline docs/notes${String(i % 3)}.md\n${blob(prose.slice(i % 7))}`);
      if (i === 2000) await write(`M 100644 inline public/app.min.js\n${blob(`var a=${"[1,2,3],".repeat(40_000)}0;\n`)}`);
      if (i === 2100) await write(`M 100644 inline data/huge.json\n${blob(`[\n${'  "a fairly long line of data, over and over",\n'.repeat(30_000)}  ""\n]\n`)}`);
      await write("\n");
    }
    child.stdin.end();
    expect(await done).toBe(0);
    await git(repo.dir, "checkout", "-q", "main");
    const { stdout } = await exec("sh", ["-c", "git log -p --unified=0 --diff-merges=first-parent | wc -c"], { cwd: repo.dir });
    outputBytes = Number(stdout.trim());
  });
  afterAll(() => {
    repo.remove();
  });

  it("streams it: finishes within a heap far smaller than the patches git writes", async () => {
    const bin = await builtCli();
    const heapMiB = 48;
    expect(outputBytes).toBeGreaterThan(3 * heapMiB * 1024 * 1024);
    const started = performance.now();
    const r = await exec(process.execPath, [`--max-old-space-size=${String(heapMiB)}`, bin, "scan", "--history", "--format", "json"], { cwd: repo.dir, maxBuffer: 16 * 1024 * 1024 }).then(
      (out) => ({ code: 0, ...out }),
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );
    const seconds = (performance.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout) as HistoryResult;
    const shas = (await git(repo.dir, "rev-list", "--reverse", "HEAD")).split("\n");
    expect(result.history.commits).toBe(COMMITS);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.history).toMatchObject({ firstCommit: { sha: shas[LEAK - 1] }, commits: FIX - LEAK, presentAtHead: false, removedIn: { sha: shas[FIX - 1] } });
    expect(result.errors.map((e) => [e.file, e.reason, e.commit])).toEqual([
      ["data/huge.json", "too-large", shas[2099]],
      ["public/app.min.js", "too-large", shas[1999]],
    ]);
    expect(result.errors[1]?.message).toMatch(/^1 line longer than 64 KiB \(minified or generated\) in commit/u);
    expectNoPieceOf(key, r.stdout + r.stderr);
    console.log(`history of ${String(COMMITS)} commits, ${(outputBytes / 2 ** 20).toFixed(0)} MiB of patches: ${seconds.toFixed(1)} s with a ${String(heapMiB)} MiB heap`);
  });
});
