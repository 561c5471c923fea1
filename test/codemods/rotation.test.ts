/**
 * `keyless migrate` ends with the rotation checklist: every secret the code held, whether the migration removed it,
 * the resource it opens and the command that rotates it (issue 9). Through the CLI, on the sample app and on a
 * project where one secret stays behind.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runMigrate } from "../../src/cli/migrate.js";
import { fakeKey, storageConnectionString } from "../cli/run.js";
import { REPO_ROOT } from "../helpers/shared.js";

const TMP = path.join(REPO_ROOT, ".tmp", `codemod-rotation-${String(process.pid)}`);
afterAll(() => {
  rmSync(TMP, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runMigrate(args, { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s) }, cwd: REPO_ROOT, env: {} });
  return { code, stdout, stderr };
}

interface Rotation {
  kind: string;
  file: string;
  line: number;
  status: string;
  redacted: string;
  fingerprint: string;
  rotate: string;
  resource: { type: string; name: string | null } | null;
}

describe("keyless migrate: the rotation checklist", () => {
  it("lists the sample app's five secrets as removed, each with its resource and rotation", async () => {
    const run = await cli(["fixtures/sample-app", "--format", "json"]);
    expect(run.code).toBe(0);
    const rotation = (JSON.parse(run.stdout) as { rotation: Rotation[] }).rotation;
    expect(rotation.map((r) => `${r.file}:${String(r.line)} ${r.status} ${r.rotate} ${r.resource?.name ?? "-"}`)).toEqual([
      "fixtures/sample-app/src/config.ts:7 removed storage-account-key contosoordersdemo",
      "fixtures/sample-app/src/config.ts:13 removed servicebus-rule contoso-orders-demo",
      "fixtures/sample-app/src/config.ts:18 removed cosmos-key contoso-orders-demo",
      "fixtures/sample-app/src/config.ts:25 removed entra-client-secret -",
      "fixtures/sample-app/src/config.ts:30 removed cognitive-key contoso-orders-demo",
    ]);
    for (const r of rotation) {
      expect(r.redacted).toMatch(/^.{4}…\(\d+\)$/u);
      expect(r.fingerprint).toMatch(/^sha256:[0-9a-f]{16,}$/u);
    }
  }, 120_000);

  it("the text summary ends with the checklist and the AZURE_CLIENT_SECRET trap", async () => {
    const run = await cli(["fixtures/sample-app"]);
    const tail = run.stdout.slice(run.stdout.indexOf("Rotate every secret the code held"));
    expect(tail).toContain("removed from the code");
    expect(tail).toContain("az storage account keys renew --resource-group <resource-group> --account-name contosoordersdemo --key primary");
    expect(tail).toContain("az servicebus namespace authorization-rule keys renew --resource-group <resource-group> --namespace-name contoso-orders-demo --name RootManageSharedAccessKey --key PrimaryKey");
    expect(tail).toContain("! Delete AZURE_CLIENT_SECRET");
  }, 120_000);

  it("a secret the migration does not touch is listed as still in the code", async () => {
    const dir = path.join(TMP, "p1");
    mkdirSync(path.join(dir, "src"), { recursive: true });
    const key = fakeKey();
    writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "t", private: true, type: "module", dependencies: { "@azure/storage-blob": "^12.32.0" } })}\n`);
    writeFileSync(path.join(dir, "src/a.ts"), `import { BlobServiceClient } from "@azure/storage-blob";\n\nexport const c = BlobServiceClient.fromConnectionString("${storageConnectionString(key)}");\n`);
    // Not an Azure client argument: the codemod leaves it; it must still be rotated.
    writeFileSync(path.join(dir, "src/b.ts"), `export const backup = "${storageConnectionString(fakeKey()).replace("AccountName=", "AccountName=backup")}";\n`);
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const run = await cli([path.relative(REPO_ROOT, dir), "--format", "json"]);
    const rotation = (JSON.parse(run.stdout) as { rotation: Rotation[] }).rotation;
    expect(rotation.map((r) => `${path.basename(r.file)} ${r.status} ${r.rotate}`)).toEqual(["a.ts removed storage-account-key", "b.ts present storage-account-key"]);
    expect(run.stdout).not.toContain(key.slice(0, 8));
  }, 120_000);
});
