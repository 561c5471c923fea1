import type { ScanFinding, ScanResult } from "../../scan/types.js";

export interface StylishOptions {
  /** ANSI colours: the CLI turns them on for a terminal only */
  readonly color?: boolean | undefined;
}

type Paint = (text: string) => string;

const ansi = (open: number, close: number): Paint => (text) => `\u001b[${String(open)}m${text}\u001b[${String(close)}m`;

const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? "" : "s"}`;

/** `--format stylish`: one line per finding (position, severity, message with its docs link, rule), grouped by file, then a summary. */
export function formatStylish(result: ScanResult, options: StylishOptions = {}): string {
  const color = options.color === true;
  const paint = (p: Paint): Paint => (color ? p : (t) => t);
  const underline = paint(ansi(4, 24));
  const red = paint(ansi(31, 39));
  const yellow = paint(ansi(33, 39));
  const green = paint(ansi(32, 39));
  const dim = paint(ansi(2, 22));
  const bold = paint(ansi(1, 22));

  const out: string[] = [];
  const byFile = new Map<string, ScanFinding[]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    out.push(underline(file));
    const width = Math.max(...findings.map((f) => `${String(f.line)}:${String(f.column)}`.length));
    for (const f of findings) {
      const where = `${String(f.line)}:${String(f.column)}`.padEnd(width);
      const severity = f.severity === "error" ? red("error  ") : yellow("warning");
      out.push(`  ${dim(where)}  ${severity}  ${f.message}  ${dim(f.ruleId)}`);
    }
    out.push("");
  }

  const errorCount = result.findings.filter((f) => f.severity === "error").length;
  const warningCount = result.findings.length - errorCount;
  const scanned = `${plural(result.stats.files, "file")} scanned in ${String(result.stats.durationMs)} ms`;
  const baselined = result.stats.baselined ? `, ${String(result.stats.baselined)} known (baseline)` : "";
  if (result.findings.length > 0) {
    const summary = `✖ ${plural(result.findings.length, "problem")} (${plural(errorCount, "error")}, ${plural(warningCount, "warning")}) in ${plural(byFile.size, "file")}`;
    out.push(`${bold(errorCount > 0 ? red(summary) : yellow(summary))} · ${scanned}${baselined}`);
  } else {
    out.push(`${bold(green("✔ No hard-coded secrets found"))} · ${scanned}${baselined}`);
  }

  if (result.errors.length > 0) {
    out.push("", yellow(`${plural(result.errors.length, "file")} not fully scanned:`));
    for (const e of result.errors) out.push(`  ${e.file}  ${dim(e.message)}`);
  }
  return `${out.join("\n")}\n`;
}
