import type { TextEdit } from "../../src/analysis/secrets.js";

export type { TextEdit };

/**
 * Apply non-overlapping edits to a text. Insertions at the same offset keep the order they were made in;
 * overlapping replacements are a bug in a step and throw.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = "";
  let at = 0;
  for (const { e } of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at ${String(e.start)}`);
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * The one edit that turns `before` into `after`: the changed middle between their common prefix and suffix. What an
 * ESLint suggestion wants (a single fix that replaces a range).
 */
export function singleEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { start, end: before.length - end, text: after.slice(start, after.length - end) };
}

/**
 * Edits to one file, made by several steps. `slice` reads the original text with the edits already made inside the
 * range applied and takes them over, so a rewrite of an outer call can embed a rewrite of an inner one
 * (`new EventHubConsumerClient(…, new BlobCheckpointStore(new ContainerClient(…)))`).
 */
export class EditSet {
  private readonly edits: TextEdit[] = [];

  constructor(readonly text: string) {}

  add(edit: TextEdit): void {
    this.edits.push(edit);
  }

  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text });
  }

  /** The original text of [start, end) with the edits inside it applied; those edits are consumed. */
  slice(start: number, end: number): string {
    const inside = this.edits.filter((e) => e.start >= start && e.end <= end && !(e.start === e.end && (e.start === start || e.start === end)));
    for (const e of inside) this.edits.splice(this.edits.indexOf(e), 1);
    return applyEdits(this.text.slice(start, end), inside.map((e) => ({ start: e.start - start, end: e.end - start, text: e.text })));
  }

  /** Does an edit already touch [start, end)? */
  touches(start: number, end: number): boolean {
    return this.edits.some((e) => e.start < end && start < e.end);
  }

  all(): readonly TextEdit[] {
    return this.edits;
  }

  apply(): string {
    return applyEdits(this.text, this.edits);
  }
}
