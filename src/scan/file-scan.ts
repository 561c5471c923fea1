import path from "node:path";
import ts from "typescript";
import { fileSetResolver, parseDiagnostics } from "../analysis/program.js";
import { analyzeFile, analyzeText, type SecretFinding } from "../analysis/secrets.js";
import type { ModuleResolver } from "../analysis/value-origin.js";
import { DisableDirectives } from "./directives.js";
import { toScanFinding } from "./finding.js";
import type { FileKind } from "./files.js";
import { LineIndex } from "./lines.js";
import { mayHoldFindings } from "./prefilter.js";
import { SourceFileSet } from "./source-files.js";
import type { ScanError, ScanFinding } from "./types.js";

export interface FileScanContext {
  /** the file as reported: relative to the current directory, `/`-separated */
  readonly label: (file: string) => string;
  /** the parsed TypeScript/JavaScript files of the run (imports between them are followed) */
  readonly sourceFile: (file: string) => ts.SourceFile | undefined;
  readonly resolveModule: ModuleResolver;
  readonly includeEnv: boolean;
  readonly now?: Date | undefined;
}

export interface FileScan {
  readonly findings: readonly ScanFinding[];
  readonly error?: ScanError | undefined;
}

export interface ScanSettings {
  /** file names in findings are relative to this */
  readonly cwd: string;
  readonly includeEnv: boolean;
  readonly now?: Date | undefined;
}

/** What scanning needs to know about the run: the TypeScript/JavaScript texts (for imports between them) and the settings. */
export function createContext(scripts: ReadonlyMap<string, string>, settings: ScanSettings): FileScanContext {
  const files = new SourceFileSet(scripts);
  return {
    label: (file) => path.relative(settings.cwd, file).split(path.sep).join("/"),
    sourceFile: (file) => files.get(file),
    resolveModule: fileSetResolver(files),
    includeEnv: settings.includeEnv,
    now: settings.now,
  };
}

/**
 * The analysis' own findings for one text, offsets into `text` (which is the content without a byte-order mark):
 * what `scanFile` reports, before it is placed in lines and columns. `keyless scan --history` reads the offsets
 * to tell which characters are the key material.
 */
export interface TextScan {
  readonly label: string;
  readonly lines: LineIndex;
  readonly findings: readonly SecretFinding[];
  readonly error?: ScanError | undefined;
}

/** One file's findings; a failure inside the analysis becomes this file's error, never the whole run's. */
export function scanFile(file: string, kind: FileKind, text: string, ctx: FileScanContext): FileScan {
  const scanned = scanText(file, kind, text, ctx);
  const findings = scanned.findings.map((f) => toScanFinding(f, scanned.label, scanned.lines));
  return scanned.error ? { findings, error: scanned.error } : { findings };
}

export function scanText(file: string, kind: FileKind, text: string, ctx: FileScanContext): TextScan {
  const label = ctx.label(file);
  const lines = new LineIndex(text);
  try {
    return { label, lines, ...findSecrets(file, kind, text, label, lines, ctx) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { label, lines, findings: [], error: { file: label, reason: "analysis-failed", message: `could not be analysed (${why.slice(0, 200)}); the rest of the run is unaffected` } };
  }
}

function findSecrets(file: string, kind: FileKind, text: string, label: string, lines: LineIndex, ctx: FileScanContext): Omit<TextScan, "label" | "lines"> {
  if (kind === "config") {
    return { findings: analyzeText(text, { label, what: "config value", now: ctx.now }) };
  }
  if (!mayHoldFindings(text)) return { findings: [] };
  const sf = ctx.sourceFile(file);
  if (sf === undefined) return { findings: [] };
  const directives = DisableDirectives.of(sf, lines);
  const keep = (f: SecretFinding): boolean =>
    (ctx.includeEnv || f.rule !== "prefer-managed-identity") && !directives.disables(f.rule, lines.position(f.start));
  const syntax = parseDiagnostics(sf)[0];
  if (syntax) {
    // ESLint would stop at the parse error; a scanner still owes the user the secrets in the file.
    const at = lines.position(syntax.start);
    const findings = analyzeText(text, { label, what: "text", now: ctx.now }).filter(keep);
    const message = `cannot be parsed (${String(at.line)}:${String(at.column)}: ${ts.flattenDiagnosticMessageText(syntax.messageText, " ")}); scanned as plain text instead`;
    return { findings, error: { file: label, reason: "parse-error", message } };
  }
  const analysis = analyzeFile(sf, { resolveModule: ctx.resolveModule, fileLabel: (f) => ctx.label(f.fileName), now: ctx.now });
  return { findings: analysis.findings.filter(keep) };
}
