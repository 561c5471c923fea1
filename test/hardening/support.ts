import { spawn } from "node:child_process";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { marvin32, seedFromName } from "../../src/detect/checksum.js";
import { validateIdentifiableKey } from "../../src/detect/identifiable.js";
import { vi } from "vitest";
import { builtCli } from "../cli/run.js";

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness: every secret is made at run time (no test file holds one), the same on every run.

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chars(length: number, alphabet: string): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)] ?? "";
    return out;
  }

  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B66_ENTRA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890.-_~";
const ENTRA_BODY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-";

/** An Entra client secret in the current `8Q~` layout whose base-66 Marvin32 checksum verifies (seed `AadPwd00`). */
export function entraSecret(rng: Prng): string {
  const body = `${rng.chars(3, ENTRA_BODY)}8Q~${rng.chars(31, ENTRA_BODY)}`;
  let hash = marvin32(Buffer.from(body, "latin1"), seedFromName("AadPwd00"));
  let digits = "";
  for (; hash > 0; hash = Math.floor(hash / 66)) digits = (B66_ENTRA[hash % 66] ?? "") + digits;
  const secret = body + digits.padStart(6, B66_ENTRA[0]).slice(0, 3);
  const verdict = validateIdentifiableKey(secret);
  if (verdict.status !== "valid") throw new Error("generated an Entra secret the validator rejects");
  return secret;
}

/** Something a person would pick as a password, but random: every character class, no dictionary word. */
export function password(rng: Prng, length = 18): string {
  const classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%*+-?@^_"];
  let out = "";
  for (let i = 0; i < length; i++) out += rng.chars(1, classes[i % classes.length] ?? ALNUM);
  return out;
}

/**
 * Distinct secrets of every kind Keyless reports, generated from one seed. `name` → the key material that must
 * never be printed; the fixtures below embed each in the form it takes in real code and config.
 */
export function plantSecrets(seed: number) {
  const rng = new Prng(seed);
  const b64 = (bytes: number): string => rng.bytes(bytes).toString("base64");
  const pemBody = b64(900);
  return {
    storageConnectionStringKey: b64(64),
    serviceBusKey: b64(32),
    cosmosKey: b64(64),
    appConfigSecret: b64(32),
    sqlPassword: password(rng),
    storageSharedKey: b64(64),
    azureKeyCredentialHex: rng.chars(32, HEX),
    clientSecretCredentialSecret: `${rng.chars(12, ALNUM)}~${rng.chars(10, ALNUM)}.${rng.chars(10, ALNUM)}`,
    entraSecret: entraSecret(rng),
    awsAccessKeyId: `AKIA${rng.chars(16, BASE32)}`,
    awsSecretAccessKey: rng.chars(40, `${ALNUM}+/`),
    githubToken: `ghp_${rng.chars(36, ALNUM)}`,
    pemKeyBody: pemBody,
    jwt: [
      Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT", kid: rng.chars(16, ALNUM) })).toString("base64url"),
      Buffer.from(JSON.stringify({ sub: rng.chars(20, ALNUM), iat: 1700000000 + rng.int(1e6), scope: rng.chars(12, ALNUM) })).toString("base64url"),
      rng.bytes(32).toString("base64url"),
    ].join("."),
    sasSignature: b64(32),
    dbPassword: password(rng),
    pgPassword: password(rng),
    commentToken: `ghp_${rng.chars(36, ALNUM)}`,
    envStorageKey: b64(64),
    envPassword: password(rng),
    jsonServiceBusKey: b64(32),
    yamlPassword: password(rng, 20),
    yamlEntraSecret: entraSecret(rng),
    brokenFileKey: b64(64),
  };
}
export type PlantedSecrets = ReturnType<typeof plantSecrets>;

/** The strings whose 8-character pieces must never appear, by name; PEM bodies line by line, as they are written. */
export function secretStrings(secrets: PlantedSecrets): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) {
    if (name === "pemKeyBody") pemLines(value).forEach((line, i) => (out[`pemKeyBody line ${String(i + 1)}`] = line));
    else out[name] = value;
    // A SAS signature sits URL-encoded in its URL; neither form may be printed.
    if (name === "sasSignature") out[`${name} (URL-encoded)`] = encodeURIComponent(value);
  }
  return out;
}

