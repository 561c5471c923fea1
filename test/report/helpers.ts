import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { keyless, type Run } from "../cli/run.js";
import { REPO_ROOT } from "../helpers/shared.js";

export const FIXTURES = path.join(REPO_ROOT, "fixtures/report");

export interface ReportJson {
  readonly version: number;
  readonly services: readonly {
    readonly service: string;
    readonly resource: { readonly kind: string; readonly name: string | null; readonly endpoint: string | null; readonly entity: string | null };
    readonly roles: readonly {
      readonly name: string;
      readonly id: string;
      readonly assignment: string;
      readonly scope: string;
      readonly because: readonly { readonly operation: string; readonly file: string; readonly line: number; readonly unknown?: boolean }[];
    }[];
    readonly envVars: readonly string[];
    readonly notes: readonly string[];
    readonly controlPlane: readonly { readonly operation: string; readonly role: string }[];
  }[];
}

/** The fixture apps: every folder of fixtures/report with an expected.json, and the flags in its args.json. */
export function fixtureCases(): { name: string; dir: string; args: string[] }[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(FIXTURES, d.name, "expected.json")))
    .map((d) => {
      const dir = path.join(FIXTURES, d.name);
      const argsFile = path.join(dir, "args.json");
      return { name: d.name, dir, args: existsSync(argsFile) ? (JSON.parse(readFileSync(argsFile, "utf8")) as string[]) : [] };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function report(dir: string, format: string, args: readonly string[] = []): Promise<Run> {
  return keyless(["report", ".", "--format", format, ...args], { cwd: dir });
}

export async function reportJson(dir: string, args: readonly string[] = []): Promise<ReportJson> {
  const run = await report(dir, "json", args);
  if (run.code !== 0) throw new Error(`keyless report exited ${String(run.code)}: ${run.stderr}`);
  return JSON.parse(run.stdout) as ReportJson;
}

/** Role names per service id, the way the check reads a report. */
export function rolesByService(r: ReportJson): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of r.services) out[s.service] = [...new Set([...(out[s.service] ?? []), ...s.roles.map((x) => x.name)])].sort();
  return out;
}

const run = promisify(execFile);

/** Runs a tool on a file; `undefined` when the tool is not installed. */
export async function tool(command: string, args: readonly string[]): Promise<{ code: number; output: string } | undefined> {
  try {
    const { stdout, stderr } = await run(command, [...args]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { code?: number | string; stdout?: string; stderr?: string };
    if (e.code === "ENOENT") return undefined;
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}
