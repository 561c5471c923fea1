// Starts Azurite (blob + queue, table as a by-product) on loopback for the e2e tests:
// free ports, in-memory persistence, HTTPS with a test-time self-signed certificate, `--oauth basic`,
// telemetry off, API version check off, and one custom account with a random key (AZURITE_ACCOUNTS).
// The key is never printed: it is only returned to the caller and passed to Azurite through its environment.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import type { SelfSignedCert } from "./tls.js";

export interface Azurite {
  readonly accountName: string;
  /** Base64 account key: a secret, never log it. */
  readonly accountKey: string;
  /** https://127.0.0.1:<port>/<account> */
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  /** A full connection string for the custom account (contains the key). */
  readonly connectionString: string;
  readonly pid: number | undefined;
  /** Stops Azurite; resolves once the process has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

// Runs Azurite in a child that exits as soon as its IPC channel to the test process closes,
// so a crashed or killed test worker cannot leave Azurite behind.
const WATCHDOG = [
  "process.on('disconnect', () => process.exit(0));",
  "const entry = process.argv[1];",
  "require(entry);",
].join("\n");

function azuriteEntry(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("azurite/package.json");
  return path.join(path.dirname(pkg), "dist/src/azurite.js");
}

const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at (https?:\/\/\S+)/gu;

export async function startAzurite(options: { cert: SelfSignedCert; startTimeoutMs?: number }): Promise<Azurite> {
  let entry: string;
  try {
    entry = azuriteEntry();
  } catch {
    throw new Error("e2e: Azurite is not installed (devDependency `azurite`); run `npm ci`");
  }
  const accountName = `keyless${randomBytes(4).toString("hex")}`;
  const accountKey = randomBytes(64).toString("base64");
  const args = [
    "--blobHost", "127.0.0.1", "--blobPort", "0",
    "--queueHost", "127.0.0.1", "--queuePort", "0",
    "--tableHost", "127.0.0.1", "--tablePort", "0",
    "--inMemoryPersistence",
    "--oauth", "basic",
    "--cert", options.cert.certPath,
    "--key", options.cert.keyPath,
    "--disableTelemetry",
    "--skipApiVersionCheck",
    "--silent",
  ];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", AZURITE_ACCOUNTS: `${accountName}:${accountKey}` };
  if (process.env.HOME) env.HOME = process.env.HOME;
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  if (process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;

  // `node -e <watchdog> <azurite.js> args…`: argv[1] is azurite.js, as if run directly.
  const child = spawn(process.execPath, ["-e", WATCHDOG, entry, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    windowsHide: true,
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => { resolve(); });
  });

  let output = "";
  const addresses = new Map<string, string>();
  const stop = makeStop(child, exited);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`e2e: Azurite did not start within ${options.startTimeoutMs ?? 30_000} ms. Output:\n${tail(output)}`));
      }, options.startTimeoutMs ?? 30_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString("utf8");
        for (const m of output.matchAll(LISTENING)) addresses.set(m[1] ?? "", m[2] ?? "");
        if (addresses.has("Blob") && addresses.has("Queue")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(new Error(`e2e: Azurite could not be spawned: ${err.message}`));
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`e2e: Azurite exited during start-up (code ${String(code)}, signal ${String(signal)}). Output:\n${tail(output)}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  // Keep draining the pipes so Azurite never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();

  const blobBase = new URL(addresses.get("Blob") ?? "");
  const queueBase = new URL(addresses.get("Queue") ?? "");
  const blobEndpoint = `https://127.0.0.1:${blobBase.port}/${accountName}`;
  const queueEndpoint = `https://127.0.0.1:${queueBase.port}/${accountName}`;
  return {
    accountName,
    accountKey,
    blobEndpoint,
    queueEndpoint,
    connectionString: `DefaultEndpointsProtocol=https;AccountName=${accountName};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};`,
    pid: child.pid,
    stop,
  };
}

function makeStop(child: ChildProcess, exited: Promise<void>): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timedOut = await Promise.race([exited.then(() => false), delay(5_000).then(() => true)]);
    if (timedOut) {
      child.kill("SIGKILL");
      await exited;
    }
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function tail(text: string): string {
  return text.split("\n").slice(-20).join("\n");
}
