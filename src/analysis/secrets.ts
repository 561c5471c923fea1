import path from "node:path";
import ts from "typescript";
import { AZURE_AI_HOST_PATTERN } from "../catalog/secret-formats.js";
import { SERVICES } from "../catalog/index.js";
import type { Confidence, ServiceId } from "../catalog/types.js";
import { fingerprint, redact } from "../detect/redact.js";
import { hostOf } from "../detect/connection-string.js";
import { detectSecrets, HOLE } from "../detect/text.js";
import type { SecretMatch, SinkContext, TextContext } from "../detect/types.js";
import { propertyNameText, skipOuter } from "./bindings.js";
import { ClientFinder, mention, type ClientUsage, type Sink } from "./clients.js";
import { walk } from "./walk.js";
import { literalLeaves, OriginResolver, originPhrase, type ModuleResolver } from "./value-origin.js";

export const RULE_NAMES = [
  "no-hardcoded-connection-string",
  "no-hardcoded-credential",
  "no-hardcoded-secret",
  "prefer-managed-identity",
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface FindingSuggestion {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly edits: readonly TextEdit[];
}

/** One thing to report in one file; rules and `keyless scan` both read these. */
export interface SecretFinding {
  readonly rule: RuleName;
  readonly messageId: string;
  /** offsets into the file text */
  readonly start: number;
  readonly end: number;
  readonly data: Readonly<Record<string, string>>;
  readonly kind: string;
  readonly service: ServiceId | undefined;
  readonly confidence: Confidence;
  /** `Acco…(88)` */
  readonly redacted: string | undefined;
  /** `sha256:…` of the key material */
  readonly fingerprint: string | undefined;
  readonly origin: string;
  readonly suggestions: readonly FindingSuggestion[];
  /** what the secret itself says about its resource (a connection string's account, host, rule, entity): never secret */
  readonly resource?: SecretResource | undefined;
}

export interface SecretResource {
  readonly host: string | undefined;
  readonly accountName: string | undefined;
  readonly entity: string | undefined;
  readonly keyName: string | undefined;
}

export interface FileAnalysis {
  readonly findings: readonly SecretFinding[];
  readonly clients: readonly ClientUsage[];
}

export interface AnalyzeOptions {
  readonly resolveModule?: ModuleResolver | undefined;
  /** how file names appear in flow paths (default: the base name) */
  readonly fileLabel?: ((sf: ts.SourceFile) => string) | undefined;
  readonly now?: Date | undefined;
}

interface SinkHit {
  readonly sink: Sink;
  readonly via: readonly ts.Node[];
  readonly partial: boolean;
}

/** Literal nodes worth examining are at least this long, unless they sit in a credential position. */
const MIN_LITERAL = 8;

/**
 * The one detection pass over a file: every string expression and comment, judged with what the file says about
 * where it flows. The ESLint rules and `keyless scan` report exactly this.
 */
export function analyzeFile(sf: ts.SourceFile, options: AnalyzeOptions = {}): FileAnalysis {
  const origins = new OriginResolver(options.resolveModule);
  const label = options.fileLabel ?? ((f: ts.SourceFile) => path.basename(f.fileName));
  const where = (node: ts.Node): string => {
    const file = node.getSourceFile();
    return `${label(file)}:${String(file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1)}`;
  };
  let sinkHits = new Map<ts.Node, SinkHit>();
  const aiLines = aiHostLines(sf);
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  const add = (f: SecretFinding): void => {
    const id = `${f.rule}:${String(f.start)}:${String(f.end)}`;
    if (seen.has(id)) return;
    seen.add(id);
    findings.push(f);
  };

  const examine = (root: ts.Expression): void => {
    const parts = stringParts(root);
    if (!parts) return;
    const single = parts.length === 1 ? parts[0] : undefined;
    // A key is judged by its position only when it is the whole value; a SAS may be one piece of a URL.
    const hit = parts
      .map((p) => (p.node ? sinkHits.get(p.node) : undefined))
      .find((h) => h !== undefined && (parts.length === 1 || h.sink.context.expects === "sas"));
    // A variable inside a template or concatenation that holds a literal of this file is read through, so
    // `SharedAccessKey=${sbKey}` makes `sbKey`'s literal part of a connection string, reported where it is written.
    // Only worth resolving when the literal pieces could frame key material (`AccountKey=`, `?`, `&sig=`).
    const frames = parts.some((p) => p.node !== undefined && /[=;?&]/u.test(p.text));
    for (const [i, p] of parts.entries()) {
      if (!frames || p.node || !p.expr) continue;
      const leaves = literalLeaves(origins.origin(p.expr));
      const only = leaves.length === 1 ? leaves[0] : undefined;
      if (only && !only.partial && only.fallbackOf === undefined && only.node.getSourceFile() === sf && ts.isStringLiteralLike(only.node)) {
        parts[i] = { node: only.node, text: only.text, substituted: true };
      }
    }
    let text = "";
    const offsets: number[] = [];
    for (const p of parts) {
      offsets.push(text.length);
      text += p.node ? p.text : HOLE;
    }
    if (text.replaceAll(HOLE, "").length < (hit ? 4 : MIN_LITERAL)) return;
    const ctx: TextContext = {
      name: contextName(root),
      sink: hit && (!hit.partial || hit.sink.context.expects === "sas") ? hit.sink.context : undefined,
      // Most files name no Azure AI host: then there is no line to look up.
      azureAiHost: aiLines.length > 0 && nearAiHost(aiLines, sf.getLineAndCharacterOfPosition(root.getStart(sf)).line),
      now: options.now,
    };
    for (const match of detectSecrets(text, ctx)) {
      const secret = text.slice(match.materialStart, match.materialEnd);
      const display = text.slice(match.start, match.end).replaceAll(HOLE, "…");
      parts.forEach((p, i) => {
        const from = offsets[i] ?? 0;
        if (!p.node || match.materialEnd <= from || match.materialStart >= from + p.text.length) return;
        const range = sourceRange(p.node, p.text, Math.max(0, match.materialStart - from), Math.min(p.text.length, match.materialEnd - from), sf);
        const flow = p.substituted ? `literal at ${where(p.node)} → ${root.getText(sf).length > 40 ? "string" : root.getText(sf)} at ${where(root)}` : flowOf(p.node, hit, where);
        add(toFinding(match, secret, display, range, flow, hit?.sink, single?.node && !p.substituted ? suggestEnv(single.node, ctx.name, match, hit?.sink) : []));
      });
    }
  };

  const commentsSeen = new Set<number>();
  // Where `//` or `/*` occur at all; most nodes have none in their leading trivia, and asking TypeScript for
  // comment ranges at every node is the single largest cost of the pass otherwise.
  const slashes: number[] = [];
  for (let i = sf.text.indexOf("/"); i >= 0; i = sf.text.indexOf("/", i + 1)) {
    const next = sf.text.charCodeAt(i + 1);
    if (next === 47 || next === 42) slashes.push(i);
  }
  const firstSlashFrom = (from: number): number => {
    let lo = 0;
    let hi = slashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((slashes[mid] ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    return slashes[lo] ?? Infinity;
  };
  const text = sf.text;
  /** Nothing but spaces and tabs between two offsets (where a trailing comment may start). */
  const blankBetween = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  };
  const examineComments = (node: ts.Node): void => {
    if (slashes.length === 0) return;
    const { pos, end } = node;
    const leading = firstSlashFrom(pos) < end;
    const next = firstSlashFrom(end);
    const trailing = next - end <= 256 && blankBetween(end, next);
    if (!leading && !trailing) return;
    const ranges = [
      ...((leading ? ts.getLeadingCommentRanges(text, pos) : undefined) ?? []),
      ...((trailing ? ts.getTrailingCommentRanges(text, end) : undefined) ?? []),
    ];
    for (const r of ranges) {
      if (commentsSeen.has(r.pos)) continue;
      commentsSeen.add(r.pos);
      const comment = text.slice(r.pos, r.end);
      if (comment.length < MIN_LITERAL + 2) continue;
      for (const match of detectSecrets(comment, { now: options.now, inComment: true })) {
        const secret = comment.slice(match.materialStart, match.materialEnd);
        add(toFinding({ ...match, category: "secret" }, secret, comment.slice(match.start, match.end), { start: r.pos + match.materialStart, end: r.pos + match.materialEnd }, `comment at ${where(node)}`, undefined, [], true));
      }
    }
  };

  // One walk reads the file: string expressions and comments to judge, calls and properties for the client finder.
  const roots: ts.Expression[] = [];
  const calls: (ts.NewExpression | ts.CallExpression)[] = [];
  const properties: ts.PropertyAssignment[] = [];
  walk(sf, (node) => {
    examineComments(node);
    // The kind is read once, and compared with constants: this runs on every node of the file.
    switch (node.kind) {
      case NEW_EXPRESSION:
      case CALL_EXPRESSION:
        calls.push(node as ts.NewExpression | ts.CallExpression);
        return undefined;
      case PROPERTY_ASSIGNMENT:
        properties.push(node as ts.PropertyAssignment);
        return undefined;
      case STRING_LITERAL:
      case NO_SUBSTITUTION_TEMPLATE:
      case TEMPLATE_EXPRESSION:
      case BINARY_EXPRESSION:
        break;
      default:
        return undefined;
    }
    if (!isStringRoot(node)) return undefined;
    roots.push(node);
    // Template spans can hold further strings (`${a ? "x" : "y"}`); visit expressions inside, not the literal parts.
    if (ts.isTemplateExpression(node)) return node.templateSpans.map((span) => span.expression);
    const inner: ts.Expression[] = [];
    if (ts.isBinaryExpression(node)) forEachConcatOperand(node, (o) => { if (!isStringLike(o)) inner.push(o); });
    return inner;
  });
  examineComments(sf.endOfFileToken);

  const finder = new ClientFinder(sf, origins, { calls, properties });
  sinkHits = new Map<ts.Node, SinkHit>();
  for (const sink of finder.sinks) {
    for (const leaf of literalLeaves(origins.origin(sink.expr))) {
      if (!sinkHits.has(leaf.node)) sinkHits.set(leaf.node, { sink, via: leaf.via, partial: leaf.partial });
    }
  }
  for (const root of roots) examine(root);

  for (const usage of finder.clients) {
    const finding = preferManagedIdentity(usage, sf, origins);
    if (finding) add(finding);
  }
  return { findings: mostSpecific(findings).sort((a, b) => a.start - b.start), clients: finder.clients };
}

const PRECEDENCE: Readonly<Record<RuleName, number>> = {
  "no-hardcoded-connection-string": 0,
  "no-hardcoded-credential": 1,
  "no-hardcoded-secret": 2,
  "prefer-managed-identity": 3,
};

/**
 * The same material seen twice (a key const on its own, and through the connection string it is interpolated into)
 * is reported once, by the most specific rule.
 */
function mostSpecific(findings: readonly SecretFinding[]): SecretFinding[] {
  const material = findings.filter((f) => f.rule !== "prefer-managed-identity" && f.messageId !== "secretInComment");
  return findings.filter(
    (f) =>
      !material.includes(f) ||
      !material.some((o) => o !== f && o.start < f.end && f.start < o.end && PRECEDENCE[o.rule] < PRECEDENCE[f.rule]),
  );
}

interface Part {
  readonly node: ts.StringLiteralLike | ts.TemplateLiteralLikeNode | undefined;
  readonly text: string;
  /** the expression of a non-literal part */
  readonly expr?: ts.Expression;
  /** the literal was read through a variable: it is written elsewhere */
  readonly substituted?: boolean;
}

function isStringLike(node: ts.Node): boolean {
  return ts.isStringLiteralLike(node) || ts.isTemplateExpression(node);
}

// Every `ts.x` is a getter on the module object: the kinds the per-node visitor compares with are read once.
const NEW_EXPRESSION = ts.SyntaxKind.NewExpression;
const CALL_EXPRESSION = ts.SyntaxKind.CallExpression;
const PROPERTY_ASSIGNMENT = ts.SyntaxKind.PropertyAssignment;
const STRING_LITERAL = ts.SyntaxKind.StringLiteral;
const NO_SUBSTITUTION_TEMPLATE = ts.SyntaxKind.NoSubstitutionTemplateLiteral;
const TEMPLATE_EXPRESSION = ts.SyntaxKind.TemplateExpression;
const BINARY_EXPRESSION = ts.SyntaxKind.BinaryExpression;

/** A string expression to judge as a whole: a literal, a template, or the top of a `+` chain holding a string. */
const ROOT_KINDS = new Set([STRING_LITERAL, NO_SUBSTITUTION_TEMPLATE, TEMPLATE_EXPRESSION, BINARY_EXPRESSION]);

function isStringRoot(node: ts.Node): node is ts.Expression {
  // Most nodes are none of these: a set lookup on the kind keeps the walk cheap.
  if (!ROOT_KINDS.has(node.kind)) return false;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind !== ts.SyntaxKind.PlusToken) return false;
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) return false;
  if (ts.isParenthesizedExpression(parent) && ts.isBinaryExpression(parent.parent) && parent.parent.operatorToken.kind === ts.SyntaxKind.PlusToken) return false;
  if (ts.isStringLiteralLike(node)) {
    // Module specifiers, property names and literal types are names, not values.
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent) || ts.isLiteralTypeNode(parent)) return false;
    if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isEnumMember(parent) || ts.isPropertySignature(parent)) && parent.name === node) return false;
    if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === "require") return false;
    if (ts.isImportTypeNode(parent) || ts.isModuleDeclaration(parent)) return false;
  }
  if (ts.isBinaryExpression(node)) {
    let hasString = false;
    forEachConcatOperand(node, (o) => { if (isStringLike(o)) hasString = true; });
    return hasString;
  }
  return true;
}

