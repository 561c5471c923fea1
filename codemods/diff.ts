/**
 * Unified diffs (`diff -u` / `git diff` layout) between two texts, line by line, with Myers' O(ND) algorithm.
 */

type Op = { readonly kind: " " | "-" | "+"; readonly line: string };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** The shortest edit script from `a` to `b`. */
function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) x = v[offset + k + 1] ?? 0;
      else x = (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the trace.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] as Int32Array;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0))) prevK = k + 1;
    else prevK = k - 1;
    const prevX = vd[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[x - 1] ?? "" });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "+", line: b[y - 1] ?? "" });
      else ops.push({ kind: "-", line: a[x - 1] ?? "" });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

/** `--- a/file` `+++ b/file` and hunks with `context` lines around each change. */
export function unifiedDiff(fileName: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const a = splitLines(before.replace(/\r\n/gu, "\n"));
  const b = splitLines(after.replace(/\r\n/gu, "\n"));
  const ops = myers(a, b);
  const out: string[] = [`--- a/${fileName}`, `+++ b/${fileName}`];
  let i = 0;
  let aLine = 0;
  let bLine = 0;
  const positions: { a: number; b: number }[] = [];
  for (const op of ops) {
    positions.push({ a: aLine, b: bLine });
    if (op.kind !== "+") aLine++;
    if (op.kind !== "-") bLine++;
  }
  while (i < ops.length) {
    if (ops[i]?.kind === " ") {
      i++;
      continue;
    }
    let start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while changes are within 2×context of each other.
    for (;;) {
      while (end < ops.length && ops[end]?.kind !== " ") end++;
      let next = end;
      while (next < ops.length && ops[next]?.kind === " ") next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const from = positions[start] ?? { a: 0, b: 0 };
    const slice = ops.slice(start, stop);
    const aCount = slice.filter((o) => o.kind !== "+").length;
    const bCount = slice.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${String(aCount === 0 ? from.a : from.a + 1)},${String(aCount)} +${String(bCount === 0 ? from.b : from.b + 1)},${String(bCount)} @@`);
    for (const op of slice) out.push(`${op.kind}${op.line}`);
    i = stop;
    start = stop;
  }
  return `${out.join("\n")}\n`;
}
