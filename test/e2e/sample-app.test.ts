// End-to-end proof that code migrated by Keyless runs: fixtures/sample-app's storage + queue scenario runs
// against Azurite with its connection string, then a copy migrated by `keyless migrate --write` runs with no
// connection string or key anywhere, authenticating with managed-identity tokens from a loopback App Service
// identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER) that Azurite (`--oauth basic`, HTTPS) accepts.
// Needs: the built CLI (npm run build), the `azurite` devDependency, and `openssl`. Nothing here is skipped:
// if any of these is missing, beforeAll fails with a message saying which.
import { spawn } from "node:child_process";
import { request as httpsRequest } from "node:https";
import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/scan/types.js";
import { REPO_ROOT } from "../helpers/shared.js";
import { startAzurite, type Azurite } from "./support/azurite.js";
import { startIdentityEndpoint, type IdentityEndpoint } from "./support/identity-endpoint.js";
import { createSelfSignedCert, type SelfSignedCert } from "./support/tls.js";

const SAMPLE_APP = path.join(REPO_ROOT, "fixtures/sample-app");
const KEYLESS_BIN = path.join(REPO_ROOT, "bin/keyless.js");
const TSC = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
const EXPECTED = {
  blobs: ["orders/order-1001/invoice.txt", "orders/order-1001/packing-slip.txt"],
  message: "order-created:order-1001",
};
const STORAGE_RESOURCE = "https://storage.azure.com";

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

let work = "";
let cert: SelfSignedCert;
let azurite: Azurite | undefined;
let identity: IdentityEndpoint | undefined;
let baseline: unknown;
const migrated: Record<"system" | "user", string> = { system: "", user: "" };

/** Removes the Azurite key and connection string from text shown in a failure message. */
function redact(text: string): string {
  if (!azurite) return text;
  return text.split(azurite.accountKey).join("<account key>");
}

function show(run: Run): string {
  return redact(`exit ${String(run.code)}${run.signal ? ` (${run.signal})` : ""}${run.timedOut ? " (timed out)" : ""}\n--- stdout\n${run.stdout.slice(-4000)}\n--- stderr\n${run.stderr.slice(-4000)}`);
}

/** Only what a Node process needs, plus `extra`: no proxy, no Azure variable leaks in from the CI machine. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: cert.certPath, NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "TMPDIR", "SystemRoot", "USERPROFILE"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 45_000);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function node(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Run> {
  return run(process.execPath, args, { cwd, env });
}

function keyless(args: readonly string[], cwd: string): Promise<Run> {
  return node([KEYLESS_BIN, ...args], cwd);
}

/** A copy of the sample app's sources that resolves its packages from the repository's node_modules. */
function copyApp(from: string, name: string): string {
  const dir = path.join(work, name);
  cpSync(from, dir, { recursive: true, filter: (src) => !/[/\\](?:node_modules|dist)$/u.test(src) });
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "junction");
  return dir;
}

/**
 * A copy of the sample app whose storage connection string literal (src/config.ts) is replaced by `connectionString`.
 * The run before migration uses Azurite's own connection string (endpoints at 127.0.0.1). The copy that gets migrated
 * carries the same account name and key in the production shape (EndpointSuffix=core.windows.net), as deployed code
 * would: `keyless migrate` deliberately leaves clients that point at a local emulator alone.
 */
function copyWithConnectionString(name: string, connectionString: string): string {
  const dir = copyApp(SAMPLE_APP, name);
  const configPath = path.join(dir, "src/config.ts");
  const config = readFileSync(configPath, "utf8");
  const pattern = /"DefaultEndpointsProtocol=[^"]*"/u;
  expect(pattern.test(config), "sample-app/src/config.ts has no storage connection string literal to point at Azurite").toBe(true);
  writeFileSync(configPath, config.replace(pattern, JSON.stringify(connectionString)));
  return dir;
}

/** The Azurite account's key in a production-shaped connection string. */
function productionConnectionString(): string {
  if (!azurite) throw new Error("harness not started");
  return `DefaultEndpointsProtocol=https;AccountName=${azurite.accountName};AccountKey=${azurite.accountKey};EndpointSuffix=core.windows.net`;
}

async function build(dir: string): Promise<void> {
  const result = await node([TSC, "-p", path.join(dir, "tsconfig.json")], dir);
  expect(result.code, `tsc -p failed in ${path.basename(dir)}:\n${show(result)}`).toBe(0);
}

