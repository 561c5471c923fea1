/**
 * The one place the migration touches the outside world: it loads the project (ts-morph, from a tsconfig or by
 * walking the folder), runs the pure steps over every file, checks that every changed file re-parses and type-checks
 * no worse than before, and writes (atomically) only when asked. Everything it returns is data; the CLI renders it.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { chmod, chown, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { globby } from "globby";
import { Project, ts as morphTs } from "ts-morph";
import ts from "typescript";
import { skipOuter } from "../src/analysis/bindings.js";
import { ClientFinder, type ClientUsage } from "../src/analysis/clients.js";
import { fileSetResolver, parseDiagnostics, parseSourceFile } from "../src/analysis/program.js";
import { analyzeFile } from "../src/analysis/secrets.js";
import { literalLeaves, OriginResolver } from "../src/analysis/value-origin.js";
import { MIGRATION_DEPENDENCIES } from "../src/catalog/index.js";
import { classifyConnectionString, findConnectionStrings } from "../src/detect/connection-string.js";
import { ClientTypes, findBlockers, type Blocker } from "./managed-identity/blockers.js";
import { chainOf, emptySeeds, removeDeadCode, type RemovedImport } from "./managed-identity/cleanup.js";
import { isReference } from "./managed-identity/credential.js";
import { migrateFile, type FileStepOutput } from "./managed-identity/migrate-file.js";
import { DEFAULT_MIGRATE_OPTIONS, type MigratedClient, type MigrateOptions, type SkippedClient, type SkipReason } from "./managed-identity/types.js";

/** Files larger than this are skipped, as keyless scan does. */
const MAX_SOURCE_BYTES = 1024 * 1024;

export interface MigrateProjectOptions extends Partial<MigrateOptions> {
  /** the project folder */
  readonly root: string;
  /** tsconfig to load (default: `<root>/tsconfig.json` when it exists, else every source file under root) */
  readonly tsconfig?: string | undefined;
  /** apply the changes (default: dry run) */
  readonly write?: boolean | undefined;
  /** write even when git reports uncommitted changes */
  readonly allowDirty?: boolean | undefined;
  /** file names in the result are relative to this (default: root) */
  readonly cwd?: string | undefined;
  /** called as files are processed (the CLI draws a progress bar) */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface FileChange {
  readonly path: string;
  /** relative to `cwd`, with forward slashes */
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

export interface MigrateResult {
  readonly write: boolean;
  readonly changes: readonly FileChange[];
  readonly migrated: readonly MigratedClient[];
  readonly skipped: readonly SkippedClient[];
  readonly dependencies: { readonly added: readonly string[]; readonly packageJson: string | undefined };
  /** project-level notes (no package.json, not a git repository, …) */
  readonly notes: readonly string[];
  readonly errors: readonly { readonly file: string; readonly message: string }[];
  /**
   * Key material in the changed files: what a rendering that shows code (the diff) must redact. Computed on first
   * call (it runs the detectors over every changed file); never printed.
   */
  readonly secrets: () => readonly string[];
  readonly stats: { readonly files: number; readonly durationMs: number; readonly passes: number };
}

/** A refusal that is the user's to fix (dirty tree, missing tsconfig): the CLI exits 2 with the message. */
export class MigrateError extends Error {
  override readonly name = "MigrateError";
}

const SOURCE_GLOB = "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}";
const IGNORED = ["**/node_modules/**", "**/dist/**", "**/build/**", "**/coverage/**", "**/.git/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"];
const DEFAULT_COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

const posix = (p: string): string => p.split(path.sep).join("/");

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "no such file";
  return error instanceof Error ? error.message : String(error);
}

/** A file the analysis or a step failed on, as the summary lists it: the rest of the run goes on without it. */
function analysisFailure(error: unknown): string {
  if (error instanceof RangeError) return `could not be analysed: nested too deeply (${error.message}); left as it is`;
  return error instanceof Error ? error.message : String(error);
}

/** Is `file` `dir` itself or under it? By name: `..x.ts` is under, `../x.ts` is not. */
function isUnder(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** Where a path really is, every symbolic link resolved (for a file not there yet: its folder's real path). */
function realPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    try {
      return path.join(realpathSync.native(path.dirname(file)), path.basename(file));
    } catch {
      return path.resolve(file);
    }
  }
}

/** A line this long is minified or generated code (as keyless scan judges lines in history). */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * Why a file is no client code to migrate, if it is not: too large (a bundle, generated data), binary, or minified.
 * Such files are never given to the compiler: parsing them costs seconds and could exhaust memory.
 */
function notSource(file: string): string | undefined {
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size > MAX_SOURCE_BYTES) return `larger than 1 MiB (${(size / MAX_SOURCE_BYTES).toFixed(1)} MiB)`;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.includes(0)) return "binary (contains NUL bytes)";
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(0x0a, start);
    if ((end < 0 ? bytes.length : end) - start > MAX_LINE_BYTES) return `minified or generated (a line longer than ${String(MAX_LINE_BYTES / 1024)} KiB)`;
    if (end < 0) break;
    start = end + 1;
  }
  return undefined;
}