function forEachConcatOperand(expr: ts.BinaryExpression, fn: (operand: ts.Expression) => void): void {
  const stack: ts.Expression[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as ts.Expression;
    const inner = ts.isParenthesizedExpression(e) ? e.expression : e;
    if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) stack.push(inner.right, inner.left);
    else fn(inner);
  }
}

function stringParts(root: ts.Expression): Part[] | undefined {
  if (ts.isStringLiteralLike(root)) return [{ node: root, text: root.text }];
  const parts: Part[] = [];
  const addTemplate = (t: ts.TemplateExpression): void => {
    parts.push({ node: t.head, text: t.head.text });
    for (const span of t.templateSpans) {
      const inner = skipOuter(span.expression);
      if (ts.isStringLiteralLike(inner)) parts.push({ node: inner, text: inner.text });
      else parts.push({ node: undefined, text: "", expr: span.expression });
      parts.push({ node: span.literal, text: span.literal.text });
    }
  };
  if (ts.isTemplateExpression(root)) {
    addTemplate(root);
    return parts;
  }
  if (ts.isBinaryExpression(root)) {
    forEachConcatOperand(root, (o) => {
      if (ts.isStringLiteralLike(o)) parts.push({ node: o, text: o.text });
      else if (ts.isTemplateExpression(o)) addTemplate(o);
      else parts.push({ node: undefined, text: "", expr: o });
    });
    return parts;
  }
  return undefined;
}

