import { execFile } from "node:child_process";
import { chmodSync } from "node:fs";
import { writeFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtCli, fakeKey, keyless, scanJson, storageConnectionString, tempDir, writeFiles } from "../cli/run.js";

const exec = promisify(execFile);

/** git isolated from the machine's configuration. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Keyless Test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Keyless Test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
};

interface Outcome {
  readonly code: number;
  readonly output: string;
}

async function git(cwd: string, ...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec("git", args, { cwd, env: GIT_ENV });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("keyless scan --staged as a git pre-commit hook", () => {
  const repo = tempDir("staged");
  const key = fakeKey();
  beforeAll(async () => {
    const bin = await builtCli();
    await git(repo.dir, "init", "-q", "-b", "main");
    // The hook as a team would install it: a hooks directory in the repo, selected with core.hooksPath.
    await writeFiles(repo.dir, {
      ".githooks/pre-commit": `#!/bin/sh\nexec "${process.execPath}" "${bin}" scan --staged\n`,
      "README.md": "# demo\n",
    });
    chmodSync(path.join(repo.dir, ".githooks/pre-commit"), 0o755);
    await git(repo.dir, "config", "core.hooksPath", ".githooks");
    await git(repo.dir, "add", ".");
    expect((await git(repo.dir, "commit", "-q", "-m", "init")).code).toBe(0);
  });
  afterAll(() => {
    repo.remove();
  });

  it("refuses a commit that adds a storage connection string, with a readable message and no secret", async () => {
    await writeFiles(repo.dir, { "src/storage.ts": `export const cs = "${storageConnectionString(key)}";\n` });
    await git(repo.dir, "add", "src/storage.ts");
    const commit = await git(repo.dir, "commit", "-m", "add storage");
    expect(commit.code).not.toBe(0);
    expect(commit.output).toContain("src/storage.ts");
    expect(commit.output).toMatch(/1:\d+ +error +Hard-coded Azure Storage connection string/u);
    expect(commit.output).toMatch(/✖ 1 problem \(1 error, 0 warnings\)/u);
    expect(commit.output).not.toContain(key.slice(0, 12));
    expect((await git(repo.dir, "log", "--oneline")).output.trim().split("\n")).toHaveLength(1);
  });

  it("lets a clean commit through", async () => {
    await writeFiles(repo.dir, { "src/storage.ts": "export const cs = process.env.STORAGE_CONNECTION_STRING;\n" });
    await git(repo.dir, "add", "src/storage.ts");
    const commit = await git(repo.dir, "commit", "-q", "-m", "storage from env");
    expect(commit.code).toBe(0);
  });

  it("judges what is staged: a secret only in the unstaged part of a file does not block", async () => {
    await writeFiles(repo.dir, { "src/storage.ts": "export const cs = process.env.STORAGE_CONNECTION_STRING;\nexport const n = 2;\n" });
    await git(repo.dir, "add", "src/storage.ts");
    await writeFiles(repo.dir, { "src/storage.ts": `export const cs = process.env.STORAGE_CONNECTION_STRING;\nexport const n = 2;\nexport const x = "${storageConnectionString()}";\n` });
    const commit = await git(repo.dir, "commit", "-q", "-m", "partial");
    expect(commit.code).toBe(0);
    // …and the working tree still holds it, which a plain scan does see.
    expect((await scanJson(["src"], repo.dir)).code).toBe(1);
    await git(repo.dir, "checkout", "--", "src/storage.ts");
  });

  it("judges what is staged: a staged secret blocks even when the working tree no longer has it", async () => {
    await writeFiles(repo.dir, { ".env": `STORAGE=${storageConnectionString()}\n` });
    await git(repo.dir, "add", ".env");
    await writeFile(path.join(repo.dir, ".env"), "STORAGE=\n");
    const commit = await git(repo.dir, "commit", "-m", "env");
    expect(commit.code).not.toBe(0);
    expect(commit.output).toMatch(/\.env\n {2}1:\d+ +error/u);
    await git(repo.dir, "reset", "-q", "--", ".env");
    await rm(path.join(repo.dir, ".env"));
  });

  it("reads only added, copied and modified files (a deletion is fine) and only the paths asked for", async () => {
    await writeFiles(repo.dir, { "a.json": `{ "cs": "${storageConnectionString()}" }\n`, "b.ts": "export {};\n" });
    await git(repo.dir, "add", "a.json", "b.ts");
    await git(repo.dir, "rm", "-q", "--cached", "README.md");
    const all = await scanJson(["--staged"], repo.dir);
    expect(all.result.findings.map((f) => f.file)).toEqual(["a.json"]);
    expect(all.result.stats.files).toBe(2);
    const onlyB = await scanJson(["--staged", "b.ts"], repo.dir);
    expect(onlyB.code).toBe(0);
    expect(onlyB.result.stats.files).toBe(1);
    await git(repo.dir, "reset", "-q");
  });

  it("exits 2 outside a git repository", async () => {
    const outside = tempDir("no-git");
    try {
      const r = await keyless(["scan", "--staged"], { cwd: outside.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--staged needs a git repository/u);
    } finally {
      outside.remove();
    }
  });
});
