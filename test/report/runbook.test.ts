import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeText } from "../../src/analysis/secrets.js";
import { HOSTS, LOCKDOWN, ROTATION_RECIPES, isSwitch } from "../../src/catalog/lockdown.js";
import { keyless } from "../cli/run.js";
import { REPO_ROOT, sharedPath } from "../helpers/shared.js";

/**
 * fixtures/runbook/cases/<case>.json: an app and the `keyless report` flags; beside it <case>/expected.{sh,bicep,md}.
 * A new case is a new JSON file (KEYLESS_UPDATE_FIXTURES=1 writes its expectations: review the diff). Every output is
 * also checked for what does not depend on the expectation: scripts pass bash -n and shellcheck and run, step by
 * step, against a stand-in az; Bicep names only API versions, role GUIDs and policy ids from the shared facts; every
 * secret found is listed with a rotation for its resource; no output holds a secret.
 */
const FIXTURES = path.join(REPO_ROOT, "fixtures/runbook");
const CASES_DIR = path.join(FIXTURES, "cases");
const update = process.env.KEYLESS_UPDATE_FIXTURES === "1";
const run = promisify(execFile);

interface Case {
  readonly name: string;
  readonly app: string;
  readonly args: readonly string[];
}

const cases: Case[] = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => {
    const spec = JSON.parse(readFileSync(path.join(CASES_DIR, f), "utf8")) as { app: string; args: string[] };
    return { name: f.slice(0, -".json".length), app: path.resolve(FIXTURES, spec.app), args: spec.args };
  });

const FORMATS = [
  ["az", "expected.sh"],
  ["bicep", "expected.bicep"],
  ["markdown", "expected.md"],
] as const;

async function report(c: Case, format: string): Promise<string> {
  const r = await keyless(["report", ".", "--format", format, ...c.args], { cwd: c.app });
  if (r.code !== 0) throw new Error(`keyless report ${c.name} --format ${format} exited ${String(r.code)}: ${r.stderr}`);
  return r.stdout;
}

interface RunbookJson {
  readonly runbook: {
    readonly identity: { kind: string; host: string | null; removeSettings: string[] } | null;
    readonly rotation: readonly { kind: string; file: string; line: number; fingerprint: string; redacted: string; rotate: string; resource: { type: string; name: string | null; from: string } | null }[];
    readonly lockdown: readonly { resource: { type: string; name: string | null }; switch: string | null; apiVersion?: string; policy?: { id: string } | null }[];
  };
}

const lockdownMd = readFileSync(sharedPath("azure/lockdown.md"), "utf8");
const catalogMd = readFileSync(sharedPath("azure/catalog.md"), "utf8");

/** Every role GUID in roles.json, whatever its layout (an array of roles, or an object holding one). */
function rolesJsonIds(): Set<string> {
  const text = readFileSync(sharedPath("azure/roles.json"), "utf8");
  return new Set([...text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gu)].map((m) => m[0]));
}
const ROLE_GUIDS = rolesJsonIds();

/** API versions keyless writes that lockdown.md does not carry, with where they were checked. */
const API_VERSIONS_ELSEWHERE: Readonly<Record<string, string>> = {
  // Azure/ResourceModules modules/authorization/policy-assignments (and the bicep-types-az samples): 2022-06-01.
  "Microsoft.Authorization/policyAssignments@2022-06-01": "Azure/ResourceModules policy-assignments module",
};

/** The planted secrets of an app: the key material of every finding, read from its files. */
function plantedSecrets(app: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(file);
        continue;
      }
      const text = readFileSync(file, "utf8");
      for (const f of analyzeText(text, { label: entry.name, what: "text" })) out.push(text.slice(f.start, f.end));
    }
  };
  walk(app);
  return out.filter((s) => s.length >= 8);
}

function expectNoLeak(output: string, secrets: readonly string[], what: string): void {
  for (const s of secrets) {
    for (let i = 0; i + 8 <= s.length; i++) {
      const piece = s.slice(i, i + 8);
      if (output.includes(piece)) throw new Error(`${what} holds 8 characters of a planted secret (offset ${String(i)} of a ${String(s.length)}-char secret)`);
    }
  }
}

