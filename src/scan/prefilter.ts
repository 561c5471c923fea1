import ts from "typescript";

/** As in the analysis: literals shorter than this are not examined, comments need two more (their delimiters). */
const MIN_STRING = 8;
const MIN_COMMENT = MIN_STRING + 2;

/**
 * Can this TypeScript/JavaScript file hold a finding at all? Only a token scan, no parse: a file needs the
 * analysis when it imports or requires anything (Azure clients, credential and password positions all come from
 * imports), or holds string content of 8 characters or more in total (a literal, or short ones concatenated), or a
 * comment of 10 characters or more. Anything the scanner cannot be sure of (templates with holes, unterminated
 * strings and comments, as a regular expression misread as code produces) also sends the file to the analysis,
 * so skipping never changes a result. Most files import something in their first lines, where the scan stops.
 */
export function mayHoldFindings(text: string): boolean {
  if (text.length < MIN_STRING) return false;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  let strings = 0;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    switch (token) {
      case ts.SyntaxKind.ImportKeyword:
      case ts.SyntaxKind.RequireKeyword:
      case ts.SyntaxKind.TemplateHead:
        return true;
      case ts.SyntaxKind.Identifier:
        if (scanner.getTokenText() === "require") return true;
        break;
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        if (scanner.isUnterminated()) return true;
        strings += scanner.getTokenEnd() - scanner.getTokenStart() - 2;
        if (strings >= MIN_STRING) return true;
        break;
      case ts.SyntaxKind.SingleLineCommentTrivia:
      case ts.SyntaxKind.MultiLineCommentTrivia:
        if (scanner.isUnterminated() || scanner.getTokenEnd() - scanner.getTokenStart() >= MIN_COMMENT) return true;
        break;
      default:
        break;
    }
  }
  return false;
}
