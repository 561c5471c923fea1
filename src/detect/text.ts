import { API_KEY_NAME_PATTERN, SECRET_FORMATS } from "../catalog/secret-formats.js";
import type { Confidence, SecretFamily, ServiceId } from "../catalog/types.js";
import { classifyConnectionString, findConnectionStrings } from "./connection-string.js";
import { charClasses, looksLikeIdentifier, looksRandom, shannonEntropy } from "./entropy.js";
import { findIdentifiableKeys, findIdentifiableLookalikes } from "./identifiable.js";
import { isPasswordName, isSecretName, nameWords } from "./names.js";
import { classifyValue, isHexDigest } from "./placeholder.js";
import { trimChars } from "./trim.js";
import { findSasTokens, findUrlCredentials } from "./sas.js";
import type { SecretMatch, SinkContext, TextContext } from "./types.js";

/** Placeholder for an unknown part of a string (a template hole, a variable in a concatenation). */
export const HOLE = "\u0000";

type Category = SecretMatch["category"];

interface Draft {
  kind: string;
  family: SecretFamily;
  category: Category;
  start: number;
  end: number;
  materialStart: number;
  materialEnd: number;
  confidence: Confidence;
  why: string;
  label: string;
  service?: ServiceId | undefined;
  expired?: boolean | undefined;
  endpoint?: string | undefined;
  accountName?: string | undefined;
  entity?: string | undefined;
  keyName?: string | undefined;
  host?: string | undefined;
}

/**
 * Every secret in a string, most specific reading first: connection strings, URLs with passwords, Microsoft
 * identifiable keys, SAS tokens, other known formats, `name=value` pairs inside the text, then the whole value
 * judged by where it sits (a credential position, a secret-named binding).
 */