interface Loaded {
  readonly files: Map<string, ts.SourceFile>;
  /** source files under root left out, with why */
  readonly left: readonly { readonly file: string; readonly why: string }[];
  readonly compilerOptions: ts.CompilerOptions;
  readonly rootNames: readonly string[];
}

/**
 * ts-morph's own TypeScript and ours must agree on node kinds for the analysis to read its trees. Same minor version:
 * use its tree as it is; otherwise parse the text with ours.
 */
const SAME_COMPILER = morphTs.version.split(".").slice(0, 2).join(".") === ts.version.split(".").slice(0, 2).join(".");

/** A value typed by ts-morph's bundled TypeScript declarations, as ours (the same shapes, from another .d.ts). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the one place the two declaration sets meet
function fromMorph<T>(value: unknown): T {
  return value as T;
}

function compilerNode(sf: import("ts-morph").SourceFile): ts.SourceFile {
  return SAME_COMPILER ? fromMorph<ts.SourceFile>(sf.compilerNode) : parseSourceFile(sf.getFilePath(), sf.getFullText());
}

async function loadProject(root: string, tsconfig: string | undefined): Promise<Loaded> {
  const files = new Map<string, ts.SourceFile>();
  if (tsconfig) {
    if (!existsSync(tsconfig)) throw new MigrateError(`no tsconfig at ${tsconfig}`);
    const project = new Project({ tsConfigFilePath: tsconfig, skipFileDependencyResolution: true });
    for (const sf of project.getSourceFiles()) {
      const fileName = path.resolve(sf.getFilePath());
      if (sf.isDeclarationFile() || fileName.includes(`${path.sep}node_modules${path.sep}`)) continue;
      files.set(fileName, compilerNode(sf));
    }
    const compilerOptions = fromMorph<ts.CompilerOptions>(project.getCompilerOptions());
    return { files, left: [], compilerOptions: { ...compilerOptions, noEmit: true }, rootNames: project.getSourceFiles().map((s) => path.resolve(s.getFilePath())) };
  }
  const project = new Project({ compilerOptions: fromMorph<morphTs.CompilerOptions>(DEFAULT_COMPILER_OPTIONS), skipFileDependencyResolution: true });
  const found = await globby(SOURCE_GLOB, { cwd: root, absolute: true, gitignore: true, ignore: IGNORED, followSymbolicLinks: false });
  const left: { file: string; why: string }[] = [];
  for (const file of found.sort()) {
    const why = notSource(file);
    if (why !== undefined) {
      left.push({ file: path.resolve(file), why });
      continue;
    }
    try {
      files.set(path.resolve(file), compilerNode(project.addSourceFileAtPath(file)));
    } catch (error) {
      // Unreadable (permissions, deleted meanwhile), or nested beyond what the parser recurses through.
      const why = error instanceof RangeError ? `nested too deeply for the TypeScript parser (${error.message})` : `could not be loaded (${describeError(error)})`;
      left.push({ file: path.resolve(file), why });
    }
  }
  return { files, left, compilerOptions: DEFAULT_COMPILER_OPTIONS, rootNames: [...files.keys()] };
}

function findPackageJson(root: string): string | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir || existsSync(path.join(dir, ".git"))) return undefined;
  }
}

interface PackageJson {
  readonly path: string;
  readonly text: string;
  readonly versions: Record<string, string>;
  readonly dependencies: Record<string, string>;
}

function readPackageJson(root: string): PackageJson | undefined {
  const file = findPackageJson(root);
  if (!file) return undefined;
  const text = readFileSync(file, "utf8");
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const section = (name: string): Record<string, string> => (json[name] && typeof json[name] === "object" ? (json[name] as Record<string, string>) : {});
    return {
      path: file,
      text,
      versions: { ...section("peerDependencies"), ...section("devDependencies"), ...section("dependencies") },
      dependencies: section("dependencies"),
    };
  } catch {
    return undefined;
  }
}

/** Add `deps` to package.json's dependencies, keeping its indentation, key order (sorted when it was) and final newline. */
export function addDependencies(text: string, deps: Readonly<Record<string, string>>): string {
  const json = JSON.parse(text) as Record<string, unknown>;
  const indent = /^[ \t]+/mu.exec(text)?.[0] ?? "  ";
  const current = (json.dependencies && typeof json.dependencies === "object" ? json.dependencies : {}) as Record<string, string>;
  const keys = Object.keys(current);
  const sorted = keys.every((k, i) => i === 0 || (keys[i - 1] ?? "") <= k);
  const merged: Record<string, string> = { ...current, ...deps };
  const order = sorted ? Object.keys(merged).sort() : [...keys, ...Object.keys(deps).filter((k) => !(k in current))];
  const next: Record<string, string> = {};
  for (const k of order) next[k] = merged[k] ?? "";
  if (json.dependencies === undefined) {
    // A new section goes after devDependencies' usual neighbours: right before devDependencies, or at the end.
    const out: Record<string, unknown> = {};
    let placed = false;
    for (const [k, v] of Object.entries(json)) {
      if (!placed && k === "devDependencies") {
        out.dependencies = next;
        placed = true;
      }
      out[k] = v;
    }
    if (!placed) out.dependencies = next;
    return JSON.stringify(out, null, indent) + (text.endsWith("\n") ? "\n" : "");
  }
  json.dependencies = next;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  return (JSON.stringify(json, null, indent) + (text.endsWith("\n") ? "\n" : "")).replace(/\n/gu, eol);
}

