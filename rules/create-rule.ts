import type { Rule } from "eslint";
import ts from "typescript";
import { analyzeFile, type FileAnalysis, type FindingSuggestion, type RuleName, type SecretFinding } from "../src/analysis/secrets.js";
import { parseSourceFile, programResolver } from "../src/analysis/program.js";
import { neighbourModules } from "./module-files.js";

export const DOCS_BASE = "https://github.com/keyless-dev/eslint-plugin-keyless/blob/main/docs/rules/";

export function docsUrl(rule: string, messageId?: string): string {
  return `${DOCS_BASE}${rule}.md${messageId ? `#${messageId.toLowerCase()}` : ""}`;
}

interface ParserServicesLike {
  readonly program?: ts.Program | null;
  readonly esTreeNodeToTSNodeMap?: { get(node: unknown): ts.Node | undefined };
}

interface Analysed {
  readonly analysis: FileAnalysis;
  readonly sf: ts.SourceFile;
}

/** One analysis per file, shared by every keyless rule that runs on it (keyed by the SourceCode object). */
const cache = new WeakMap<object, Analysed>();

function sourceFileFor(context: Rule.RuleContext): { sf: ts.SourceFile; program: ts.Program | undefined } {
  const { sourceCode } = context;
  const services = sourceCode.parserServices as ParserServicesLike | undefined;
  const program = services?.program ?? undefined;
  // typescript-eslint already parsed the file into a ts.SourceFile: reuse it rather than parse again.
  const mapped = services?.esTreeNodeToTSNodeMap?.get(sourceCode.ast);
  // typescript-estree parses with parent pointers set; analysis walks up through them.
  if (mapped && ts.isSourceFile(mapped)) return { sf: mapped, program };
  return { sf: parseSourceFile(context.filename, sourceCode.text), program };
}

function analysedFor(context: Rule.RuleContext): Analysed {
  const key = context.sourceCode;
  let analysed = cache.get(key);
  if (!analysed) {
    const { sf, program } = sourceFileFor(context);
    analysed = { sf, analysis: analyzeFile(sf, { resolveModule: program ? programResolver(program) : neighbourModules }) };
    cache.set(key, analysed);
  }
  return analysed;
}

export function analysisFor(context: Rule.RuleContext): FileAnalysis {
  return analysedFor(context).analysis;
}

export interface KeylessRuleMeta {
  readonly name: RuleName;
  readonly description: string;
  readonly messages: Readonly<Record<string, string>>;
  readonly type: "problem" | "suggestion";
  readonly recommended: boolean;
  /** more suggestions for a finding, computed from the parsed file (the managed-identity rewrite) */
  readonly suggest?: (finding: SecretFinding, sf: ts.SourceFile, analysis: FileAnalysis) => readonly FindingSuggestion[];
}

/**
 * A keyless rule: the shared file analysis, filtered to this rule, reported with suggestions (never fixes:
 * changing how a service authenticates changes what the program does at run time).
 */
export function createRule(meta: KeylessRuleMeta): Rule.RuleModule {
  return {
    meta: {
      type: meta.type,
      docs: { description: meta.description, recommended: meta.recommended, url: docsUrl(meta.name) },
      hasSuggestions: true,
      schema: [],
      messages: meta.messages,
    },
    create(context) {
      return {
        Program() {
          const { sourceCode } = context;
          const { analysis, sf } = analysedFor(context);
          for (const finding of analysis.findings) {
            if (finding.rule !== meta.name) continue;
            const suggestions = [...finding.suggestions, ...(meta.suggest?.(finding, sf, analysis) ?? [])];
            context.report({
              loc: { start: sourceCode.getLocFromIndex(finding.start), end: sourceCode.getLocFromIndex(finding.end) },
              messageId: finding.messageId,
              data: { ...finding.data, docs: docsUrl(meta.name, finding.messageId) },
              suggest: suggestions.map((s) => ({
                messageId: s.messageId,
                data: s.data,
                fix: (fixer: Rule.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.text)),
              })),
            });
          }
        },
      };
    },
  };
}