describe("keyless report: the operator runbook fixtures", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "keyless-runbook-"));
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });
  // A stand-in az: records each call (one argument per line, calls separated by `--`) and answers `--query` with an id.
  const bin = path.join(tmp, "bin");
  const log = path.join(tmp, "az.log");
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    path.join(bin, "az"),
    `#!/usr/bin/env bash\nprintf '%s\\n' "$@" '--' >> "${log}"\nfor a in "$@"; do if [ "$a" = "--query" ]; then echo "00000000-0000-4000-8000-00000000000a"; fi; done\n`,
  );
  chmodSync(path.join(bin, "az"), 0o755);

  it("has a case for both identity kinds on every host kind", () => {
    for (const kind of ["system", "user"]) for (const host of Object.keys(HOSTS)) expect(cases.map((c) => c.name)).toContain(`${kind}-${host}`);
  });

  for (const c of cases) {
    describe(c.name, () => {
      for (const [format, file] of FORMATS) {
        it(`--format ${format} is the expected output`, async () => {
          const text = await report(c, format);
          const expected = path.join(CASES_DIR, c.name, file);
          if (update) {
            mkdirSync(path.dirname(expected), { recursive: true });
            writeFileSync(expected, text);
          }
          expect(text).toBe(readFileSync(expected, "utf8"));
        });
      }

      it("no output holds a planted secret", async () => {
        const secrets = plantedSecrets(c.app);
        expect(secrets.length).toBeGreaterThan(0);
        for (const format of ["az", "bicep", "markdown", "json"]) expectNoLeak(await report(c, format), secrets, `${c.name} --format ${format}`);
      });

      it("the az script passes bash -n and shellcheck, and each step runs against a stand-in az", async () => {
        const script = await report(c, "az");
        const file = path.join(tmp, `${c.name}.sh`);
        writeFileSync(file, script);
        await run("bash", ["-n", file]);
        try {
          await run("shellcheck", ["--severity=style", file]);
        } catch (error) {
          const e = error as NodeJS.ErrnoException & { stdout?: string };
          if (e.code !== "ENOENT") throw new Error(`shellcheck ${c.name}:\n${e.stdout ?? String(error)}`);
          if (process.env.CI) throw new Error("shellcheck is not installed (CI installs it: .ci/run)");
        }
        const json = JSON.parse(await report(c, "json")) as RunbookJson;
        const env: Record<string, string> = {
          PATH: `${bin}:${process.env.PATH ?? ""}`,
          SUBSCRIPTION_ID: "sub-id",
          RESOURCE_GROUP: "rg-app",
          HOST_NAME: "app-host",
          PRINCIPAL_ID: "11111111-2222-3333-4444-555555555555",
          IDENTITY_NAME: "app-identity",
          ENTRA_APP_ID: "app-id",
          LEAKED_KEY_ID: "key-id",
          APPCONFIG_KEY_ID: "appconfig-key-id",
          NEW_PASSWORD: "new-password-from-env",
          ENTRA_ADMIN_NAME: "db-admins",
          ENTRA_ADMIN_OBJECT_ID: "admins-oid",
          MYSQL_SERVER_IDENTITY: "mysql-uami",
        };
        for (const m of script.matchAll(/^(?<v>[A-Z_]+_\d+)="\$\{\k<v>:\?/gmu)) if (m.groups?.v) env[m.groups.v] = `given-${m.groups.v.toLowerCase()}`;
        const steps = [...(script.match(/^ {2}(?<names>[a-z| ]+)\) ;;$/mu)?.groups?.names ?? "roles").split("|")].map((s) => s.trim());
        const calls: Record<string, string[][]> = {};
        for (const step of steps) {
          writeFileSync(log, "");
          await run("bash", [file, step], { env });
          calls[step] = readFileSync(log, "utf8").split("--\n").filter((x) => x.length > 0).map((x) => x.trimEnd().split("\n"));
        }
        const identity = json.runbook.identity;
        const roles = calls.roles ?? [];
        if (identity?.kind === "user") {
          expect(roles[0]?.slice(0, 2)).toEqual(["identity", "create"]);
          if (identity.host !== null) {
            expect(roles.some((a) => a.includes("identity") && a.includes("assign") && (a.includes("--identities") || a.includes("--user-assigned")))).toBe(true);
            if (identity.host !== "vm") expect(roles.some((a) => a.join(" ").includes("AZURE_CLIENT_ID=00000000-0000-4000-8000-00000000000a"))).toBe(true);
          }
        } else if (identity?.kind === "system") {
          expect(roles[0]).toEqual(expect.arrayContaining(["identity", "assign", "--name", "app-host"]));
        }
        // Every role assignment goes to the identity the step created or read, never to a stale id.
        const principal = identity ? "00000000-0000-4000-8000-00000000000a" : env.PRINCIPAL_ID;
        for (const a of roles.filter((x) => x[0] === "role")) expect(a).toEqual(expect.arrayContaining(["--assignee-object-id", principal]));

        if (steps.includes("rotate")) {
          const rotate = calls.rotate ?? [];
          for (const r of json.runbook.rotation) {
            if (r.resource?.name == null || r.rotate === "external") continue;
            // Every rotation command for a named resource names it (through the script's variable default).
            const named = rotate.filter((a) => a.includes(r.resource?.name ?? "\u0000"));
            expect(named.length, `${c.name}: a rotation call names ${r.resource.name} (${r.rotate})`).toBeGreaterThan(0);
          }
        }
        if (steps.includes("lockdown")) {
          const lockdown = calls.lockdown ?? [];
          for (const l of json.runbook.lockdown) {
            if (l.policy) expect(lockdown.some((a) => a.slice(0, 3).join(" ") === "policy assignment create" && a.includes(l.policy?.id ?? ""))).toBe(true);
          }
        }
      });

      it("the Bicep module uses only verified API versions, role GUIDs and policy ids", async () => {
        const bicep = await report(c, "bicep");
        const types = [...bicep.matchAll(/^(?:\/\/ {3})?resource \w+ '(?<type>[\w./]+)@(?<version>[\w-]+)'/gmu)];
        expect(types.length).toBeGreaterThan(0);
        for (const t of types) {
          const { type = "", version = "" } = t.groups ?? {};
          const key = `${type}@${version}`;
          if (API_VERSIONS_ELSEWHERE[key] !== undefined) continue;
          expect(lockdownMd.includes(version) || catalogMd.includes(version), `${key}: API version not in lockdown.md or catalog.md`).toBe(true);
        }
        for (const m of bicep.matchAll(/roleDefinitions', '(?<id>[0-9a-f-]{36})'/gu)) expect(ROLE_GUIDS.has(m.groups?.id ?? ""), `role ${m.groups?.id ?? ""}`).toBe(true);
        const policies = [...bicep.matchAll(/policyDefinitions\/(?<id>[0-9a-f-]{36})/gu)].map((m) => m.groups?.id ?? "");
        for (const id of policies) expect(lockdownMd.includes(id), `policy ${id} in lockdown.md`).toBe(true);
        const json = JSON.parse(await report(c, "json")) as RunbookJson;
        if (c.args.includes("--lockdown")) {
          const withPolicy = json.runbook.lockdown.filter((l) => l.policy);
          expect(new Set(policies)).toEqual(new Set(withPolicy.map((l) => l.policy?.id)));
          // Child-resource switches are real resources (SQL Entra-only, the MySQL server parameter).
          for (const l of json.runbook.lockdown) {
            const change = (l as { change?: { kind: string; type: string; name: string } }).change;
            if (change?.kind === "child") expect(bicep).toMatch(new RegExp(`^resource lockdown\\d+ '${l.resource.type}/${change.type}@[\\d-]+' = if \\(lockdown\\) \\{\\n[^\\n]+\\n  name: '${change.name}'`, "mu"));
          }
          // Step 4 resources deploy only when asked: every one is conditional on lockdown.
          for (const m of bicep.matchAll(/^resource lockdown\w* '[^']+' = (?<cond>.*)\{$/gmu)) expect(m.groups?.cond).toBe("if (lockdown) ");
        }
        if (json.runbook.identity?.kind === "user") {
          expect(bicep).toContain("resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {");
          expect(bicep).toContain("output identityClientId string = identity.properties.clientId");
        }
        if (json.runbook.identity?.kind === "system") {
          const host = HOSTS[json.runbook.identity.host as keyof typeof HOSTS];
          expect(bicep).toContain(`resource appHost '${host.armType}@${host.apiVersion}' existing = {`);
          expect(bicep).toContain("var principalId = appHost.identity.principalId");
        }
        // guid() names must be computable when the deployment starts (BCP120): never a runtime principal id.
        if (json.runbook.identity) for (const m of bicep.matchAll(/name: guid\((?<args>[^)]*)\)/gu)) expect(m.groups?.args).not.toMatch(/principalId/u);
      });

      if (c.args.includes("--rotation")) {
        it("lists every secret found once, with a rotation for its resource", async () => {
          const json = JSON.parse(await report(c, "json")) as RunbookJson;
          const scan = await keyless(["scan", ".", "--format", "json"], { cwd: c.app });
          const found = JSON.parse(scan.stdout) as { findings: { secret: { fingerprint: string } | null }[] };
          const fingerprints = new Set(found.findings.map((f) => f.secret?.fingerprint).filter((f) => f !== undefined));
          expect(new Set(json.runbook.rotation.map((r) => r.fingerprint))).toEqual(fingerprints);
          for (const r of json.runbook.rotation) {
            if (r.rotate === "entra-client-secret" || r.rotate === "azure-unlisted") expect(r.resource).toBeNull();
            else if (r.rotate !== "external") expect(r.resource?.name, `${r.kind} at ${r.file}:${String(r.line)}`).not.toBeNull();
          }
        });
      }
    });
  }
});

describe("the multi-service app's runbook covers every service", () => {
  it("rotates each secret on the resource it belongs to and locks down every resource", async () => {
    const c = cases.find((x) => x.name === "multi-service-user-appservice");
    if (!c) throw new Error("no multi-service-user-appservice case");
    const json = JSON.parse(await report(c, "json")) as RunbookJson;
    const rotations = Object.fromEntries(json.runbook.rotation.map((r) => [`${r.file}:${String(r.line)}`, `${r.rotate} ${r.resource?.type ?? "-"} ${r.resource?.name ?? "-"}`]));
    expect(rotations).toEqual({
      ".env:2": "appconfig-key Microsoft.AppConfiguration/configurationStores contoso-runbook-config",
      ".env:3": "cognitive-key Microsoft.CognitiveServices/accounts contoso-runbook-ai",
      // IoT Hub: detected (the nested `NAME=HostName=…` form), but lockdown.md has no command for it: none is guessed.
      ".env:5": "azure-unlisted - -",
      "src/audit.ts:3": "mysql-password Microsoft.DBforMySQL/flexibleServers contoso-runbook-mysql",
      "src/ledger.ts:7": "sql-password Microsoft.Sql/servers contoso-runbook-sql",
      "src/cache.ts:3": "managed-redis-key Microsoft.Cache/redisEnterprise contoso-runbook",
      "src/database.ts:3": "postgres-password Microsoft.DBforPostgreSQL/flexibleServers contoso-runbook-pg",
      "src/events.ts:4": "eventgrid-namespace-key Microsoft.EventGrid/namespaces contoso-runbook-ns",
      "src/messaging.ts:4": "servicebus-rule Microsoft.ServiceBus/namespaces contoso-runbook-bus",
      "src/search.ts:3": "search-key Microsoft.Search/searchServices contoso-runbook-search",
      "src/secrets.ts:4": "entra-client-secret - -",
      "src/settings.ts:2": "cosmos-key Microsoft.DocumentDB/databaseAccounts contoso-runbook-db",
      "src/storage.ts:4": "storage-account-key Microsoft.Storage/storageAccounts contosorunbook",
    });
    const locked = Object.fromEntries(json.runbook.lockdown.map((l) => [`${l.resource.type} ${l.resource.name ?? "-"}`, l.switch === null ? "none" : (l.policy?.id ?? "no policy")]));
    expect(locked).toEqual({
      "Microsoft.Storage/storageAccounts contosorunbook": "8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54",
      "Microsoft.ServiceBus/namespaces contoso-runbook-bus": "cfb11c26-f069-4c14-8e36-56c394dae5af",
      "Microsoft.DocumentDB/databaseAccounts contoso-runbook-db": "5450f5bd-9c72-4390-a9c4-a7aba4edfdd2",
      "Microsoft.KeyVault/vaults contoso-runbook-kv": "12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5",
      "Microsoft.Search/searchServices contoso-runbook-search": "6300012e-e9a4-4649-b41f-a85f5c43be91",
      "Microsoft.EventGrid/namespaces contoso-runbook-ns": "none",
      "Microsoft.DBforPostgreSQL/flexibleServers contoso-runbook-pg": "fa498b91-8a7e-4710-9578-da944c68d1fe",
      "Microsoft.Sql/servers contoso-runbook-sql": "b3a22bc9-66de-45fb-98fa-00f5df42f41a",
      "Microsoft.DBforMySQL/flexibleServers contoso-runbook-mysql": "40e85574-ef33-47e8-a854-7a65c7500560",
      "Microsoft.Cache/redisEnterprise contoso-runbook": "no policy",
      "Microsoft.AppConfiguration/configurationStores contoso-runbook-config": "b08ab3ca-1062-4db3-8803-eec9cae605d6",
      "Microsoft.CognitiveServices/accounts contoso-runbook-ai": "71ef260a-8f18-47b7-abcb-62d0673d94dc",
    });
    expect(json.runbook.identity?.removeSettings).toEqual(expect.arrayContaining(["AZURE_CLIENT_SECRET", "AZURE_TENANT_ID"]));
  });
});

describe("keyless report runbook flags", () => {
  const app = path.join(FIXTURES, "apps/multi-service");
  it.each([
    [["--identity", "both"], /--identity must be one of system, user \(got "both"\)/u],
    [["--identity", "user", "--host", "aks"], /--host must be one of appservice, functionapp, containerapp, vm \(got "aks"\)/u],
    [["--host", "vm"], /--host names where the identity lives: give --identity system\|user with it/u],
    [["--identity", "system"], /--identity system is turned on on a host: give --host appservice\|functionapp\|containerapp\|vm/u],
  ])("%j is a usage error (exit 2) with a clear message", async (args, message) => {
    const r = await keyless(["report", ".", ...args], { cwd: app });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("--client-id-env names the setting that carries the user-assigned identity's client id, as migrate does", async () => {
    const blob = path.join(FIXTURES, "apps/blob-app");
    const args = ["--identity", "user", "--host", "functionapp", "--client-id-env", "ORDERS_MI_CLIENT_ID"];
    const az = await keyless(["report", ".", "--format", "az", ...args], { cwd: blob });
    expect(az.stdout).toContain('az functionapp config appsettings set --resource-group "$RESOURCE_GROUP" --name "$HOST_NAME" --settings ORDERS_MI_CLIENT_ID="$CLIENT_ID"');
    expect(az.stdout).not.toContain("AZURE_CLIENT_ID=");
    const bicep = await keyless(["report", ".", "--format", "bicep", ...args], { cwd: blob });
    expect(bicep.stdout).toContain("{ name: 'ORDERS_MI_CLIENT_ID', value: identity.properties.clientId }");
    const json = await keyless(["report", ".", "--format", "json", ...args], { cwd: blob });
    expect((JSON.parse(json.stdout) as { runbook: { identity: { clientIdSetting: string } } }).runbook.identity.clientIdSetting).toBe("ORDERS_MI_CLIENT_ID");
    const bad = await keyless(["report", ".", "--identity", "user", "--client-id-env", "not a name"], { cwd: blob });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--client-id-env must be an environment variable name/u);
  });

  it("leaves the json contract as it was without runbook flags", async () => {
    const r = await keyless(["report", ".", "--format", "json"], { cwd: app });
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(["version", "services", "errors"]);
  });

  it("the Markdown report always has the operator runbook, in order", async () => {
    const r = await keyless(["report", "."], { cwd: app });
    const at = ["## Operator runbook", "### 1. Create the identity", "### 2. Deploy the migrated code", "### 3. Rotate every exposed secret", "### 4. Switch key-based access off"].map((h) => r.stdout.indexOf(h));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(r.stdout).toContain("**Before this step**");
  });
});

describe("catalog/lockdown.ts against shared/azure/lockdown.md", () => {
  it("every API version, policy id and host API version is one lockdown.md gives", () => {
    const has = (text: string): boolean => lockdownMd.includes(text);
    for (const entry of Object.values(LOCKDOWN)) {
      if (!isSwitch(entry)) {
        expect(has(entry.armType.split("/")[1] ?? "\u0000"), entry.armType).toBe(true);
        continue;
      }
      expect(has(entry.apiVersion), `${entry.armType} ${entry.apiVersion}`).toBe(true);
      if (entry.policy) {
        expect(has(entry.policy.id), `${entry.policy.displayName}: ${entry.policy.id}`).toBe(true);
        expect(has(entry.policy.displayName), entry.policy.displayName).toBe(true);
        if (entry.policy.remediationId !== undefined) expect(has(entry.policy.remediationId), entry.policy.remediationId).toBe(true);
      }
    }
    // The §3a table: the host's type and the API version used on one line.
    const lines = lockdownMd.split("\n");
    for (const host of Object.values(HOSTS)) {
      expect(lines.some((l) => l.includes(`\`${host.armType}\``) && l.includes(`\`${host.apiVersion}\``)), `${host.armType}@${host.apiVersion}`).toBe(true);
    }
  });

  it("every rotation and lockdown command starts with an az group lockdown.md documents", () => {
    const groups = new Set<string>();
    const text = JSON.stringify([LOCKDOWN, ROTATION_RECIPES, HOSTS]);
    for (const m of text.matchAll(/"(?:command|assign\w+|show\w+|set\w+|delete\w+)":"az (?<g>[a-z-]+ [a-z-]+)/gu)) groups.add(m.groups?.g ?? "");
    // storage account, servicebus namespace, cosmosdb keys, webapp identity, … : the walk must have found them.
    expect(groups.size).toBeGreaterThan(25);
    for (const g of groups) expect(lockdownMd.includes(`az ${g}`), `az ${g}`).toBe(true);
  });

  it("every fixture case file names an app that exists", () => {
    for (const c of cases) expect(existsSync(c.app), c.app).toBe(true);
  });
});

describe("keyless report --rotation --history", () => {
  const git = (cwd: string, ...args: string[]): void => {
    execFileSync("git", ["-c", "user.name=keyless", "-c", "user.email=keyless@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "ignore", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } });
  };

  it("adds a secret only the git history holds, with the commit that added it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "keyless-runbook-history-"));
    try {
      const key = randomBytes(64).toString("base64");
      writeFileSync(path.join(dir, "a.ts"), `export const cs = "DefaultEndpointsProtocol=https;AccountName=historyacct;AccountKey=${key};EndpointSuffix=core.windows.net";\n`);
      git(dir, "init", "-q");
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", "add storage");
      writeFileSync(path.join(dir, "a.ts"), "export const cs = process.env.STORAGE_CONNECTION_STRING;\n");
      git(dir, "commit", "-q", "-am", "read it from the environment");

      const without = await keyless(["report", ".", "--format", "json", "--rotation"], { cwd: dir });
      expect((JSON.parse(without.stdout) as RunbookJson).runbook.rotation).toEqual([]);
      const r = await keyless(["report", ".", "--format", "json", "--rotation", "--history"], { cwd: dir });
      expect(r.code).toBe(0);
      const rotation = (JSON.parse(r.stdout) as { runbook: { rotation: { status: string; commit: string; rotate: string; file: string }[] } }).runbook.rotation;
      expect(rotation).toHaveLength(1);
      expect(rotation[0]).toMatchObject({ status: "history", rotate: "storage-account-key", file: "a.ts" });
      expect(rotation[0]?.commit).toMatch(/^[0-9a-f]{12}$/u);
      const md = await keyless(["report", ".", "--history"], { cwd: dir });
      expect(md.stdout).toMatch(/git history only, added in [0-9a-f]{12}/u);
      for (const out of [r.stdout, md.stdout, r.stderr, md.stderr]) expectNoLeak(out, [key], "report --history");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("outside a git repository, --history is a usage error", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "keyless-runbook-nogit-"));
    try {
      const r = await keyless(["report", ".", "--rotation", "--history"], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--history: /u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
