import path from "node:path";
import ts from "typescript";
import type { ModuleResolver } from "./value-origin.js";

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

/** Parse one file on its own (no program): what scan and the non-TS-parser fallback use. */
export function parseSourceFile(fileName: string, text: string): ts.SourceFile {
  const kind = SCRIPT_KINDS[path.extname(fileName).toLowerCase()] ?? ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
}

/** Does this file have syntax errors a parser reported? */
export function parseDiagnostics(sf: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/** Resolves relative imports against a set of already-parsed files (scan, report). */
export function fileSetResolver(files: ReadonlyMap<string, ts.SourceFile>): ModuleResolver {
  return (from, specifier) => {
    const base = path.resolve(path.dirname(from.fileName), specifier);
    const stem = base.replace(/\.(?:js|mjs|cjs|jsx)$/u, "");
    for (const candidate of [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))]) {
      const sf = files.get(candidate);
      if (sf) return sf;
    }
    return undefined;
  };
}

/** Resolves relative imports through a ts.Program (typed linting). */
export function programResolver(program: ts.Program): ModuleResolver {
  return (from, specifier) => {
    const resolved = ts.resolveModuleName(specifier, from.fileName, program.getCompilerOptions(), ts.sys).resolvedModule;
    return resolved ? program.getSourceFile(resolved.resolvedFileName) : undefined;
  };
}