export function detectSecrets(text: string, ctx: TextContext = {}): SecretMatch[] {
  if (text.length < 4) return [];
  const inSink = ctx.sink !== undefined;
  const named = nameSaysSecret(ctx.name);
  if (!inSink && !named && ctx.azureAiHost !== true && !worthReading(text)) return [];
  const drafts: Draft[] = [];
  const overlaps = (start: number, end: number): boolean =>
    drafts.some((d) => start < d.materialEnd && end > d.materialStart);
  const push = (draft: Draft): void => {
    if (!overlaps(draft.materialStart, draft.materialEnd)) drafts.push(draft);
  };
  const keyCategory: Category = inSink ? "credential" : "secret";

  const csRuns = connectionStrings(text, push);
  const hasConnectionString = csRuns.length > 0;
  for (const url of findUrlCredentials(text)) {
    const password = text.slice(url.passwordStart, url.passwordEnd);
    if (classifyValue(password).status !== "maybe-secret" || password.includes(HOLE) || /^\$\{?\w+\}?$/u.test(password)) continue;
    push({
      kind: url.database ? `${url.scheme.toLowerCase().replace(/\+srv$/u, "")}-url-password` : "url-basic-auth",
      family: "generic",
      category: url.database ? "connection-string" : keyCategory,
      start: url.start,
      end: url.end,
      materialStart: url.passwordStart,
      materialEnd: url.passwordEnd,
      confidence: "high",
      why: `a ${url.scheme} URL with a password for ${url.host}`,
      label: url.database ? `${url.scheme} connection URL` : "URL with a password",
      service: serviceForScheme(url.scheme, url.host),
    });
  }
  for (const key of findIdentifiableKeys(text)) {
    push({
      kind: key.kind,
      family: key.kind === "entra-client-secret" ? "entra-secret" : "azure-key",
      category: keyCategory,
      start: key.start,
      end: key.end,
      materialStart: key.start,
      materialEnd: key.end,
      // A legacy `7Q~` secret has no checksum, but its exact layout (37 chars, version, `Q~`) is as specific.
      confidence: "high",
      why: key.why,
      label: key.label,
      service: (key.service ?? undefined),
    });
  }
  // A look-alike that fails its checksum is a sample until its position says otherwise (a secret-named binding, a
  // credential argument); `name=value` pairs inside the text are judged by their name below.
  const lookalikesCount = named || inSink;
  for (const shape of lookalikesCount ? findIdentifiableLookalikes(text) : []) {
    const value = text.slice(shape.start, shape.end);
    const entra = shape.format === "entra";
    // A failed checksum (or an Entra secret of another version digit): a wrong alphabet means the signature landed
    // there by chance. CASK keys carry long zero runs in reserved fields, so only their random part is judged.
    const plausible = shape.reason.includes("checksum") || (entra && shape.end - shape.start >= 37 && shape.end - shape.start <= 40);
    const judged = shape.format === "cask" ? value.slice(0, 52) : value;
    if (!plausible || classifyValue(judged).status !== "maybe-secret") continue;
    push({
      kind: entra ? "entra-client-secret" : "azure-key-lookalike",
      family: entra ? "entra-secret" : "azure-key",
      category: keyCategory,
      start: shape.start,
      end: shape.end,
      materialStart: shape.start,
      materialEnd: shape.end,
      confidence: "medium",
      why: `${shape.reason}: a sample, a test value or a mistyped key`,
      label: entra ? "Entra client secret" : "Azure key",
    });
  }
  const now = ctx.now ?? new Date();
  for (const sas of findSasTokens(text)) {
    if (text.slice(sas.start, sas.end).includes(HOLE) && sas.supporting === 0) continue;
    const expired = sas.expiry !== undefined && sas.expiry.getTime() < now.getTime();
    push({
      kind: "azure-sas-token",
      family: "azure-key",
      category: keyCategory,
      start: sas.start,
      end: sas.end,
      materialStart: sas.sigStart,
      materialEnd: sas.sigEnd,
      confidence: sas.supporting >= 2 ? "high" : "medium",
      why: expired
        ? "a shared access signature that has expired (still proof of a key that signed it, and often renewed in place)"
        : "a shared access signature (sig=): anyone holding it has the access it grants",
      label: expired ? "expired SAS token" : "SAS token",
      expired,
    });
  }
  for (const format of SECRET_FORMATS) {
    if (format.hint.length > 0 && !text.includes(format.hint)) continue;
    if (format.confidence === "low" && !named && !inSink) continue;
    for (const m of text.matchAll(format.pattern)) {
      const secret = m.groups?.secret;
      if (secret === undefined || classifyValue(secret).status !== "maybe-secret") continue;
      const start = m.index + m[0].indexOf(secret);
      if (format.confidence === "low" && !looksRandom(secret)) continue;
      push({
        kind: format.kind,
        family: format.family,
        category: keyCategory,
        start,
        end: start + secret.length,
        materialStart: start,
        materialEnd: start + secret.length,
        confidence: format.confidence,
        why: format.why,
        label: format.label,
        service: format.service,
      });
    }
  }
  namedAssignments(text, ctx, push, keyCategory, csRuns);
  if (drafts.length === 0 && !hasConnectionString) wholeValue(text, ctx, named, push);
  return drafts.sort((a, b) => a.start - b.start);
}

/** The shortest identifiable key (a legacy Entra secret, see identifiable.ts) is 37 characters. */
const SHORTEST_IDENTIFIABLE_KEY = 37;
/** Without a secret name or a credential position, only formats of medium or high confidence are looked for. */
const NEUTRAL_FORMAT_HINTS = [...new Set(SECRET_FORMATS.filter((f) => f.confidence !== "low").map((f) => f.hint))];

/**
 * Could any reading find a secret in a text that nothing around it calls one (no secret name, no credential
 * position, no Azure AI host nearby)? Each reading in detectSecrets first needs one of these: a `=` (connection
 * strings, SAS, `name=value`), `://` (URLs with a password), the length of an identifiable key, a secret word
 * (named values) or a format's hint. Most strings in code (words, messages, paths, ids) have none, and stop here.
 * A new reading adds its own precondition here.
 */
function worthReading(text: string): boolean {
  return (
    text.length >= SHORTEST_IDENTIFIABLE_KEY ||
    text.includes("=") ||
    text.includes("://") ||
    SECRET_WORD_HINT.test(text) ||
    NEUTRAL_FORMAT_HINTS.some((hint) => text.includes(hint))
  );
}