function sourceText(dir: string): string {
  const src = path.join(dir, "src");
  return readdirSync(src)
    .map((file) => readFileSync(path.join(src, file), "utf8"))
    .join("\n");
}

function parseResult(result: Run): unknown {
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as unknown;
}

/** The environment of a migrated run: identity endpoint and resource endpoints, nothing secret. */
function identityEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  if (!azurite || !identity) throw new Error("harness not started");
  const env = cleanEnv({
    IDENTITY_ENDPOINT: identity.url,
    IDENTITY_HEADER: identity.header,
    AZURE_STORAGEBLOB_RESOURCEENDPOINT: azurite.blobEndpoint,
    AZURE_STORAGEQUEUE_RESOURCEENDPOINT: azurite.queueEndpoint,
    ...extra,
  });
  for (const [name, value] of Object.entries(env)) {
    if (value?.includes(azurite.accountKey) || /ConnectionString|AccountKey=/iu.test(value ?? "") || /CONNECTION_STRING|ACCOUNT_KEY|_KEY$|SECRET/iu.test(name)) {
      throw new Error(`the migrated run's environment must hold no key or connection string (variable ${name})`);
    }
  }
  return env;
}

beforeAll(async () => {
  if (!existsSync(path.join(REPO_ROOT, "dist/src/cli/main.js"))) {
    throw new Error("e2e: the CLI is not built (dist/ missing); run `npm run build` first (npm test does)");
  }
  // Outside the repository on purpose: keyless scan/report honour the repo's .gitignore, which ignores .tmp/.
  work = mkdtempSync(path.join(os.tmpdir(), "keyless-e2e-"));
  cert = createSelfSignedCert(work);
  azurite = await startAzurite({ cert });
  identity = await startIdentityEndpoint({ cert });
}, 60_000);

afterAll(async () => {
  const stops: Promise<unknown>[] = [];
  if (azurite) stops.push(azurite.stop());
  if (identity) stops.push(identity.close());
  await Promise.allSettled(stops);
  if (work) rmSync(work, { recursive: true, force: true });
}, 30_000);

