import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type ts from "typescript";
import { parseSourceFile } from "../src/analysis/program.js";
import type { ModuleResolver } from "../src/analysis/value-origin.js";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const MAX_BYTES = 1024 * 1024;

/** Parsed neighbour modules, keyed by path and modification time, shared by every file the linter visits. */
const parsed = new Map<string, { mtimeMs: number; sf: ts.SourceFile | undefined }>();

function load(file: string): ts.SourceFile | undefined {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
  const cached = parsed.get(file);
  if (cached?.mtimeMs === stat.mtimeMs) return cached.sf;
  let sf: ts.SourceFile | undefined;
  try {
    sf = parseSourceFile(file, readFileSync(file, "utf8"));
  } catch {
    sf = undefined;
  }
  parsed.set(file, { mtimeMs: stat.mtimeMs, sf });
  return sf;
}

/**
 * Without typed linting there is no ts.Program, but a config module next door (`import { key } from "./config"`)
 * is still worth reading so messages can say where a value comes from. Relative imports only; at most 1 MiB.
 */
export const neighbourModules: ModuleResolver = (from, specifier) => {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from.fileName), specifier);
  const stem = base.replace(/\.(?:js|mjs|cjs|jsx)$/u, "");
  for (const candidate of [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))]) {
    if (candidate === from.fileName) continue;
    const sf = load(candidate);
    if (sf) return sf;
  }
  return undefined;
};