export function pemLines(body: string): string[] {
  return body.match(/.{1,64}/gu) ?? [];
}

// ---------------------------------------------------------------------------------------------------------------
// Leaks

export interface Leak {
  readonly where: string;
  readonly secret: string;
  readonly offset: number;
}

/** Finds any `width`-character piece of any secret in texts, by a set of all pieces: linear in the text. */
export class LeakDetector {
  private readonly pieces = new Map<string, string>();

  constructor(
    private readonly secretNames: Readonly<Record<string, string>>,
    private readonly width = 8,
  ) {
    for (const [name, secret] of Object.entries(secretNames)) {
      for (let i = 0; i + width <= secret.length; i++) this.pieces.set(secret.slice(i, i + width), name);
    }
  }

  /** Every leak in `text`, reported by secret name and offset (never the secret itself: the report must not leak either). */
  find(text: string, where: string): Leak[] {
    const leaks: Leak[] = [];
    const seen = new Set<string>();
    for (let i = 0; i + this.width <= text.length; i++) {
      const name = this.pieces.get(text.slice(i, i + this.width));
      if (name === undefined || seen.has(name)) continue;
      seen.add(name);
      leaks.push({ where, secret: name, offset: i });
    }
    return leaks;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Files

/** Every regular file under `dir` (symbolic links are not followed), as `relative path → bytes`. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== ".git") walk(full);
      } else if (entry.isFile()) {
        out.set(path.relative(dir, full).split(path.sep).join("/"), readFileSync(full));
      }
    }
  };
  if (lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() === true) walk(dir);
  return out;
}

/** Files created or changed between two snapshots. */
export function written(before: ReadonlyMap<string, Buffer>, after: ReadonlyMap<string, Buffer>): [string, Buffer][] {
  return [...after].filter(([file, bytes]) => {
    const old = before.get(file);
    return old === undefined || !old.equals(bytes);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The built CLI, as users run it

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** killed after the time limit */
  readonly hung: boolean;
}

/** `node bin/keyless.js …` in `cwd`, killed after `limitMs`; output captured in full. */
export async function runCli(args: readonly string[], options: { cwd: string; limitMs?: number; env?: NodeJS.ProcessEnv; uid?: number; gid?: number }): Promise<CliRun> {
  const cli = await builtCli();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill("SIGKILL");
    }, options.limitMs ?? 10_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), ms: performance.now() - started, hung });
    });
  });
}

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace", "dir", "table"] as const;

/**
 * `keyless …` in this process, through the same `main()` the bin calls: a tenth of the time of a new process.
 * Its streams are captured, and so is anything written past them (process.stdout, process.stderr, console), since
 * a stray log line is as much a leak as a report line. Runs must not overlap: the interception is global.
 */
export async function runInProcess(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const { main } = await import("../../src/cli/main.js");
  let stdout = "";
  let stderr = "";
  const text = (chunk: unknown): string => (typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
  const started = performance.now();
  const spies = [
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => ((stdout += text(chunk)), true)),
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => ((stderr += text(chunk)), true)),
    ...CONSOLE_METHODS.map((m) => vi.spyOn(console, m).mockImplementation((...parts: unknown[]) => void (stderr += `${parts.map(String).join(" ")}\n`))),
  ];
  let code: number;
  try {
    code = await main(args, {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s) },
      cwd: options.cwd,
      env: { ...options.env },
    });
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return { code, signal: null, stdout, stderr, ms: performance.now() - started, hung: false };
}

/** Is `keyless <command>` there yet? (`migrate` and `report` are being written beside these tests.) */
export async function commandAvailable(command: string, cwd: string): Promise<boolean> {
  const run = await runCli([command, "--help"], { cwd, limitMs: 20_000 });
  return run.code === 0 && run.stdout.includes(`keyless ${command}`);
}

/** Runs tasks with at most `limit` at once (CLI processes: two cores, so a few at a time). */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