/**
 * The source range of a piece of a literal's text. Escapes make the cooked text differ from the source; then the
 * whole literal is the range.
 */
function sourceRange(node: ts.Node, cooked: string, from: number, to: number, sf: ts.SourceFile): { start: number; end: number } {
  const start = node.getStart(sf);
  const end = node.getEnd();
  // Opening delimiter: a quote, a backtick, or `}` for template middles and tails; closing: quote, backtick or `${`.
  const closing = ts.isTemplateHead(node) || ts.isTemplateMiddle(node) ? 2 : 1;
  const raw = sf.text.slice(start + 1, end - closing);
  if (raw !== cooked) return { start, end };
  return { start: start + 1 + from, end: start + 1 + to };
}

/** The name a value is given: its variable, property, field, parameter, or the key beside it in a call. */
function contextName(root: ts.Expression): string | undefined {
  let node: ts.Node = root;
  let parent = node.parent;
  // Climb through wrappers that keep the value: `||`, `??`, `?:`, `as`, parentheses, arrays.
  while (
    ts.isBinaryExpression(parent) ||
    ts.isConditionalExpression(parent) ||
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isArrayLiteralExpression(parent)
  ) {
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) break;
    node = parent;
    parent = parent.parent;
  }
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) {
    return propertyNameText(parent.name);
  }
  if (ts.isJsxAttribute(parent.parent) && ts.isIdentifier(parent.parent.name)) return parent.parent.name.text;
  if (ts.isJsxAttribute(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = parent.left;
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
    if (ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression)) return left.argumentExpression.text;
  }
  // `settings.set("AccountKey", "…")`, `Context.Add("AccountKey", "…")`, `headers.append("api-key", "…")`.
  if (ts.isCallExpression(parent)) {
    const index = parent.arguments.indexOf(node as ts.Expression);
    const before = index > 0 ? parent.arguments[index - 1] : undefined;
    if (before && ts.isStringLiteralLike(before)) return before.text;
  }
  return undefined;
}

