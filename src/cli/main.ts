import { readFileSync } from "node:fs";
import module from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError, type CliIo } from "./io.js";

export type { CliIo, Output } from "./io.js";

const HELP = `Usage: keyless <command> [options]

Commands:
  scan [paths…]     find hard-coded connection strings, keys and secrets (code and config files)
  migrate [dir]     move Azure SDK clients to managed identity (dry run; --write to apply)
  report [dir]      least-privilege roles per service, from the code

Options:
  -h, --help        show this help (keyless <command> --help for a command's options)
  -v, --version     show the version

Exit codes: 0 success/no findings · 1 findings · 2 usage or internal error.
`;

/** The package's version, from the package.json above this file (src/cli in development, dist/src/cli when built). */
function packageVersion(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "eslint-plugin-keyless") return pkg.version;
    } catch {
      // not here: look one level up
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

/**
 * TypeScript ships as one 9 MB CommonJS file in a package that declares no module type. Imported from an ES module,
 * Node 20 compiles it once just to detect that it is CommonJS, then lexes all of it for the names it exports, and
 * only then compiles it to run: about half a second of every start, more than the work a small scan does. Keyless
 * uses nothing but its default export, which `require("typescript")` gives after the one compile. These load hooks
 * hand keyless's own modules (and no one else's) a two-line module that does that require.
 */
const REQUIRE_TYPESCRIPT_HOOKS = `data:text/javascript,${encodeURIComponent(`
import { fileURLToPath } from "node:url";
const MARK = "?keyless-require";
let own;
export function initialize(data) {
  own = data.own;
}
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const parent = context.parentURL ?? "";
  // Keyless's modules, not the packages installed beside its sources (node_modules/ under the repository root).
  const ours = parent.startsWith(own) && !("/" + parent.slice(own.length)).includes("/node_modules/");
  if (specifier !== "typescript" || !ours || !resolved.url.startsWith("file:")) return resolved;
  return { ...resolved, url: resolved.url + MARK, shortCircuit: true };
}
export async function load(url, context, nextLoad) {
  if (!url.endsWith(MARK)) return nextLoad(url, context);
  const file = url.slice(0, -MARK.length);
  const source = "import { createRequire } from 'node:module'; " +
    "export default createRequire(" + JSON.stringify(file) + ")(" + JSON.stringify(fileURLToPath(file)) + ");";
  return { format: "module", source, shortCircuit: true };
}
`)}`;

let preparedForTypeScript = false;

/** Before a command that loads TypeScript: Node 22's compile cache where it exists, and TypeScript through require. */
function prepareForTypeScript(io: CliIo): void {
  if (preparedForTypeScript) return;
  preparedForTypeScript = true;
  const node = module as { enableCompileCache?: () => unknown; register?: (specifier: string, options: { data: unknown }) => void };
  // Node 22+ keeps compiled code between runs (what tsc itself does); a pre-commit hook starts often.
  node.enableCompileCache?.();
  try {
    // Keyless's compiled code (dist/) or its sources: the modules whose `import ts from "typescript"` is redirected.
    node.register?.(REQUIRE_TYPESCRIPT_HOOKS, { data: { own: new URL("../../", import.meta.url).href } });
  } catch (error) {
    // Without the hooks TypeScript loads the ordinary way, only slower.
    if (io.env.KEYLESS_DEBUG) io.stderr.write(`keyless: TypeScript load hooks not registered: ${error instanceof Error ? error.message : "unknown error"}\n`);
  }
}

function processIo(): CliIo {
  // `keyless scan | head`: a reader that stops early is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** argv (without `node keyless`) → command → exit code. The only place that knows about the process. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr.write(HELP);
        return 2;
      case "-h":
      case "--help":
      case "help":
        io.stdout.write(HELP);
        return 0;
      case "-v":
      case "--version":
        io.stdout.write(`${packageVersion() ?? "unknown"}\n`);
        return 0;
      case "scan": {
        // Commands load on demand: TypeScript alone takes a few hundred milliseconds to load, and `--help` needs none of it.
        prepareForTypeScript(io);
        const { runScan } = await import("./scan.js");
        return await runScan(rest, io, packageVersion());
      }
      case "migrate": {
        prepareForTypeScript(io);
        const { runMigrate } = await import("./migrate.js");
        return await runMigrate(rest, io);
      }
      case "report": {
        prepareForTypeScript(io);
        const { runReport } = await import("./report.js");
        return await runReport(rest, io);
      }
      default:
        throw new UsageError(command.startsWith("-") ? `unknown option "${command}"` : `unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`keyless: ${error.message}\nRun "keyless ${command === "scan" ? "scan " : ""}--help" for usage.\n`);
      return 2;
    }
    // Only the message: a stack or an inspected object could carry file content, and so a secret.
    const message = error instanceof Error ? error.message : "unknown error";
    io.stderr.write(`keyless: internal error: ${message}\n`);
    if (io.env.KEYLESS_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 2;
  }
}