/**
 * Returns the connection strings found (keyed or not): their fields were judged by the dialect's own rules, so neither
 * the `name=value` pass nor the whole-value pass looks at them again.
 */
function connectionStrings(text: string, push: (d: Draft) => void): { start: number; end: number }[] {
  const found = findConnectionStrings(text);
  for (const cs of found) {
    const verdict = classifyConnectionString(cs);
    if (verdict.status !== "keyed") continue;
    for (const f of verdict.secretFields) {
      if (!isKeyMaterial(f.name, f.value)) continue;
      const service = verdict.services[0];
      push({
        kind: verdict.kind,
        family: /azure|storage|service-bus|event|cosmos|app-config|signalr|web-pubsub|iot/u.test(verdict.kind) ? "azure-connection-string" : "generic",
        category: "connection-string",
        start: cs.start,
        end: cs.end,
        materialStart: f.valueStart,
        materialEnd: f.valueEnd,
        confidence: "high",
        why: `${verdict.label} with ${f.name}`,
        label: verdict.label,
        service,
        endpoint: service ? verdict.endpoints[service] : undefined,
        accountName: verdict.accountName,
        entity: verdict.entity,
        keyName: verdict.keyName,
        host: verdict.host,
      });
    }
  }
  return found.map((cs) => ({ start: cs.start, end: cs.end }));
}

/** Is a connection-string field value real key material (not `*****`, `<key>`, `${KEY}`, `testKey123==`)? */
function isKeyMaterial(field: string, value: string): boolean {
  if (value.includes(HOLE) || /^\$\{?[\w.]+\}?$|^%\w+%$|^\{\{[^}]*\}\}$/u.test(value)) return false;
  if (classifyValue(value).status !== "maybe-secret") return false;
  const lower = field.toLowerCase();
  if (lower === "password" || lower === "pwd") return value.length >= 4 && !looksLikeIdentifier(value);
  if (lower === "sharedaccesssignature") return /sig=/iu.test(value);
  // Keys are base64 of 32+ random bytes: long and random-looking.
  return value.length >= 20 && looksRandom(value, 20) && shannonEntropy(value) >= 3.5;
}

function serviceForScheme(scheme: string, host: string): ServiceId | undefined {
  const s = scheme.toLowerCase();
  if (s.startsWith("postgres")) return "postgresql";
  if (s === "mysql" || s === "mariadb") return "mysql";
  if (s.startsWith("redis")) return "redis";
  if (s === "mssql" || s === "sqlserver" || host.endsWith(".database.windows.net")) return "sql";
  if (s.startsWith("mongodb") && host.includes(".cosmos.azure.com")) return "cosmos";
  return undefined;
}

/**
 * isSecretName splits a name into words with several regular expressions, and every string with a name asks it:
 * the answers are kept, as a file's and a codebase's names repeat (`container`, `credential`, `record`).
 */
const secretNameAnswers = new Map<string, boolean>();
function nameSaysSecret(name: string | undefined): boolean {
  if (name === undefined) return false;
  let answer = secretNameAnswers.get(name);
  if (answer === undefined) {
    answer = isSecretName(name);
    // Bounded: a generated or minified codebase can have a great many distinct names.
    if (secretNameAnswers.size >= 4096) secretNameAnswers.clear();
    secretNameAnswers.set(name, answer);
  }
  return answer;
}

/** Does the name hold an API key (`apiKey`, `AZURE_OPENAI_API_KEY`, `search-key`), whatever its case and separators? */
function isApiKeyName(name: string): boolean {
  return API_KEY_NAME_PATTERN.test(nameWords(name).join("_"));
}

/**
 * `name=value`, `name: value`, `"name": "value"`, `name = "value"`, `name{"value"}`, `<name>value</name>`,
 * `("name", "value")`, `<add key="name" value="…">`, `-name value` inside a text (config files, comments,
 * embedded snippets). The patterns find the name and where its value starts; the value is read by `readValue`,
 * so one match never swallows the next name.
 */