function aiHostLines(sf: { readonly text: string }): number[] {
  if (!AZURE_AI_HOST_PATTERN.test(sf.text)) return [];
  const lines: number[] = [];
  sf.text.split("\n").forEach((l, i) => {
    if (AZURE_AI_HOST_PATTERN.test(l)) lines.push(i);
  });
  return lines;
}

/** How far (in lines) an Azure AI host makes a bare 32-hex value a key. */
const AI_HOST_REACH = 6;

function nearAiHost(lines: readonly number[], line: number): boolean {
  return lines.some((l) => Math.abs(l - line) <= AI_HOST_REACH);
}

export interface AnalyzeTextOptions {
  /** how the file appears in the flow text: `appsettings.json` */
  readonly label: string;
  /** `config value` for configuration files, `text` for source the parser rejected */
  readonly what: string;
  readonly now?: Date | undefined;
}

/**
 * The string detectors over a whole text (configuration files, source that does not parse), in the same shape,
 * with the same rule ids and messages, as the source analysis.
 */
export function analyzeText(text: string, options: AnalyzeTextOptions): SecretFinding[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const matches = detectSecrets(text, { now: options.now });
  const hostLines = aiHostLines({ text });
  if (hostLines.length > 0) {
    // A bare 32-hex value is a key only near an Azure AI host: run again with that context, keep what lies near one.
    for (const m of detectSecrets(text, { now: options.now, azureAiHost: true })) {
      if (matches.some((o) => m.materialStart < o.materialEnd && m.materialEnd > o.materialStart)) continue;
      if (nearAiHost(hostLines, lineOf(m.materialStart))) matches.push(m);
    }
  }
  return matches
    .map((m) => {
      const flow = `${options.what} at ${options.label}:${String(lineOf(m.materialStart) + 1)}`;
      const range = { start: m.materialStart, end: m.materialEnd };
      return toFinding(m, text.slice(m.materialStart, m.materialEnd), text.slice(m.start, m.end), range, flow, undefined, []);
    })
    .sort((a, b) => a.start - b.start);
}

