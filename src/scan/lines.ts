/** A 1-based line and column, columns counted in UTF-16 code units (what ESLint and SARIF use). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** ESLint's line breaks, so a finding's line and column read the same in scan and in the editor. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/gu;

/** Turns offsets into a text into lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (const m of text.matchAll(LINE_BREAK)) this.starts.push(m.index + m[0].length);
  }

  /** 0-based line of an offset */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - (this.starts[line] ?? 0) + 1 };
  }
}

/** ESLint reads files without their byte-order mark, and so offsets must too. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
