import ts from "typescript";
import type { RuleName } from "../analysis/secrets.js";
import type { LineIndex, Position } from "./lines.js";

interface Directive {
  readonly type: "disable" | "enable";
  readonly line: number;
  readonly column: number;
  /** `null`: every rule */
  readonly rule: string | null;
}

/** ESLint's directive grammar (`@eslint/plugin-kit` ConfigCommentParser): the keyword, then a rule list, then `-- why`. */
const DIRECTIVE = /^(eslint-disable(?:-next-line|-line)?|eslint-enable)(?:\s|$)/u;
const JUSTIFICATION = /\s-{2,}\s/u;

/**
 * Which findings `eslint-disable`, `eslint-enable`, `eslint-disable-line` and `eslint-disable-next-line` comments
 * switch off, with ESLint's semantics: block and enable directives only in block comments, `-line` directives on
 * one line, positions compared by line then column, and a later directive overriding an earlier one.
 */
export class DisableDirectives {
  private constructor(private readonly directives: readonly Directive[]) {}

  static none(): DisableDirectives {
    return new DisableDirectives([]);
  }

  static of(sf: ts.SourceFile, lines: LineIndex): DisableDirectives {
    if (!sf.text.includes("eslint-")) return DisableDirectives.none();
    const directives: Directive[] = [];
    for (const comment of comments(sf)) {
      const multiLine = comment.kind === ts.SyntaxKind.MultiLineCommentTrivia;
      const body = sf.text.slice(comment.pos + 2, multiLine ? comment.end - 2 : comment.end);
      const split = JUSTIFICATION.exec(body);
      const directivePart = (split ? body.slice(0, split.index) : body).trim();
      const match = DIRECTIVE.exec(directivePart);
      const keyword = match?.[1];
      if (!match || keyword === undefined) continue;
      const perLine = keyword === "eslint-disable-line" || keyword === "eslint-disable-next-line";
      if (!multiLine && !perLine) continue;
      const start = lines.position(comment.pos);
      const end = lines.position(comment.end);
      if (keyword === "eslint-disable-line" && start.line !== end.line) continue;
      const listed = directivePart
        .slice(keyword.length)
        .split(",")
        .map((r) => r.trim())
        .filter((r) => r.length > 0);
      const rules: (string | null)[] = listed.length > 0 ? listed : [null];
      for (const rule of rules) {
        if (keyword === "eslint-disable" || keyword === "eslint-enable") {
          directives.push({ type: keyword === "eslint-disable" ? "disable" : "enable", line: start.line, column: start.column, rule });
        } else {
          const line = keyword === "eslint-disable-line" ? start.line : end.line + 1;
          directives.push({ type: "disable", line, column: 1, rule }, { type: "enable", line: line + 1, column: 0, rule });
        }
      }
    }
    directives.sort((a, b) => a.line - b.line || a.column - b.column);
    return new DisableDirectives(directives);
  }

  /** Is `keyless/<rule>` switched off at this position? */
  disables(rule: RuleName, at: Position): boolean {
    const id = `keyless/${rule}`;
    // As in ESLint's applyDirectives: the last directive before the position that names the rule (or no rule) wins.
    let disabled = false;
    for (const d of this.directives) {
      if (d.line > at.line || (d.line === at.line && d.column > at.column)) break;
      if (d.rule === null || d.rule === id) disabled = d.type === "disable";
    }
    return disabled;
  }
}

/** Every comment in the file, each once, found through the tokens the parser saw (never inside strings or regexes). */
function comments(sf: ts.SourceFile): ts.CommentRange[] {
  const text = sf.text;
  const byPos = new Map<number, ts.CommentRange>();
  const collect = (pos: number, trailing: boolean): void => {
    const ranges = trailing ? ts.getTrailingCommentRanges(text, pos) : ts.getLeadingCommentRanges(text, pos);
    for (const r of ranges ?? []) byPos.set(r.pos, r);
  };
  const visit = (node: ts.Node): void => {
    collect(node.getFullStart(), false);
    collect(node.getEnd(), true);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  collect(sf.endOfFileToken.getFullStart(), false);
  return [...byPos.values()].sort((a, b) => a.pos - b.pos);
}