function flowOf(node: ts.Node, hit: SinkHit | undefined, where: (n: ts.Node) => string): string {
  const steps = [`literal at ${where(node)}`];
  if (hit) {
    for (const v of [...hit.via].reverse()) {
      const name = ts.isVariableDeclaration(v) || ts.isPropertyDeclaration(v) || ts.isBindingElement(v) || ts.isParameter(v) ? (propertyNameText(v.name) ?? "") : ts.isImportSpecifier(v) ? v.name.text : "";
      if (name && v.getSourceFile() !== node.getSourceFile()) steps.push(`${name} at ${where(v)}`);
    }
    steps.push(`${hit.sink.ownerLabel} at ${where(hit.sink.owner)}`);
  }
  return steps.join(" → ");
}

const SERVICE_LABELS = new Map<string, string>(Object.entries(SERVICES).map(([id, info]) => [id, info.label]));

/** The parts of one concatenation share their secret: hash it once, not once per part. */
let lastFingerprint: { readonly secret: string; readonly fp: string } | undefined;
function fingerprintOnce(secret: string): string {
  if (lastFingerprint?.secret !== secret) lastFingerprint = { secret, fp: fingerprint(secret) };
  return lastFingerprint.fp;
}

/** A detector match as a finding: the shape, rule, message id and redaction every consumer shares. */
export function toFinding(
  match: SecretMatch,
  secret: string,
  /** what the message shows, redacted: the whole connection string or token around the key material */
  display: string,
  range: { start: number; end: number },
  flow: string,
  sink: Sink | undefined,
  suggestions: readonly FindingSuggestion[],
  inComment = false,
): SecretFinding {
  const fp = fingerprintOnce(secret);
  const rule: RuleName =
    match.category === "connection-string" ? "no-hardcoded-connection-string" : match.category === "credential" ? "no-hardcoded-credential" : "no-hardcoded-secret";
  const messageId = inComment
    ? "secretInComment"
    : rule === "no-hardcoded-connection-string"
      ? "connectionString"
      : rule === "no-hardcoded-credential"
        ? "credential"
        : match.expired
          ? "expiredSas"
          : "secret";
  const service = match.service ?? sink?.context.service;
  // A connection string names its resource (an account, a namespace): more use to the reader than the service.
  const host = hostOf(match.endpoint);
  const serviceText =
    match.category === "connection-string" && (match.accountName ?? host) !== undefined
      ? ` for ${match.accountName ?? host ?? ""}`
      : service
        ? ` for ${SERVICE_LABELS.get(service) ?? service}`
        : "";
  return {
    rule,
    messageId,
    start: range.start,
    end: range.end,
    kind: match.kind,
    service,
    confidence: match.confidence,
    redacted: redact(display),
    fingerprint: fp,
    origin: flow,
    data: {
      label: match.label,
      service: serviceText,
      redacted: `${redact(display)} ${fp.slice(0, 15)}`,
      why: match.why,
      sink: sink?.context.label ?? "",
      flow,
      endpoint: match.endpoint ?? "",
    },
    suggestions,
    resource:
      (host ?? match.host) !== undefined || match.accountName !== undefined || match.keyName !== undefined
        ? { host: host ?? match.host, accountName: match.accountName, entity: match.entity, keyName: match.keyName }
        : undefined,
  };
}