function gitDirty(root: string): "clean" | "dirty" | "no-git" {
  try {
    const out = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "."], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return out.trim() === "" ? "clean" : "dirty";
  } catch {
    return "no-git";
  }
}

/** Key material in a text (the findings' ranges), and the secret fields of connection strings the clients used. */
function secretsOf(sf: ts.SourceFile, usages: readonly ClientUsage[], origins: OriginResolver): string[] {
  const out: string[] = [];
  for (const f of analyzeFile(sf).findings) {
    if (f.rule === "prefer-managed-identity") continue;
    out.push(sf.text.slice(f.start, f.end));
  }
  for (const usage of usages) {
    const exprs = [usage.authArg, ...(usage.credential ? usage.credential.entry.secretArgs.map((i) => usage.credential?.node.arguments?.[i]) : [])];
    for (const expr of exprs) {
      if (!expr) continue;
      for (const leaf of literalLeaves(origins.origin(expr))) {
        const parsed = findConnectionStrings(leaf.text);
        if (parsed.length === 0 && leaf.text.length >= 8 && usage.credential) out.push(leaf.text);
        for (const cs of parsed) {
          const verdict = classifyConnectionString(cs);
          if (verdict.status === "keyed") out.push(...verdict.secretFields.map((fld) => fld.value));
        }
        if (parsed.length === 0 && usage.form && "path" in usage.form.at && leaf.text.length >= 8) out.push(leaf.text);
      }
    }
  }
  return out.filter((s) => s.length >= 6);
}

interface PassOutput {
  readonly outputs: Map<string, FileStepOutput>;
  readonly texts: Map<string, string>;
  readonly addedDeps: string[];
}

/** KEYLESS_TIMING=1 prints how long each phase took (to stderr). */
const timing = process.env.KEYLESS_TIMING === "1";
let phaseStart = 0;
function phase(name: string): void {
  const now = performance.now();
  if (timing && phaseStart > 0) process.stderr.write(`keyless migrate: ${name} ${String(Math.round(now - phaseStart))} ms\n`);
  phaseStart = now;
}

