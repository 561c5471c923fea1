import { createHash } from "node:crypto";
import { FAKE_WORDS, PUBLIC_KNOWN_VALUES } from "../catalog/public-values.js";
import { charClasses, looksRandom } from "./entropy.js";

/** Why a value is not a secret, or that it may be one. */
export type PlaceholderVerdict =
  | { readonly status: "maybe-secret" }
  | { readonly status: "placeholder"; readonly why: string }
  | { readonly status: "public"; readonly why: string }
  | { readonly status: "not-secret"; readonly why: string };

const fakeWords = new Set(FAKE_WORDS);
const publicBySha = new Map(PUBLIC_KNOWN_VALUES.map((v) => [v.sha256, v]));

const PLACEHOLDER_SHAPES: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^<[^<>]*>$|^\[[^[\]]*\]$|^\{\{?[^{}]*\}?\}$|^%[^%]+%$|^\$\(?[A-Z_][\w.]*\)?$/u, why: "a bracketed placeholder" },
  { pattern: /^\$\{[^{}]*\}$/u, why: "a template placeholder" },
  // CI and deployment substitutions: `${{ secrets.X }}`, `#{X}#`, `__X__`, `$(X)`, `{{ .Values.x }}`.
  { pattern: /^\$\{\{[^{}]{1,200}\}\}$|^#\{[\w.-]{1,100}\}#$|^__[A-Z][A-Z\d_]{1,100}__$|^\$\([\w.]{1,100}\)$|^\{\{[^{}]{1,200}\}\}$/u, why: "a substitution filled in at deploy time" },
  // Vendors' documentation examples (AWS: AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY).
  { pattern: /EXAMPLE(?:KEY)?$/u, why: "a documentation example value" },
  // Words joined by single separators (a mandatory separator keeps the match linear), opening with a stand-in word.
  { pattern: /^(?:your|my|insert|put|enter|replace|add|paste|fill|example|sample|dummy|fake|test|mock)[A-Z]{0,30}(?:[-_ .][A-Z\d]{1,30}){0,12}$/iu, why: "a descriptive placeholder" },
  { pattern: /(?:^|[-_ ])(?:here|goes[-_ ]?here|placeholder|redacted|removed|changeme|change[-_ ]me|replace[-_ ]?me|not[-_ ]?set|todo)(?:$|[-_ ])/iu, why: "a descriptive placeholder" },
  { pattern: /\*{3,}|x{4,}|X{4,}|#{4,}|\.{3}|…|0{12,}|(.)\1{11,}/u, why: "a masked or truncated value" },
];

/** Is this value a placeholder, a published emulator key, or a known non-secret shape? */
export function classifyValue(value: string): PlaceholderVerdict {
  const trimmed = value.trim();
  if (trimmed.length === 0) return { status: "placeholder", why: "empty" };
  const known = publicBySha.get(createHash("sha256").update(trimmed, "utf8").digest("hex"));
  if (known) return { status: "public", why: known.why };
  const lower = trimmed.toLowerCase();
  if (fakeWords.has(lower) || fakeWords.has(lower.replace(/[-_ ]/gu, ""))) return { status: "placeholder", why: "a stand-in word" };
  for (const { pattern, why } of PLACEHOLDER_SHAPES) if (pattern.test(trimmed)) return { status: "placeholder", why };
  if (/^[A-Z][A-Z\d]*(?:_[A-Z\d]+)+$/u.test(trimmed)) return { status: "not-secret", why: "an environment variable name" };
  if (/^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/iu.test(trimmed)) return { status: "not-secret", why: "a UUID (an identifier, not a secret)" };
  if (/^sha(?:1|256|384|512)-[A-Za-z\d+/]+=*$/u.test(trimmed)) return { status: "not-secret", why: "a subresource-integrity hash" };
  if (/\[[^\]]{1,40}\][{*+?]|\\[dDwWsS]|\.\*|\(\?[:=!<]/u.test(trimmed)) return { status: "not-secret", why: "a regular expression" };
  if (/^@Microsoft\.KeyVault\(/iu.test(trimmed)) return { status: "not-secret", why: "a Key Vault reference (the app reads the secret at run time)" };
  if (/^data:[\w/+.-]+[;,]/u.test(trimmed)) return { status: "not-secret", why: "a data: URI" };
  if (/^(?:\.{0,2}\/|[A-Za-z]:\\)[\w./\\-]+$/u.test(trimmed) && !isBase64KeyMaterial(trimmed)) return { status: "not-secret", why: "a file path" };
  // Test fakes: short words with a digit or two ("testKey123", "secret1") have too little randomness to be issued keys.
  const classes = charClasses(trimmed);
  if (trimmed.length < 8 && classes.count < 2) return { status: "placeholder", why: "too short and uniform to be an issued secret" };
  if (/^(?:fake|test|dummy|mock|sample|example|demo|local|dev)[-_]?[A-Z]*[-_]?\d{0,4}=*$/iu.test(trimmed)) {
    return { status: "placeholder", why: "a test fake" };
  }
  return { status: "maybe-secret" };
}

/**
 * Base64 that happens to start with `/` and hold no `+` (about one random key in a hundred): of key length, in the
 * base64 alphabet alone, with a long random run between its slashes. Paths have words between their slashes
 * (`/var/lib/app/data`, `/api/v1/items`) and usually a `.`, `-` or `_` somewhere.
 */
function isBase64KeyMaterial(value: string): boolean {
  if (value.length < 20 || !/^[A-Za-z\d+/]+={0,2}$/u.test(value)) return false;
  const longest = value.split("/").reduce((a, b) => (b.length > a.length ? b : a), "");
  const classes = charClasses(longest);
  return longest.length >= 16 && classes.upper && classes.lower && looksRandom(longest, 16);
}

/** A hex digest or git SHA: 40/64/128 hex chars with nothing else around them. */
export function isHexDigest(value: string): boolean {
  return /^(?:[\da-f]{40}|[\da-f]{64}|[\da-f]{96}|[\da-f]{128}|[\dA-F]{40}|[\dA-F]{64}|[\dA-F]{128})$/u.test(value);
}
