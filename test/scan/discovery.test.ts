import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanJson, storageConnectionString, tempDir, writeFiles } from "../cli/run.js";

const secretTs = (): string => `export const cs = "${storageConnectionString()}";\n`;
const secretEnv = (): string => `STORAGE=${storageConnectionString()}\n`;

describe("which files keyless scan reads", () => {
  const tmp = tempDir("discovery");
  beforeAll(async () =>
    writeFiles(tmp.dir, {
      ".gitignore": "ignored/\n*.local.json\n",
      "src/app.ts": secretTs(),
      "src/legacy.cjs": secretTs(),
      "src/view.tsx": `export const v = <div title="${storageConnectionString()}" />;\n`,
      "appsettings.json": `{ "Storage": "${storageConnectionString()}" }\n`,
      "settings.local.json": `{ "Storage": "${storageConnectionString()}" }\n`,
      ".env.production": secretEnv(),
      "infra/main.bicep": `var cs = '${storageConnectionString()}'\n`,
      "ignored/secret.ts": secretTs(),
      "node_modules/pkg/index.js": secretTs(),
      "dist/app.js": secretTs(),
      "build/app.js": secretTs(),
      "coverage/lcov.json": `{ "x": "${storageConnectionString()}" }\n`,
      "package-lock.json": `{ "x": "${storageConnectionString()}" }\n`,
      "notes.md": secretTs(),
      "Dockerfile": secretEnv(),
    }),
  );
  afterAll(() => {
    tmp.remove();
  });

  const filesWithFindings = async (args: string[]): Promise<string[]> => {
    const { result } = await scanJson(args, tmp.dir);
    return [...new Set(result.findings.map((f) => f.file))].sort();
  };

  it("scans a directory named on the command line even when a .gitignore above it ignores it", async () => {
    expect(await filesWithFindings(["ignored"])).toEqual(["ignored/secret.ts"]);
  });

  it("expands the current directory honouring .gitignore and skipping build output and dependencies", async () => {
    expect(await filesWithFindings([])).toEqual([".env.production", "appsettings.json", "infra/main.bicep", "src/app.ts", "src/legacy.cjs", "src/view.tsx"]);
  });

  it("scans a file named explicitly even inside a skipped directory", async () => {
    expect(await filesWithFindings(["node_modules/pkg/index.js", "src/app.ts"])).toEqual(["node_modules/pkg/index.js", "src/app.ts"]);
  });

  it("expands directories and glob patterns", async () => {
    expect(await filesWithFindings(["infra"])).toEqual(["infra/main.bicep"]);
    expect(await filesWithFindings(["src/*.ts*"])).toEqual(["src/app.ts", "src/view.tsx"]);
  });

  it("ignores file types it does not read, even when named", async () => {
    const { result } = await scanJson(["notes.md", "Dockerfile"], tmp.dir);
    expect(result.stats.files).toBe(0);
    expect(result.errors).toEqual([]);
  });
});