/** Run the whole migration. Dry run unless `write`; throws MigrateError for refusals. */
export async function migrateProject(opts: MigrateProjectOptions): Promise<MigrateResult> {
  const started = performance.now();
  phaseStart = started;
  const root = path.resolve(opts.root);
  const cwd = path.resolve(opts.cwd ?? root);
  const options: MigrateOptions = { ...DEFAULT_MIGRATE_OPTIONS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  const notes: string[] = [];
  const errors: { file: string; message: string }[] = [];
  const rel = (p: string): string => posix(path.relative(cwd, p)) || path.basename(p);

  if (!existsSync(root)) throw new MigrateError(`no such directory: ${root}`);
  // Everything written is under the root's real path: checked for every file when the migration starts and again
  // right before it is written.
  const realRoot = realPath(root);
  if (opts.write) {
    const git = gitDirty(root);
    if (git === "dirty" && !opts.allowDirty) throw new MigrateError("the git working tree has uncommitted changes; commit or stash them first, or pass --allow-dirty");
    if (git === "no-git") notes.push("not a git repository: the written changes cannot be undone with git");
    const removed = await removeStaleTemporaryFiles(root);
    if (removed > 0) notes.push(`removed ${String(removed)} temporary file${removed === 1 ? "" : "s"} left by an interrupted keyless migrate --write`);
  }

  const tsconfig = opts.tsconfig ? path.resolve(cwd, opts.tsconfig) : existsSync(path.join(root, "tsconfig.json")) ? path.join(root, "tsconfig.json") : undefined;
  const loaded = await loadProject(root, tsconfig);
  phase("load");
  for (const { file, why } of loaded.left) notes.push(`${rel(file)}: ${why}, not migrated`);
  // The files to migrate: those under root by name and by real path. A tsconfig may include files elsewhere, and a
  // symbolic link may lead out of the root: such files are read (their exports matter) but never changed. A link to
  // another file under root is that file: migrated once, under its own name when it is loaded too.
  const targets: string[] = [];
  for (const file of loaded.files.keys()) {
    if (!isUnder(root, file)) continue;
    const real = realPath(file);
    if (!isUnder(realRoot, real)) {
      notes.push(`${rel(file)} leads to ${real}, outside ${root}: not migrated (keyless migrate writes only under the directory it is given)`);
      continue;
    }
    const ownName = path.join(root, path.relative(realRoot, real));
    if (ownName !== file && loaded.files.has(ownName)) continue;
    targets.push(file);
  }
  const targetSet = new Set(targets);
  const pkg = readPackageJson(root);
  // A package.json above root (the walk up stops at the repository's top) is read for versions, never written.
  const pkgWritable = pkg !== undefined && isUnder(root, pkg.path) && isUnder(realRoot, realPath(pkg.path));

  // Analysis shared by every pass: clients per file, and what blocks them anywhere in the project.
  const origins = new OriginResolver(fileSetResolver(loaded.files));
  const finders = new Map<string, ClientFinder>();
  const usagesByNode = new Map<ts.Node, ClientUsage>();
  for (const file of targets) {
    const sf = loaded.files.get(file) as ts.SourceFile;
    try {
      const finder = new ClientFinder(sf, origins);
      finders.set(file, finder);
      for (const u of finder.clients) usagesByNode.set(u.node, u);
    } catch (error) {
      errors.push({ file: rel(file), message: analysisFailure(error) });
    }
  }
  const blockers = new Map<ts.Node, Blocker[]>();
  if (usagesByNode.size > 0) {
    const types = new ClientTypes(usagesByNode, origins);
    for (const [file, finder] of finders) {
      try {
        findBlockers(finder.sourceFile, finder.bindings, types, (usage, blocker) => {
          blockers.set(usage.node, [...(blockers.get(usage.node) ?? []), blocker]);
        }, finder.clients);
      } catch (error) {
        errors.push({ file: rel(file), message: analysisFailure(error) });
      }
    }
  }

  phase("analysis");
  const otherTexts = new Map<string, string>();
  const fieldUsedElsewhere = (self: string) => (name: string): boolean =>
    [...loaded.files.entries()].some(([f, sf]) => f !== self && sf.text.includes(name));

  // A pass: every file through the steps, then the project-level clean-up of config modules.
  const runPass = (exclude: Map<string, Map<number, { reason: SkipReason; message: string }>>): PassOutput => {
    const outputs = new Map<string, FileStepOutput>();
    const texts = new Map<string, string>();
    let done = 0;
    for (const [file, finder] of finders) {
      done++;
      opts.onProgress?.(done, finders.size);
      if (finder.clients.length === 0) continue;
      try {
        const out = migrateFile({
          sf: finder.sourceFile,
          finder,
          origins,
          options,
          blockers: (u) => blockers.get(u.node) ?? [],
          packageVersions: pkg?.versions,
          exclude: exclude.get(file),
          fieldUsedElsewhere: fieldUsedElsewhere(file),
        });
        outputs.set(file, out);
        if (out.text !== finder.sourceFile.text) texts.set(file, out.text);
      } catch (error) {
        errors.push({ file: rel(file), message: analysisFailure(error) });
      }
    }
    phase("files");
    cleanConfigModules(outputs, texts);
    phase("config modules");
    const wanted = new Set([...outputs.values()].flatMap((o) => (o.migrated.length > 0 ? o.packages : [])));
    const addedDeps = Object.keys(MIGRATION_DEPENDENCIES).filter((d) => wanted.has(d) && pkg?.dependencies[d] === undefined);
    return { outputs, texts, addedDeps };
  };

  /** Exports the migration stopped importing, removed from their modules when nothing else reads them. */
  const cleanConfigModules = (outputs: Map<string, FileStepOutput>, texts: Map<string, string>): void => {
    let pending: { from: string; removed: RemovedImport }[] = [...outputs.entries()].flatMap(([from, o]) => o.removedImports.map((removed) => ({ from, removed })));
    for (let round = 0; round < 5 && pending.length > 0; round++) {
      const universe = universeFiles(texts);
      const resolve = fileSetResolver(universe.parsed);
      const byTarget = new Map<string, { exports: Set<string>; defaultMembers: Set<string>; exportMembers: Set<string> }>();
      for (const { from, removed } of pending) {
        if (!removed.module.startsWith(".")) continue;
        const fromSf = universe.parsed.get(from);
        const target = fromSf ? resolve(fromSf, removed.module) : undefined;
        if (!target || !targetSet.has(target.fileName)) continue;
        const entry = byTarget.get(target.fileName) ?? { exports: new Set(), defaultMembers: new Set(), exportMembers: new Set() };
        if (removed.name === "*") continue;
        if (removed.name === "default" && removed.member !== undefined) entry.defaultMembers.add(removed.member);
        else if (removed.name !== "default" && removed.member !== undefined) entry.exportMembers.add(`${removed.name}.${removed.member}`);
        else if (removed.name !== "default") entry.exports.add(removed.name);
        byTarget.set(target.fileName, entry);
      }
      const next: { from: string; removed: RemovedImport }[] = [];
      for (const [target, entry] of byTarget) {
        const keep = (name: string, member?: string): boolean => isExportRead(universe, resolve, target, name, member);
        const exports = new Set([...entry.exports].filter((n) => !keep(n)));
        const defaultMembers = new Set([...entry.defaultMembers].filter((m) => !keep("default", m)));
        const exportMembers = new Set([...entry.exportMembers].filter((m) => !keep(m.slice(0, m.indexOf(".")), m.slice(m.indexOf(".") + 1))));
        if (exports.size + defaultMembers.size + exportMembers.size === 0) continue;
        const before = texts.get(target) ?? (loaded.files.get(target) as ts.SourceFile).text;
        const cleaned = removeDeadCode(target, before, emptySeeds(), { exports, defaultMembers, exportMembers, fieldUsedElsewhere: fieldUsedElsewhere(target) });
        if (cleaned.text !== before) texts.set(target, cleaned.text);
        next.push(...cleaned.removedImports.map((removed) => ({ from: target, removed })));
      }
      pending = next;
    }
  };

  /** Every source file Keyless can see (the project's, plus others under root such as excluded tests), as now written. */
  const universeFiles = (texts: ReadonlyMap<string, string>): Universe => {
    const sources = new Map<string, string | ts.SourceFile>();
    for (const [f, sf] of loaded.files) sources.set(f, texts.get(f) ?? sf);
    for (const [f, text] of otherTexts) if (!sources.has(f)) sources.set(f, text);
    return new Universe(sources);
  };
  if (finders.size > 0) {
    // Not following links: a link to a parent folder would make this walk endless.
    for (const f of await globby(SOURCE_GLOB, { cwd: root, absolute: true, gitignore: true, ignore: IGNORED, followSymbolicLinks: false, suppressErrors: true })) {
      const full = path.resolve(f);
      if (loaded.files.has(full) || notSource(full) !== undefined) continue;
      otherTexts.set(full, await readFile(full, "utf8").catch(() => ""));
    }
  }

  // Passes: a client whose file would type-check worse is left alone, and the whole migration is redone without it.
  const exclude = new Map<string, Map<number, { reason: SkipReason; message: string }>>();
  let pass = runPass(exclude);
  phase("rewrite");
  let passes = 1;
  const checker = new TypeCheck(loaded);
  for (;;) {
    const regressions = checker.regressions(pass.texts);
    phase("type-check");
    if (regressions.size === 0) break;
    if (passes >= 4) throw new MigrateError("the migration kept breaking the type check; nothing was written");
    for (const [file, message] of regressions) {
      const out = pass.outputs.get(file);
      // A config module that only lost exports: the clients that stopped reading them go back.
      const culprits = out && out.migrated.length > 0 ? [file] : [...pass.outputs.entries()].filter(([, o]) => o.removedImports.length > 0).map(([f]) => f);
      for (const f of culprits) {
        const map = exclude.get(f) ?? new Map<number, { reason: SkipReason; message: string }>();
        for (const m of pass.outputs.get(f)?.migrated ?? []) map.set(m.usage.node.getStart(), { reason: "type-check", message: `the rewritten ${rel(file)} would not type-check: ${message}` });
        exclude.set(f, map);
      }
    }
    pass = runPass(exclude);
    passes++;
  }
  for (const file of checker.unchecked) notes.push(`${rel(file)}: the TypeScript compiler runs out of stack on it (nested too deeply): left as it is`);

  // Results.
  const migrated: MigratedClient[] = [];
  const skipped: SkippedClient[] = [];
  for (const [file, out] of pass.outputs) {
    for (const m of out.migrated) {
      migrated.push({ file: rel(file), line: m.line, service: m.usage.client.service, client: m.usage.client.value.name, from: m.usage.auth === "unknown" ? "key" : m.usage.auth, to: "token", endpoint: m.endpoint, notes: m.notes });
    }
    for (const s of out.skipped) skipped.push({ file: rel(file), line: s.line, service: s.usage.client.service, client: s.usage.client.value.name, reason: s.reason, message: s.message });
  }
  const changes: FileChange[] = [...pass.texts.entries()]
    .map(([p, after]) => ({ path: p, file: rel(p), before: (loaded.files.get(p) as ts.SourceFile).text, after }))
    .sort((a, b) => a.file.localeCompare(b.file));
  if (pass.addedDeps.length > 0) {
    if (pkg && pkgWritable) {
      const deps = Object.fromEntries(pass.addedDeps.map((d) => [d, MIGRATION_DEPENDENCIES[d] ?? "*"]));
      changes.push({ path: pkg.path, file: rel(pkg.path), before: pkg.text, after: addDependencies(pkg.text, deps) });
    } else if (pkg) {
      notes.push(`${rel(pkg.path)} is outside ${root}: add ${pass.addedDeps.join(", ")} to its dependencies (keyless migrate writes only under the directory it is given)`);
    } else {
      notes.push(`no package.json found: add ${pass.addedDeps.join(", ")} to the project's dependencies`);
    }
  }
  changes.sort((a, b) => a.file.localeCompare(b.file));
  phase("results");
  let secrets: string[] | undefined;
  const secretsOfChanges = (): readonly string[] => {
    if (secrets) return secrets;
    const found = new Set<string>();
    for (const change of changes) {
      const sf = loaded.files.get(change.path);
      if (!sf) continue;
      for (const s of secretsOf(sf, finders.get(change.path)?.clients ?? [], origins)) found.add(s);
    }
    secrets = [...found];
    return secrets;
  };
  if (opts.write) {
    const fault = faultInjection();
    let written = 0;
    fault(written);
    for (const change of changes) {
      // The real path, so that a link under root to a file under root stays a link.
      const real = realPath(change.path);
      if (!isUnder(realRoot, real)) {
        errors.push({ file: change.file, message: `not written: it leads to ${real}, outside ${root}` });
        continue;
      }
      try {
        await writeAtomically(real, change.after, { beforeRename: () => { fault(written + 0.5); } });
        fault(++written);
      } catch (error) {
        errors.push({ file: change.file, message: `not written: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  return {
    write: opts.write === true,
    changes,
    migrated: migrated.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    skipped: skipped.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    dependencies: { added: pass.addedDeps, packageJson: pkg ? rel(pkg.path) : undefined },
    notes,
    errors,
    secrets: secretsOfChanges,
    stats: { files: targets.length, durationMs: Math.round(performance.now() - started), passes },
  };
}

/**
 * Does anything outside `target` still read export `name` (or `name.member`)? Conservative: a namespace or default
 * import used as a whole, a re-export, or a dynamic import of the module all count as reads.
 */
/**
 * Every source file Keyless can see, as now written, parsed only when asked for: most files never are, because a
 * text search for the export's name rules them out first.
 */
class Universe {
  readonly parsed: ReadonlyMap<string, ts.SourceFile>;

  constructor(private readonly sources: Map<string, string | ts.SourceFile>) {
    const get = (file: string): ts.SourceFile | undefined => {
      const entry = sources.get(file);
      if (entry === undefined || typeof entry !== "string") return entry;
      const sf = parseSourceFile(file, entry);
      sources.set(file, sf);
      return sf;
    };
    // What fileSetResolver and the readers need of a map: lookups by name.
    this.parsed = { get, has: (file: string) => sources.has(file) } as unknown as ReadonlyMap<string, ts.SourceFile>;
  }

  *entries(): Generator<[string, string]> {
    for (const [file, entry] of this.sources) yield [file, typeof entry === "string" ? entry : entry.text];
  }
}

function isExportRead(universe: Universe, resolve: ReturnType<typeof fileSetResolver>, target: string, name: string, member?: string): boolean {
  const memberPath = member === undefined ? [] : member.split(".");
  // Every reader names the export, or (for a default export) imports the module by its file name.
  const needle = name === "default" ? path.basename(target).replace(/\.[cm]?[jt]sx?$/u, "") : name;
  for (const [file, text] of universe.entries()) {
    if (file === target || !text.includes(needle)) continue;
    const sf = universe.parsed.get(file);
    if (!sf) continue;
    let read = false as boolean;
    /** Does any use of `local` read `want` (a member path under it; empty: any use at all)? */
    const readsPath = (local: string, want: readonly string[]): boolean => {
      let found = false;
      const visit = (node: ts.Node): void => {
        if (found) return;
        if (ts.isIdentifier(node) && node.text === local && isReference(node)) {
          const { path: chain, destructured } = chainOf(node);
          const under = chain.slice(1);
          const common = Math.min(under.length, want.length);
          const compatible = under.slice(0, common).every((seg, i) => seg === want[i]);
          if (compatible) {
            if (under.length >= want.length) found = true;
            else if (!destructured) found = true;
            else {
              const next = want[under.length];
              if (destructured.includes(next ?? "") || destructured.includes("\u0000")) found = true;
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
      return found;
    };
    const exportPath = [name, ...memberPath];
    const resolvesToTarget = (spec: string): boolean => spec.startsWith(".") && resolve(sf, spec)?.fileName === target;
    const visit = (node: ts.Node): void => {
      if (read) return;
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && resolvesToTarget(node.moduleSpecifier.text)) {
        const clause = node.importClause;
        const named = clause?.namedBindings;
        if (named && ts.isNamedImports(named)) {
          const el = named.elements.find((e) => (e.propertyName ?? e.name).text === name);
          if (el && readsPath(el.name.text, memberPath)) read = true;
        }
        if (named && ts.isNamespaceImport(named) && readsPath(named.name.text, exportPath)) read = true;
        if (clause?.name && readsPath(clause.name.text, name === "default" ? memberPath : exportPath)) read = true;
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && resolvesToTarget(node.moduleSpecifier.text)) {
        read = true;
      } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0] as ts.Expression) && resolvesToTarget((node.arguments[0] as ts.StringLiteralLike).text)) {
        const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
        const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
        if (isImport) read = true;
        if (isRequire) {
          const decl = node.parent;
          if (ts.isVariableDeclaration(decl) && decl.initializer && skipOuter(decl.initializer) === node) {
            if (ts.isIdentifier(decl.name)) read = readsPath(decl.name.text, exportPath);
            else if (ts.isObjectBindingPattern(decl.name)) {
              read = decl.name.elements.some((el) => {
                if (el.dotDotDotToken) return true;
                if ((el.propertyName ?? el.name).getText(sf) !== name) return false;
                return memberPath.length === 0 || !ts.isIdentifier(el.name) || readsPath(el.name.text, memberPath);
              });
            } else read = true;
          } else read = true;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    if (read) return true;
  }
  return false;
}

/**
 * Parsed declaration files of installed packages and the TypeScript libs, shared by every run in this process (a
 * test suite migrates hundreds of small projects against the same typings). Keyed by the parse options.
 */
const sharedDeclarations = new Map<string, ts.SourceFile | undefined>();

function parseOptionsKey(options: ts.ScriptTarget | ts.CreateSourceFileOptions): string {
  return typeof options === "object" ? `${String(options.languageVersion)}:${String(options.impliedNodeFormat)}` : String(options);
}

/** Per-file diagnostics before and after, from two programs that share every unchanged file. */
class TypeCheck {
  private before: ts.Program | undefined;
  private readonly local = new Map<string, ts.SourceFile | undefined>();
  /** Files the compiler cannot check: read as empty modules by both programs, and never changed. */
  readonly unchecked = new Set<string>();

  constructor(private readonly loaded: Loaded) {}

  private host(texts: ReadonlyMap<string, string>): ts.CompilerHost {
    const host = ts.createCompilerHost(this.loaded.compilerOptions, true);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const full = path.resolve(fileName);
      const key = `${full}\u0000${parseOptionsKey(languageVersion)}`;
      if (this.unchecked.has(full)) return ts.createSourceFile(full, "export {};\n", languageVersion, true);
      const text = texts.get(full);
      if (text !== undefined) {
        const changedKey = `${key}\u0000changed`;
        const cached = this.local.get(changedKey);
        if (cached?.text === text) return cached;
        const sf = ts.createSourceFile(full, text, languageVersion, true);
        this.local.set(changedKey, sf);
        return sf;
      }
      const shared = full.includes(`${path.sep}node_modules${path.sep}`) || path.dirname(full) === path.dirname(ts.getDefaultLibFilePath(this.loaded.compilerOptions));
      const cache = shared ? sharedDeclarations : this.local;
      if (!cache.has(key)) cache.set(key, read(fileName, languageVersion, onError, shouldCreate));
      return cache.get(key);
    };
    return host;
  }

  private program(texts: ReadonlyMap<string, string>): ts.Program {
    return ts.createProgram({ rootNames: [...this.loaded.rootNames], options: this.loaded.compilerOptions, host: this.host(texts) });
  }

  /**
   * Changed files (and the files that import them) that would have diagnostics they did not have before: file → the
   * first new message. The program before the change is built only when some file has diagnostics after it (a
   * project that type-checks cleanly after the migration needs no comparison).
   */
  regressions(texts: ReadonlyMap<string, string>): Map<string, string> {
    for (;;) {
      try {
        return this.compare(texts);
      } catch (error) {
        // The compiler recurses: a file nested deeply enough (500 nested calls, 1,000 terms of ||) exhausts the
        // stack while binding. Find those files, check every other file without them, and leave them as they are.
        if (!(error instanceof RangeError)) throw error;
        const found = this.tooDeep(texts);
        if (found.length === 0) throw new MigrateError(`the TypeScript compiler failed on this project (${error.message}); nothing was written`);
        for (const file of found) this.unchecked.add(file);
        this.before = undefined;
      }
    }
  }

  /** Files the compiler fails on when checking each of them alone (no lib, no imports). */
  private tooDeep(texts: ReadonlyMap<string, string>): string[] {
    const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [], noEmit: true, allowJs: true };
    const found: string[] = [];
    for (const file of new Set([...this.loaded.rootNames, ...texts.keys()])) {
      if (this.unchecked.has(file)) continue;
      try {
        const text = texts.get(file) ?? this.loaded.files.get(file)?.text ?? ts.sys.readFile(file) ?? "";
        const host = ts.createCompilerHost(options);
        host.getSourceFile = (fileName, languageVersion) => (path.resolve(fileName) === file ? ts.createSourceFile(file, text, languageVersion, true) : undefined);
        ts.createProgram({ rootNames: [file], options, host }).getSemanticDiagnostics();
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        found.push(file);
      }
    }
    return found;
  }

  private compare(texts: ReadonlyMap<string, string>): Map<string, string> {
    const out = new Map<string, string>();
    if (texts.size === 0) return out;
    for (const file of texts.keys()) {
      if (this.unchecked.has(file)) out.set(file, "the TypeScript compiler runs out of stack on it (nested too deeply), so no change to it can be verified");
    }
    if (out.size > 0) return out;
    for (const [file, text] of texts) {
      const errs = parseDiagnostics(parseSourceFile(file, text));
      if (errs.length > 0) out.set(file, `syntax error: ${ts.flattenDiagnosticMessageText(errs[0]?.messageText ?? "", " ")}`);
    }
    if (out.size > 0) return out;
    const after = this.program(texts);
    const check = new Set(texts.keys());
    const resolve = fileSetResolver(this.loaded.files);
    for (const [file, sf] of this.loaded.files) {
      if (check.has(file)) continue;
      if (sf.statements.some((s) => (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith(".") && texts.has(resolve(sf, s.moduleSpecifier.text)?.fileName ?? ""))) {
        check.add(file);
      }
    }
    const key = (d: ts.Diagnostic): string => `${String(d.code)}:${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    for (const file of check) {
      const sfAfter = after.getSourceFile(file);
      if (!sfAfter) continue;
      const afterDiags = [...after.getSyntacticDiagnostics(sfAfter), ...after.getSemanticDiagnostics(sfAfter)];
      if (afterDiags.length === 0) continue;
      this.before ??= this.program(new Map());
      const sfBefore = this.before.getSourceFile(file);
      const beforeKeys = new Map<string, number>();
      for (const d of sfBefore ? [...this.before.getSyntacticDiagnostics(sfBefore), ...this.before.getSemanticDiagnostics(sfBefore)] : []) beforeKeys.set(key(d), (beforeKeys.get(key(d)) ?? 0) + 1);
      for (const d of afterDiags) {
        const k = key(d);
        const left = beforeKeys.get(k) ?? 0;
        if (left > 0) {
          beforeKeys.set(k, left - 1);
          continue;
        }
        const where = d.file && d.start !== undefined ? `:${String(d.file.getLineAndCharacterOfPosition(d.start).line + 1)}` : "";
        out.set(file, `TS${String(d.code)}${where} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
        break;
      }
    }
    return out;
  }
}

/**
 * Test-only fault injection, for test/hardening/no-lost-code.test.ts: `KEYLESS_FAULT_AFTER_WRITES=n` kills the
 * process (SIGKILL, nothing runs after it) once n files are written; `n.5`, halfway through the next file, after its
 * temporary copy is written and before the rename. Unset, it does nothing.
 */
function faultInjection(): (written: number) => void {
  const at = Number.parseFloat(process.env.KEYLESS_FAULT_AFTER_WRITES ?? "");
  return (written) => {
    if (written === at) process.kill(process.pid, "SIGKILL");
  };
}

/**
 * The temporary copy `writeAtomically` renames over `file`: hidden, and with an extension no tool reads as source.
 * A process killed between writing it and the rename leaves it behind; the next `--write` removes it.
 */
function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.keyless-${String(process.pid)}-${randomBytes(4).toString("hex")}.tmp`);
}
const TEMPORARY_NAME = /^\..+\.keyless-(?<pid>\d+)-[\da-f]{8}\.tmp$/u;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Temporary copies under root whose writer is no longer running: removed. Returns how many. */
async function removeStaleTemporaryFiles(root: string): Promise<number> {
  const found = await globby("**/.*.keyless-*.tmp", { cwd: root, absolute: true, dot: true, followSymbolicLinks: false, suppressErrors: true, ignore: ["**/node_modules/**", "**/.git/**"] });
  let removed = 0;
  for (const file of found) {
    const pid = TEMPORARY_NAME.exec(path.basename(file))?.groups?.pid;
    if (pid === undefined || processAlive(Number(pid))) continue;
    await unlink(file).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

/**
 * Write through a temporary file in the same folder and rename over, so that the file is at every moment either its
 * old or its new self: keeps the file's mode, its owner (when allowed) and its byte-order mark.
 */
export async function writeAtomically(file: string, text: string, hooks: { readonly beforeRename?: () => void } = {}): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  const original = info ? await readFile(file) : undefined;
  const bom = original !== undefined && original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf && !text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const temp = temporaryName(file);
  try {
    // "wx": a new file, never through a link someone left at that name.
    await writeFile(temp, bom + text, { encoding: "utf8", mode: info ? info.mode & 0o7777 : 0o644, flag: "wx" });
    if (info) {
      if (info.uid !== process.getuid?.() || info.gid !== process.getgid?.()) await chown(temp, info.uid, info.gid).catch(() => undefined);
      await chmod(temp, info.mode & 0o7777);
    }
    hooks.beforeRename?.();
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