/** `storageConnectionString` → `STORAGE_CONNECTION_STRING`. */
export function envNameFor(name: string | undefined, service: ServiceId | undefined): string {
  const fromService = service ? SERVICES[service].secretEnv : undefined;
  if (name && /[a-z]/iu.test(name) && name.length > 3 && !/^(?:key|value|secret|password|token)$/iu.test(name)) {
    return name
      .replace(/([a-z\d])([A-Z])/gu, "$1_$2")
      .replace(/[^A-Za-z\d]+/gu, "_")
      .split("_")
      .filter((w) => w.length > 0)
      .join("_")
      .toUpperCase();
  }
  return fromService ?? (name ? name.toUpperCase() : "AZURE_SECRET");
}

function suggestEnv(node: ts.Node, name: string | undefined, match: SecretMatch, sink: Sink | undefined): FindingSuggestion[] {
  const sf = node.getSourceFile();
  let target: ts.Node = node;
  let replacement: string;
  const parent = node.parent;
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === node &&
    (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) &&
    /process\.env|import\.meta\.env/u.test(parent.left.getText(sf))
  ) {
    // Already read from the environment: drop the literal fallback.
    target = parent;
    replacement = parent.left.getText(sf);
  } else {
    replacement = `process.env.${envNameFor(name, match.service ?? sink?.context.service)}`;
  }
  return [{ messageId: "readFromEnv", data: { variable: replacement }, edits: [{ start: target.getStart(sf), end: target.getEnd(), text: replacement }] }];
}

const AUTH_TEXT: Record<string, string> = {
  "connection-string": "a connection string",
  "shared-key": "a shared account key",
  key: "an API key",
  "named-key": "a named key",
  sas: "a shared access signature",
  "client-secret": "a client secret",
  password: "a password",
};

function preferManagedIdentity(usage: ClientUsage, sf: ts.SourceFile, origins: OriginResolver): SecretFinding | undefined {
  if (!usage.form || usage.auth === "token" || usage.auth === "anonymous" || usage.auth === "unknown") return undefined;
  // For a credential object, where its key comes from: `new ClientSecretCredential(t, c, process.env.SECRET)`.
  const secretArg = usage.credential ? usage.credential.node.arguments?.[usage.credential.entry.secretArgs[0] ?? -1] : undefined;
  const origin = secretArg ? origins.origin(secretArg) : usage.origin;
  const source = origin ? originPhrase(origin) : "from configuration";
  const client = mention(usage.client);
  const node = usage.node;
  return {
    rule: "prefer-managed-identity",
    messageId: usage.client.legacy ? "legacyClient" : "preferManagedIdentity",
    start: node.getStart(sf),
    end: node.expression.getEnd(),
    kind: usage.auth,
    service: usage.client.service,
    confidence: "high",
    redacted: undefined,
    fingerprint: undefined,
    origin: source,
    data: { client, auth: AUTH_TEXT[usage.auth] ?? usage.auth, source },
    suggestions: [],
  };
}

export type { SinkContext };
