import { lstat, stat } from "node:fs/promises";
import path from "node:path";
import { globby, isDynamicPattern, isGitIgnored } from "globby";

/** `script`: TypeScript/JavaScript, judged by the ESLint rules' analysis; `config`: judged by the string detectors. */
export type FileKind = "script" | "config";

const SCRIPT_EXTENSIONS = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);

/** Where secrets live outside code: app settings, env files, manifests, IaC, deployment scripts. */
const CONFIG_EXTENSIONS = new Set([
  ".json",
  ".jsonc",
  ".yaml",
  ".yml",
  ".toml",
  ".ini",
  ".cfg",
  ".conf",
  ".xml",
  ".config",
  ".properties",
  ".tf",
  ".tfvars",
  ".bicep",
  ".bicepparam",
  ".sh",
  ".bash",
  ".zsh",
]);

/** Generated files that hold hashes and URLs, never hand-written secrets, and are often over the size limit. */
const LOCKFILES = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml"]);

/** Never walked into when expanding a directory (a path named explicitly is still scanned). */
export const SKIPPED_DIRECTORIES = ["node_modules", "dist", "build", "coverage", ".git"] as const;
const SKIPPED = new Set<string>(SKIPPED_DIRECTORIES);

export function fileKind(file: string): FileKind | undefined {
  const base = path.basename(file).toLowerCase();
  if (LOCKFILES.has(base)) return undefined;
  if (base === ".env" || base === ".envrc" || base.startsWith(".env.") || base.endsWith(".env")) return "config";
  const ext = path.extname(base);
  if (SCRIPT_EXTENSIONS.has(ext)) return "script";
  if (CONFIG_EXTENSIONS.has(ext)) return "config";
  return undefined;
}

/** Is a path below `root` inside a directory scan skips (node_modules, dist, …)? */
export function inSkippedDirectory(root: string, file: string): boolean {
  const parts = path.relative(root, file).split(path.sep);
  parts.pop();
  return parts.some((p) => SKIPPED.has(p));
}

export interface Discovery {
  /** absolute paths of the files to scan, sorted */
  readonly files: readonly string[];
  /** arguments that name nothing on disk */
  readonly missing: readonly string[];
}

/**
 * The files that `paths` name: files as given (when Keyless reads their kind), directories expanded
 * honouring `.gitignore` and skipping node_modules/dist/build/coverage/.git, glob patterns expanded the same way.
 */
export async function discoverFiles(paths: readonly string[], cwd: string): Promise<Discovery> {
  const files = new Set<string>();
  const missing: string[] = [];
  const patterns: string[] = [];
  let ignoredHere: ((file: string) => boolean) | undefined;
  for (const arg of paths) {
    const absolute = path.resolve(cwd, arg);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      // A directory named on the command line is scanned even when a .gitignore above it ignores it (a copy under
      // an ignored build folder): only the .gitignore files inside it apply then. Otherwise a scan would say
      // "no secrets" about files it never read.
      // Only the .gitignore files of the current directory and above: searching the whole tree for ignore files
      // would follow symlink loops forever.
      ignoredHere ??= await isGitIgnored({ cwd, deep: 0, suppressErrors: true }).catch(() => () => false);
      const named = ignoredHere(absolute);
      for (const file of await expand(["**"], absolute, named ? "inside" : "all")) files.add(file);
    } else if (info ?? (await lstat(absolute).catch(() => undefined))) {
      // A file, a FIFO, a broken link: reading it says what is wrong with it.
      if (fileKind(absolute)) files.add(absolute);
    } else if (isDynamicPattern(arg)) {
      patterns.push(arg);
    } else {
      missing.push(arg);
    }
  }
  if (patterns.length > 0) for (const file of await expand(patterns, cwd)) files.add(file);
  return { files: [...files].sort(), missing };
}

async function expand(patterns: readonly string[], cwd: string, ignoreFiles: "all" | "inside" = "all"): Promise<string[]> {
  const found = await globby(patterns, {
    cwd,
    absolute: true,
    dot: true,
    onlyFiles: true,
    ...(ignoreFiles === "all" ? { gitignore: true } : { ignoreFiles: ["**/.gitignore"] }),
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: SKIPPED_DIRECTORIES.map((d) => `**/${d}/**`),
  });
  return found.map((f) => path.resolve(f)).filter((f) => fileKind(f) !== undefined);
}
