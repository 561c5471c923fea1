import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { fileSetResolver, parseSourceFile } from "../../src/analysis/program.js";
import { renderRoleTable } from "../../src/report/render/text.js";
import { fileLabeler, roleReport } from "../../src/report/roles.js";
import { builtCli, keyless, tempDir } from "../cli/run.js";
import { REPO_ROOT, sharedPath } from "../helpers/shared.js";
import { fixtureCases, report, reportJson, rolesByService, type ReportJson } from "./helpers.js";

const SAMPLE = path.join(REPO_ROOT, "fixtures/sample-app");
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");
const run = promisify(execFile);

describe("keyless report: the command", () => {
  it("prints its help with every flag of the contract", async () => {
    const r = await keyless(["report", "--help"], { cwd: REPO_ROOT });
    expect(r.code).toBe(0);
    for (const flag of ["--format markdown|json|az|bicep", "--output FILE", "--tsconfig PATH"]) expect(r.stdout).toContain(flag);
  });

  it.each([
    [["report", ".", "--format", "xml"], /--format must be one of markdown, json, az, bicep \(got "xml"\)/u],
    [["report", "a", "b"], /one directory/u],
    [["report", "no-such-dir"], /no-such-dir is not a directory/u],
    [["report", ".", "--tsconfig", "missing.json"], /--tsconfig missing\.json: no such file/u],
    [["report", "--bogus"], /--bogus/u],
  ])("exits 2 for %j", async (args, message) => {
    const r = await keyless(args, { cwd: SAMPLE });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("writes --output FILE and nothing to standard output", async () => {
    const tmp = tempDir("report-out");
    try {
      const out = path.join(tmp.dir, "roles.json");
      const r = await keyless(["report", SAMPLE, "--format", "json", "--output", out], { cwd: tmp.dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("");
      const written = JSON.parse(readFileSync(out, "utf8")) as ReportJson;
      expect(written.version).toBe(1);
      // Files are named relative to the current directory.
      expect(written.services[0]?.roles[0]?.because[0]?.file).toMatch(/^\.\.\/.*fixtures\/sample-app\/src\/storage\.ts$/u);
    } finally {
      tmp.remove();
    }
  });

  it("exits 0 with an empty report where there is no Azure client", async () => {
    const tmp = tempDir("report-empty");
    try {
      writeFileSync(path.join(tmp.dir, "index.ts"), "export const answer = 42;\n");
      const json = await reportJson(tmp.dir);
      expect(json.services).toEqual([]);
      const md = await report(tmp.dir, "markdown");
      expect(md.stdout).toMatch(/No Azure SDK client was found/u);
      const az = await report(tmp.dir, "az");
      expect(az.code).toBe(0);
      expect(az.stdout).toMatch(/nothing to assign/u);
    } finally {
      tmp.remove();
    }
  });
});

describe("keyless report on fixtures/sample-app", () => {
  it("names the least-privilege role set per service", async () => {
    const json = await reportJson(SAMPLE);
    expect(rolesByService(json)).toEqual({
      "storage-blob": ["Storage Blob Data Contributor"],
      "storage-queue": ["Storage Queue Data Contributor"],
      "service-bus": ["Azure Service Bus Data Sender"],
      cosmos: ["Cosmos DB Built-in Data Contributor"],
      "key-vault-secrets": ["Key Vault Secrets User"],
      openai: ["Cognitive Services OpenAI User"],
    });
    const blob = json.services.find((s) => s.service === "storage-blob");
    expect(blob?.resource).toMatchObject({ kind: "storage-account", name: "contosoordersdemo", endpoint: "https://contosoordersdemo.blob.core.windows.net", entity: "order-documents" });
    expect(blob?.roles[0]).toMatchObject({
      id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
      assignment: "arm-rbac",
      scope: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Storage/storageAccounts/contosoordersdemo/blobServices/default/containers/order-documents",
    });
    expect(blob?.roles[0]?.because.map((b) => `${b.operation} ${b.file}:${String(b.line)}`)).toEqual([
      "createIfNotExists src/storage.ts:11",
      "upload src/storage.ts:14",
      "listBlobsFlat src/storage.ts:20",
    ]);
    expect(blob?.envVars).toEqual(["AZURE_STORAGEBLOB_RESOURCEENDPOINT"]);
    expect(json.services.find((s) => s.service === "cosmos")?.roles[0]).toMatchObject({ assignment: "cosmos-sql-role", id: "00000000-0000-0000-0000-000000000002" });
  });

  it("renders markdown with a table per service, the environment and a Mermaid diagram", async () => {
    const r = await report(SAMPLE, "markdown");
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toMatch(/^# Least-privilege roles/u);
    for (const heading of ["## Azure Blob Storage (`storage-blob`)", "## Azure Service Bus (`service-bus`)", "## Azure Cosmos DB (`cosmos`)", "## Azure OpenAI (`openai`)"]) expect(md).toContain(heading);
    expect(md).toContain("| resource | role | scope | why |");
    expect(md).toContain("`upload` src/storage.ts:14");
    expect(md).toContain("`AZURE_STORAGEBLOB_RESOURCEENDPOINT`");
    expect(md).toContain("`AZURE_OPENAI_API_KEY`");
    const mermaid = /```mermaid\n(?<body>[\s\S]*?)```/u.exec(md)?.groups?.body ?? "";
    expect(mermaid).toMatch(/^flowchart LR\n/u);
    expect(mermaid).toMatch(/identity --> r0/u);
    expect(mermaid).toMatch(/r0 --> r0_0/u);
    // Every label is quoted and holds no raw double quote (GitHub's Mermaid would reject it).
    for (const label of mermaid.matchAll(/\["(?<text>[^"]*)"\]/gu)) expect(label.groups?.text).not.toContain('"');
  });

  it("never prints the keys it reads for resource names, in any format", async () => {
    const config = readFileSync(path.join(SAMPLE, "src/config.ts"), "utf8");
    // The pieces of the string literals that are key material: long, no dot or colon (host names and URLs are
    // expected in the report), not a field name.
    const literals = [...config.matchAll(/"(?<text>[^"]*)"/gu)].map((m) => m.groups?.text ?? "");
    const keys = literals
      .flatMap((l) => l.split(/[;=]/u))
      .filter((k) => k.length >= 20 && !/[.:]/u.test(k) && !/^(?:RootManageSharedAccessKey|DefaultEndpointsProtocol|SharedAccessKeyName)$/u.test(k));
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const format of ["markdown", "json", "az", "bicep"]) {
      const r = await report(SAMPLE, format);
      for (const key of keys) expect(r.stdout.includes(key), `${format} prints ${key.slice(0, 4)}…`).toBe(false);
    }
  });
});

describe("keyless report --format az", () => {
  const cases = fixtureCases();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "keyless-az-"));
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });
  // A stand-in `az` that records each call, one argument per line, calls separated by `--`.
  const bin = path.join(tmp, "bin");
  const log = path.join(tmp, "az.log");
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, "az"), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" '--' >> "${log}"\n`);
  chmodSync(path.join(bin, "az"), 0o755);

  let shellcheckMissing = false;

  for (const c of cases) {
    it(`${c.name}: bash -n, shellcheck, and a dry run against a stand-in az`, async () => {
      const json = await reportJson(c.dir, c.args);
      const script = (await report(c.dir, "az", c.args)).stdout;
      const file = path.join(tmp, `${c.name}.sh`);
      writeFileSync(file, script);
      await run("bash", ["-n", file]);
      try {
        await run("shellcheck", ["--severity=style", file]);
      } catch (error) {
        const e = error as NodeJS.ErrnoException & { stdout?: string };
        if (e.code === "ENOENT") shellcheckMissing = true;
        else throw new Error(`shellcheck ${c.name}:\n${e.stdout ?? String(error)}`);
      }

      // Run it: every ARM role is assigned by GUID on its scope, every non-ARM assignment has its command.
      writeFileSync(log, "");
      const env: Record<string, string> = {
        PATH: `${bin}:${process.env.PATH ?? ""}`,
        PRINCIPAL_ID: "11111111-2222-3333-4444-555555555555",
        SUBSCRIPTION_ID: "sub-id",
        RESOURCE_GROUP: "rg-app",
        IDENTITY_NAME: "app-identity",
      };
      // Resources the code does not name must be given: the script says which variable.
      for (const m of script.matchAll(/^(?<v>[A-Z_]+_\d+)="\$\{\k<v>:\?/gmu)) if (m.groups?.v) env[m.groups.v] = `given-${m.groups.v.toLowerCase()}`;
      const { stdout } = await run("bash", [file], { env });
      const calls = readFileSync(log, "utf8").split("--\n").filter((x) => x.length > 0).map((x) => x.trimEnd().split("\n"));
      for (const s of json.services) {
        for (const r of s.roles) {
          if (r.assignment === "arm-rbac") {
            const byRole = calls.filter((a) => a[0] === "role" && a[a.indexOf("--role") + 1] === r.id);
            expect(byRole.length, `${c.name}: az role assignment for ${r.name}`).toBeGreaterThan(0);
            for (const a of byRole) {
              expect(a.slice(0, 3)).toEqual(["role", "assignment", "create"]);
              expect(a).toEqual(expect.arrayContaining(["--assignee-object-id", env.PRINCIPAL_ID, "--assignee-principal-type", "ServicePrincipal"]));
            }
            // The JSON scope with the script's values in place of the placeholders (a resource the code does not
            // name is whatever its variable was given).
            const [before = "", after = ""] = r.scope.replace("{subscriptionId}", "sub-id").replace("{resourceGroup}", "rg-app").split(/\{[\w-]+\}/u);
            const scopes = byRole.map((a) => a[a.indexOf("--scope") + 1] ?? "");
            const pattern = new RegExp(`^${escape(before)}${r.scope.includes("{", r.scope.indexOf("/providers/")) ? "given-[a-z_]+_\\d+" : ""}${escape(after)}$`, "u");
            expect(scopes.some((x) => pattern.test(x)), `${c.name}: ${r.name} on ${r.scope}, got ${scopes.join(" ")}`).toBe(true);
          } else if (r.assignment === "cosmos-sql-role") {
            const call = calls.find((a) => a.slice(0, 5).join(" ") === "cosmosdb sql role assignment create" && a.includes(r.id));
            expect(call, `${c.name}: cosmos ${r.name}`).toBeDefined();
            expect(call?.[(call.indexOf("--scope")) + 1]).toBe(r.scope.slice(r.scope.indexOf("/databaseAccounts/")).replace(/^\/databaseAccounts\/[^/]+/u, "") || "/");
          } else if (r.assignment === "redis-access-policy") {
            const call = calls.find((a) => a.slice(0, 3).join(" ") === "redis access-policy-assignment create");
            expect(call?.[(call.indexOf("--access-policy-name")) + 1]).toBe(r.name);
            expect(call).toEqual(expect.arrayContaining(["--object-id", env.PRINCIPAL_ID]));
          } else if (r.assignment === "sql-contained-user") {
            expect(stdout).toContain("CREATE USER [app-identity] FROM EXTERNAL PROVIDER;");
            expect(stdout).toContain(`ALTER ROLE ${r.name} ADD MEMBER [app-identity];`);
          } else if (r.assignment === "postgres-entra-principal") {
            expect(stdout).toContain("select * from pg_catalog.pgaadauth_create_principal('app-identity', false, false);");
          } else {
            expect(stdout).toContain("CREATE AADUSER 'app-identity'");
          }
        }
      }
    });
  }

  it("ran shellcheck (install it: apt-get install shellcheck)", (ctx) => {
    if (shellcheckMissing) ctx.skip("shellcheck is not installed: the az scripts were checked with bash -n only");
  });
});

/** What a Bicep compiler would reject first, checked by hand (no compiler here). */
function bicepProblems(text: string): string[] {
  const problems: string[] = [];
  const code = text
    .split("\n")
    .filter((l) => !l.trimStart().startsWith("//"))
    .join("\n")
    .replace(/'(?:[^'\\]|\\.)*'/gu, "''");
  const opens = (code.match(/\{/gu) ?? []).length;
  const closes = (code.match(/\}/gu) ?? []).length;
  if (opens !== closes) problems.push(`braces: ${String(opens)} open, ${String(closes)} close`);
  const declared = new Set([...text.matchAll(/^(?:resource|param) (\w+) /gmu)].map((m) => m[1] ?? ""));
  const symbols = [...text.matchAll(/^resource (\w+) /gmu)].map((m) => m[1] ?? "");
  if (new Set(symbols).size !== symbols.length) problems.push("a resource symbol is declared twice");
  for (const m of text.matchAll(/(?:parent|scope): (?<ref>\w+)$|guid\((?<g>\w+)\.id|\$\{(?<i>\w+)\.id\}/gmu)) {
    const ref = m.groups?.ref ?? m.groups?.g ?? m.groups?.i ?? "";
    if (!declared.has(ref)) problems.push(`${ref} is not declared`);
  }
  for (const m of text.matchAll(/^param (?<name>\w+) /gmu)) {
    const name = m.groups?.name ?? "";
    if ((text.match(new RegExp(`\\b${name}\\b`, "gu")) ?? []).length < 2) problems.push(`param ${name} is unused`);
  }
  for (const m of text.matchAll(/^resource \w+ '(?<type>[^'@]+)@(?<api>[^']+)'/gmu)) {
    if (!/^Microsoft\.\w+\/\w+(?:\/\w+)*$/u.test(m.groups?.type ?? "")) problems.push(`bad type ${m.groups?.type ?? ""}`);
    if (!/^\d{4}-\d{2}-\d{2}(?:-preview)?$/u.test(m.groups?.api ?? "")) problems.push(`bad API version ${m.groups?.api ?? ""}`);
  }
  return problems;
}

describe("keyless report --format bicep", () => {
  const roleIds = new Set((JSON.parse(readFileSync(sharedPath("azure/roles.json"), "utf8")) as { id: string }[]).map((r) => r.id));

  for (const c of fixtureCases()) {
    it(`${c.name}: existing resources, deterministic names, the catalog's GUIDs`, async () => {
      const json = await reportJson(c.dir, c.args);
      const bicep = (await report(c.dir, "bicep", c.args)).stdout;
      expect(bicepProblems(bicep)).toEqual([]);
      expect(bicep).toContain("param principalId string");
      for (const s of json.services) {
        for (const r of s.roles) {
          if (r.assignment === "arm-rbac") {
            expect(roleIds.has(r.id), r.name).toBe(true);
            expect(bicep).toContain(`roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${r.id}')`);
          } else if (r.assignment === "cosmos-sql-role") {
            expect(bicep).toContain(`/sqlRoleDefinitions/${r.id}'`);
          } else if (r.assignment === "redis-access-policy") {
            expect(bicep).toContain(`accessPolicyName: '${r.name}'`);
          } else {
            expect(bicep).toContain(r.assignment === "sql-contained-user" ? `ALTER ROLE ${r.name} ADD MEMBER` : "<identity display name>");
          }
        }
      }
      const assignments = [...bicep.matchAll(/^resource \w+ 'Microsoft\.Authorization\/roleAssignments@2022-04-01' = \{\n {2}name: guid\((?<target>\w+)\.id, principalId, '[\da-f-]{36}'\)\n {2}scope: \k<target>$/gmu)];
      const arm = json.services.flatMap((s) => s.roles).filter((r) => r.assignment === "arm-rbac");
      expect(assignments.length).toBe(arm.length);
      expect(bicep.match(/principalType: 'ServicePrincipal'/gu)?.length ?? 0).toBe(arm.length);
    });
  }

  it("declares an existing resource once for services that share it (Blob and Queue on one account)", async () => {
    const bicep = (await report(SAMPLE, "bicep")).stdout;
    expect(bicep.match(/^resource storageAccount1 'Microsoft\.Storage\/storageAccounts@2025-06-01' existing = \{$/gmu)?.length).toBe(1);
    expect(bicep).toContain("param storageAccount1Name string = 'contosoordersdemo'");
    expect(bicep).toMatch(/resource storageAccount1Scope\d+ 'Microsoft\.Storage\/storageAccounts\/blobServices\/containers@2025-06-01' existing = \{\n {2}parent: storageAccount1Scope\d+\n {2}name: 'order-documents'/u);
  });
});

describe("the report's coverage of the catalog", () => {
  it("has a fixture for every service id of interfaces.md that has an SDK client (SignalR has none, catalog.md §16)", () => {
    const text = readFileSync(sharedPath("design/interfaces.md"), "utf8");
    const start = text.indexOf("Service ids:");
    const ids = [...text.slice(start, text.indexOf("`resource.name`", start)).matchAll(/`(?<id>[a-z][a-z-]*)`/gu)].map((m) => m.groups?.id ?? "");
    const covered = new Set(fixtureCases().flatMap((c) => (JSON.parse(readFileSync(path.join(c.dir, "expected.json"), "utf8")) as ReportJson).services.map((s) => s.service)));
    expect(ids.length).toBeGreaterThanOrEqual(23);
    expect(ids.filter((id) => id !== "signalr" && !covered.has(id))).toEqual([]);
  });

  it("has read-only and read-write variants", () => {
    const names = fixtureCases().map((c) => c.name);
    for (const pair of [["blob-read-only", "blob-read-write"], ["redis-read-only", "redis-read-write"], ["queue-sender-only", "queue-send-and-receive"]]) {
      expect(names).toEqual(expect.arrayContaining(pair));
    }
  });
});

describe("the built CLI", () => {
  it("bin/keyless.js report --format json", async () => {
    const cli = await builtCli();
    const { stdout } = await run(process.execPath, [cli, "report", "fixtures/sample-app", "--format", "json"], { cwd: REPO_ROOT });
    const json = JSON.parse(stdout) as ReportJson;
    expect(Object.keys(rolesByService(json))).toHaveLength(6);
    expect(json.services[0]?.roles[0]?.because[0]?.file).toBe("fixtures/sample-app/src/storage.ts");
  });
});

describe("the role table keyless migrate ends with", () => {
  it("lists each role of the report on one line", () => {
    const files = new Map(
      readdirSync(path.join(SAMPLE, "src")).map((f) => {
        const file = path.join(SAMPLE, "src", f);
        return [file, parseSourceFile(file, readFileSync(file, "utf8"))] as const;
      }),
    );
    const table = renderRoleTable(roleReport([...files.values()], fileSetResolver(files), { label: fileLabeler(SAMPLE) }));
    expect(table.split("\n").filter((l) => l.startsWith("  "))).toHaveLength(6);
    expect(table).toMatch(/storage-blob +contosoordersdemo +Storage Blob Data Contributor +containers\/order-documents/u);
    expect(table).toMatch(/cosmos +contoso-orders-demo +Cosmos DB Built-in Data Contributor +\/dbs\/sales\/colls\/orders/u);
  });
});