const NAME_THEN_VALUE =
  /(?<![\w.])(?<name>[A-Za-z_][\w.-]{0,80})\\?["']?\]?\s{0,40}(?::=|=>|==?|:(?!\/\/)|[{(]\s{0,40}(?=["'`]))\s{0,40}\\?["'`]?/gu;
const XML_VALUE = /<(?<name>[A-Za-z_][\w:.-]{0,80})>(?<value>[^<]{6,2000})<\//gu;
const PAIR_VALUE = /["'](?<name>[A-Za-z_][\w.-]{0,80})["']\]?\)?\s{0,4},\s{0,4}["'](?<value>[^"'\s]{6,2000})["']/gu;
const ADD_KEY_VALUE = /<add\s{1,8}key\s{0,4}=\s{0,4}["'](?<name>[^"']{1,80})["']\s{1,8}value\s{0,4}=\s{0,4}["'](?<value>[^"']{6,2000})["']/giu;
/** `{ "name": "X", "value": "…" }` and Kubernetes `- name: X` / `value: …` env entries. */
const NAME_VALUE_ENTRY =
  /["']?name["']?[ \t]{0,4}:[ \t]{0,4}["']?(?<name>[\w.-]{1,80})["']?[ \t]{0,8},?\s{0,40}["']?value["']?[ \t]{0,4}:[ \t]{0,4}["']?(?<value>[^"'\s,}]{6,2000})/gu;
const FLAG_VALUE = /(?<![\w-])--?(?<name>[A-Za-z][\w-]{1,60})[ \t]{1,8}["']?(?<value>[^\s"'-][^\s"']{11,2000})/gu;
const SECRET_WORD_HINT = /pass|pwd|secret|key|token|sig|credential|auth/iu;
const VALUE_END = new Set([" ", "\t", "\n", "\r", "\"", "'", "`", ",", ";", "<", ">", "{", "}", "(", ")", "[", "]", "\\"]);

function readValue(text: string, from: number): string {
  let end = from;
  while (end < text.length && end - from < 1024 && !VALUE_END.has(text.charAt(end))) end++;
  return text.slice(from, end);
}

/** Jenkins-style `{AQAAABAAA <value>}` and other wrappers: the last bare token is the value. */
function unwrapValue(raw: string): string {
  const tokens = trimChars(raw.trim(), "{([})]").split(/\s+/u);
  return tokens.at(-1) ?? "";
}

function namedAssignments(text: string, ctx: TextContext, push: (d: Draft) => void, category: Category, judged: readonly { start: number; end: number }[]): void {
  if (text.length < 8 || !SECRET_WORD_HINT.test(text)) return;
  const consider = (name: string, value: string, start: number): void => {
    if (!nameSaysSecret(name) || value.length < 6) return;
    if (judged.some((r) => start < r.end && start + value.length > r.start)) return;
    const verdict = judgeNamedValue(name, value, ctx.azureAiHost === true, ctx.inComment === true);
    if (!verdict) return;
    push({ ...verdict, category, start, end: start + value.length, materialStart: start, materialEnd: start + value.length });
  };
  for (const m of text.matchAll(NAME_THEN_VALUE)) {
    const from = m.index + m[0].length;
    consider(m.groups?.name ?? "", readValue(text, from), from);
  }
  for (const pattern of [XML_VALUE, PAIR_VALUE, ADD_KEY_VALUE, NAME_VALUE_ENTRY, FLAG_VALUE]) {
    for (const m of text.matchAll(pattern)) {
      const raw = m.groups?.value ?? "";
      const value = pattern === XML_VALUE ? unwrapValue(raw) : raw;
      consider(m.groups?.name ?? "", value, m.index + m[0].lastIndexOf(value));
    }
  }
}

type Judged = Pick<Draft, "kind" | "family" | "confidence" | "why" | "label" | "service">;

/** A value under a secret-sounding name: is it one? */
function judgeNamedValue(name: string, value: string, aiHost: boolean, strict = false): Judged | undefined {
  // `DefaultEndpointsProtocol=https`: the value is itself a `key=value` pair, judged as a connection string elsewhere.
  const inner = /^(?<field>[A-Za-z][A-Za-z_.-]{0,40})=(?<rest>[^=].*)$/su.exec(value)?.groups;
  if (inner) {
    // `sig=<signature>` under a secret name: the signature is the secret; any other `field=value` is judged elsewhere.
    return inner.field === "sig" ? judgeNamedValue("signature", inner.rest ?? "", aiHost, strict) : undefined;
  }
  if (value.includes(HOLE) || /^\$\{?[\w.]+\}?$|^%\w+%$|^\{\{/u.test(value)) return undefined;
  if (classifyValue(value).status !== "maybe-secret") return undefined;
  if (/^[a-z]+:\/\//iu.test(value) && !/[?&]sig=/u.test(value)) return undefined;
  if (/^[\da-f]{32}$/iu.test(value)) {
    if (isApiKeyName(name) || aiHost) {
      return { kind: "azure-cognitive-key", family: "azure-key", confidence: "medium", why: `a 32-hex key under the name ${name}`, label: "API key", service: "cognitive-services" };
    }
    return undefined;
  }
  if (isHexDigest(value) && !isApiKeyName(name)) return undefined;
  if (/\s/u.test(value)) return undefined;
  if (isPasswordName(name)) {
    const classes = charClasses(value);
    const enough = strict ? value.length >= 10 && classes.count >= 3 : value.length >= 6 && classes.count >= 2;
    if (enough && !looksLikeIdentifier(value)) {
      return { kind: "password", family: "generic", confidence: looksRandom(value, 12) ? "high" : "medium", why: `a literal password under the name ${name}`, label: "password" };
    }
    return undefined;
  }
  if (looksRandom(value, 16)) {
    return { kind: "generic-secret", family: "generic", confidence: "medium", why: `a random-looking value under the secret-sounding name ${name}`, label: "secret" };
  }
  return undefined;
}

/** The whole string judged by its position: a credential argument, or a secret-named binding. */
function wholeValue(text: string, ctx: TextContext, named: boolean, push: (d: Draft) => void): void {
  const value = text.trim();
  const start = text.indexOf(value);
  const base = { start, end: start + value.length, materialStart: start, materialEnd: start + value.length };
  if (value.includes(HOLE)) return;
  if (ctx.sink) {
    const judged = judgeSinkValue(value, ctx.sink);
    if (judged) push({ ...judged, ...base, category: "credential" });
    return;
  }
  if (named) {
    const judged = judgeNamedValue(ctx.name ?? "", value, ctx.azureAiHost === true);
    if (judged) push({ ...judged, ...base, category: "secret" });
    return;
  }
  if (ctx.azureAiHost && /^[\da-f]{32}$/u.test(value)) {
    push({
      ...base,
      kind: "azure-cognitive-key",
      family: "azure-key",
      category: "secret",
      confidence: "low",
      why: "a 32-hex value next to an Azure AI endpoint, the shape of a Cognitive Services key",
      label: "Azure AI key",
      service: "cognitive-services",
    });
  }
}

function judgeSinkValue(value: string, sink: SinkContext): Judged | undefined {
  if (/^\$\{?[\w.]+\}?$|^%\w+%$/u.test(value)) return undefined;
  if (classifyValue(value).status !== "maybe-secret") return undefined;
  const classes = charClasses(value);
  const what = `a literal reaching ${sink.label}`;
  switch (sink.expects) {
    case "password":
      if (value.length < 4 || (classes.count < 2 && value.length < 10)) return undefined;
      return { kind: "password", family: "generic", confidence: "high", why: what, label: "password", service: sink.service };
    case "connection-string":
    case "url":
    case "sas":
      // Found by their own shape (a connection string, a `sig=`), never by position alone.
      return undefined;
    case "key":
    case "client-secret": {
      if (value.length < 12) return undefined;
      const hexKey = /^[\da-f]{32,}$/iu.test(value);
      if (!hexKey && !looksRandom(value, 12) && !(value.length >= 20 && classes.count >= 3)) return undefined;
      return {
        kind: sink.expects === "client-secret" ? "entra-client-secret" : sink.service ? `${sink.service}-key` : "api-key",
        family: sink.expects === "client-secret" ? "entra-secret" : "azure-key",
        confidence: hexKey || looksRandom(value, 12) ? "high" : "medium",
        why: what,
        label: sink.expects === "client-secret" ? "client secret" : "key",
        service: sink.service,
      };
    }
  }
}
