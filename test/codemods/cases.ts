import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { migrateProject, type MigrateResult } from "../../codemods/runner.js";
import type { MigrateOptions, SkipReason } from "../../codemods/managed-identity/types.js";
import { REPO_ROOT } from "../helpers/shared.js";

export const CASES_DIR = path.join(REPO_ROOT, "fixtures/codemods");

/** What a case says about itself (case.json beside input/ and expected/). */
export interface CaseSpec {
  readonly generated?: boolean;
  readonly options?: Partial<MigrateOptions>;
  /** how many clients the migration rewrites */
  readonly migrated: number;
  /** the clients it leaves, by file and reason */
  readonly skipped: readonly { readonly file: string; readonly reason: SkipReason }[];
  /** set when expected/ must not be type-checked (it imports a package that is not installed) */
  readonly typecheck?: boolean;
}

export interface Case {
  readonly name: string;
  readonly dir: string;
  readonly input: string;
  readonly expected: string;
  readonly spec: CaseSpec;
}

/** Every fixtures/codemods/<case>/ with input/ and expected/, found by walking the folder. */
export function discoverCases(filter: (name: string) => boolean = () => true): Case[] {
  if (!existsSync(CASES_DIR)) return [];
  return readdirSync(CASES_DIR)
    .filter((name) => filter(name) && existsSync(path.join(CASES_DIR, name, "input")) && existsSync(path.join(CASES_DIR, name, "expected")))
    .sort()
    .map((name) => {
      const dir = path.join(CASES_DIR, name);
      const specFile = path.join(dir, "case.json");
      const spec = existsSync(specFile) ? (JSON.parse(readFileSync(specFile, "utf8")) as CaseSpec) : { migrated: 0, skipped: [] };
      return { name, dir, input: path.join(dir, "input"), expected: path.join(dir, "expected"), spec };
    });
}

/** All files under a folder, by posix path relative to it. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const full = path.join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(dir, full).split(path.sep).join("/"), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return out;
}

/** The dry-run migration of a folder, as the tree it would write. */
export async function migrateTree(dir: string, options: Partial<MigrateOptions> = {}): Promise<{ result: MigrateResult; tree: Map<string, string> }> {
  const result = await migrateProject({ root: dir, cwd: dir, ...options });
  const tree = readTree(dir);
  for (const change of result.changes) tree.set(change.file, change.after);
  return { result, tree };
}

const TYPECHECK_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  allowJs: true,
  checkJs: false,
  types: ["node"],
  moduleDetection: ts.ModuleDetectionKind.Force,
};

/** `tsc --noEmit` (strict, NodeNext) over many folders at once, against the installed typings: diagnostics by file. */
export function typecheck(dirs: readonly string[]): Map<string, string[]> {
  const files = dirs.flatMap((d) => [...readTree(d).keys()].filter((f) => /\.(?:[cm]?ts|tsx)$/u.test(f)).map((f) => path.join(d, f)));
  const program = ts.createProgram({ rootNames: files, options: TYPECHECK_OPTIONS });
  const out = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.resolve(d.file.fileName) : "(global)";
    const where = d.file && d.start !== undefined ? `:${String(d.file.getLineAndCharacterOfPosition(d.start).line + 1)}` : "";
    out.set(file, [...(out.get(file) ?? []), `TS${String(d.code)}${where} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`]);
  }
  return out;
}