describe("e2e: fixtures/sample-app against Azurite (HTTPS, --oauth basic)", { timeout: 120_000 }, () => {
  it("runs with its connection string pointed at Azurite and prints the scenario result", async () => {
    if (!azurite || !identity) throw new Error("harness not started");
    const before = copyWithConnectionString("before", azurite.connectionString);
    await build(before);

    const result = await node([path.join(before, "dist/main.js")], before);
    expect(result.code, show(result)).toBe(0);
    baseline = parseResult(result);
    expect(baseline).toEqual(EXPECTED);
    expect(identity.requests, "the key-based run must not ask for tokens").toHaveLength(0);
  });

  it("keyless migrate --write removes the key; keyless scan then finds no secret; tsc --noEmit passes", async () => {
    if (!azurite) throw new Error("harness not started");
    const after = copyWithConnectionString("after", productionConnectionString());

    const scanBefore = await keyless(["scan", "--format", "json", "."], after);
    expect(scanBefore.code, `keyless scan should find the Azurite key before migration:\n${show(scanBefore)}`).toBe(1);
    const found = JSON.parse(scanBefore.stdout) as ScanResult;
    expect(found.findings.some((f) => f.file.endsWith("config.ts")), "no finding in src/config.ts before migration").toBe(true);

    const migrate = await keyless(["migrate", ".", "--write", "--allow-dirty", "--endpoints", "env"], after);
    expect(migrate.code, show(migrate)).toBe(0);
    expect(sourceText(after).includes(azurite.accountKey), "the account key is still in the migrated sources").toBe(false);
    expect(sourceText(after)).toContain("process.env.AZURE_STORAGEBLOB_RESOURCEENDPOINT");

    const scanAfter = await keyless(["scan", "--format", "json", "."], after);
    expect(scanAfter.code, show(scanAfter)).toBe(0);
    const clean = JSON.parse(scanAfter.stdout) as ScanResult;
    expect(clean.findings).toEqual([]);
    expect(clean.errors).toEqual([]);
    expect(clean.stats.files, "keyless scan read no file (ignored directory?)").toBeGreaterThanOrEqual(7);

    const typecheck = await node([TSC, "--noEmit", "-p", path.join(after, "tsconfig.json")], after);
    expect(typecheck.code, show(typecheck)).toBe(0);
    await build(after);
    migrated.system = after;
  });

  it("the migrated app runs with only IDENTITY_ENDPOINT/IDENTITY_HEADER (+ endpoints) and prints the same result", async () => {
    if (!identity) throw new Error("harness not started");
    expect(migrated.system, "the migration step failed").not.toBe("");
    identity.reset();
    const result = await node([path.join(migrated.system, "dist/main.js")], migrated.system, identityEnv());
    expect(result.code, show(result)).toBe(0);
    expect(parseResult(result)).toEqual(baseline);
    expect(identity.requests.length).toBeGreaterThan(0);
    for (const request of identity.requests) {
      expect(request.headerOk).toBe(true);
      expect(request.resource).toBe(STORAGE_RESOURCE);
      expect(request.clientId).toBeUndefined();
    }
  });

  it("negative control: a token with the wrong audience is refused by Azurite and the run fails visibly", async () => {
    if (!identity) throw new Error("harness not started");
    expect(migrated.system, "the migration step failed").not.toBe("");
    identity.reset();
    identity.forceAudience = "https://vault.azure.net";
    try {
      const result = await node([path.join(migrated.system, "dist/main.js")], migrated.system, identityEnv());
      expect(result.code, show(result)).toBe(1);
      expect(result.stdout.trim()).toBe("");
      expect(result.stderr, show(result)).toMatch(/Server failed to authenticate the request/u); // Azurite 403 AuthenticationFailed ("Invalid token audience.")
      expect(identity.requests.length).toBeGreaterThan(0);
    } finally {
      identity.reset();
    }
  });

  it("with --identity user the token endpoint receives the expected client_id", async () => {
    if (!identity) throw new Error("harness not started");
    const userApp = copyWithConnectionString("after-user", productionConnectionString());
    const migrate = await keyless(["migrate", ".", "--write", "--allow-dirty", "--endpoints", "env", "--identity", "user"], userApp);
    expect(migrate.code, show(migrate)).toBe(0);
    expect(sourceText(userApp)).toContain("managedIdentityClientId: process.env.AZURE_CLIENT_ID");
    await build(userApp);
    migrated.user = userApp;

    identity.reset();
    const clientId = randomUUID();
    const result = await node([path.join(userApp, "dist/main.js")], userApp, identityEnv({ AZURE_CLIENT_ID: clientId }));
    expect(result.code, show(result)).toBe(0);
    expect(parseResult(result)).toEqual(baseline);
    expect(identity.requests.length).toBeGreaterThan(0);
    for (const request of identity.requests) {
      expect(request.clientId).toBe(clientId);
      expect(request.resource).toBe(STORAGE_RESOURCE);
    }
  });

  it("the identity endpoint refuses a request without the right X-IDENTITY-HEADER", async () => {
    if (!identity) throw new Error("harness not started");
    identity.reset();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(identity?.url ?? "");
      url.searchParams.set("api-version", "2019-08-01");
      url.searchParams.set("resource", STORAGE_RESOURCE);
      const req = httpsRequest(url, { ca: readFileSync(cert.certPath), headers: { "X-IDENTITY-HEADER": "wrong" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.once("error", reject);
      req.end();
    });
    expect(status).toBe(401);
    expect(identity.requests).toEqual([{ resource: STORAGE_RESOURCE, clientId: undefined, apiVersion: "2019-08-01", headerOk: false }]);
    identity.reset();
  });

  it("keyless report --format json names the roles the scenario exercised", async () => {
    for (const dir of [path.join(work, "before"), migrated.system]) {
      expect(dir, "the migration step failed").not.toBe("");
      const result = await keyless(["report", "--format", "json", "."], dir);
      expect(result.code, show(result)).toBe(0);
      const report = JSON.parse(result.stdout) as { services: { service: string; roles: { name: string }[] }[] };
      const roles = (service: string): string[] => report.services.filter((s) => s.service === service).flatMap((s) => s.roles.map((r) => r.name));
      expect(roles("storage-blob"), `${path.basename(dir)}: blob roles`).toContain("Storage Blob Data Contributor");
      expect(roles("storage-queue"), `${path.basename(dir)}: queue roles`).toContain("Storage Queue Data Contributor");
    }
  });
});
