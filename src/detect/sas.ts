import { classifyValue } from "./placeholder.js";

/** A shared access signature found in a text: the signature itself and what the query says about it. */
export interface SasToken {
  readonly start: number;
  readonly end: number;
  /** the `sig=` value */
  readonly sigStart: number;
  readonly sigEnd: number;
  readonly params: ReadonlyMap<string, string>;
  readonly expiry: Date | undefined;
  /** how many other SAS parameters (sv, se, sp, sr, …) stand beside the signature */
  readonly supporting: number;
}

/** Parameters of Storage service/account SAS and Service Bus / Event Hubs SAS tokens. */
const SAS_PARAMS = new Set(["sv", "ss", "srt", "sp", "se", "st", "spr", "sr", "sip", "si", "skoid", "sktid", "skt", "ske", "sks", "skv", "sdd", "skn", "rscc", "rscd", "rsce", "rscl", "rsct", "tn", "spk", "srk", "epk", "erk"]);

/** Field names whose value is a bare SAS signature (HMAC-SHA256, base64). */
const SIGNATURE_FIELDS = /(?<![\w-])(?:sig|dsas_secret)=/giu;
const QUERY_CHAR = /[\w%=&.:+/~-]/u;
const MAX_QUERY = 1024;

/** An HMAC-SHA256 in base64 is 43 chars and `=`; URL-encoding turns `+/=` into `%2B %2F %3D`. */
function isHmacSha256(raw: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return false;
  }
  // 43 characters and `=` when issued; hand-made samples vary the length but keep the padding.
  // A run of one character (`////…=`) is a test pattern, not a signature.
  return /^[A-Za-z\d+/]{38,90}={1,2}$/u.test(decoded) && new Set(decoded.replaceAll("=", "")).size > 1;
}

function looksLikeSignature(raw: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return false;
  }
  return decoded.length >= 16 && /^[A-Za-z\d+/]+={0,2}$/u.test(decoded) && classifyValue(decoded).status === "maybe-secret" && new Set(decoded).size >= 8;
}

export function findSasTokens(text: string): SasToken[] {
  if (!text.includes("=")) return [];
  const found: SasToken[] = [];
  for (const match of text.matchAll(SIGNATURE_FIELDS)) {
    const sigStart = match.index + match[0].length;
    let sigEnd = sigStart;
    while (sigEnd < text.length && sigEnd - sigStart < MAX_QUERY && /[\w%+/=.~-]/u.test(text.charAt(sigEnd)) && text.charAt(sigEnd) !== "&") sigEnd++;
    // A trailing `=` that belongs to the next field cannot happen; a `==` padding can. Trim anything past 3 chars of padding.
    const raw = text.slice(sigStart, sigEnd);
    // A SAS query is a few hundred characters: bounding the walk keeps a file full of `sig=` linear.
    let start = match.index;
    while (start > 0 && match.index - start < MAX_QUERY && QUERY_CHAR.test(text.charAt(start - 1))) start--;
    let end = sigEnd;
    while (end < text.length && end - sigEnd < MAX_QUERY && QUERY_CHAR.test(text.charAt(end))) end++;
    const query = text.slice(start, end);
    const queryStart = query.lastIndexOf("?") + 1;
    const params = new Map<string, string>();
    for (const pair of query.slice(queryStart).split("&")) {
      const eq = pair.indexOf("=");
      if (eq > 0) params.set(pair.slice(0, eq).toLowerCase().replace(/^.*[^a-z_]/u, ""), pair.slice(eq + 1));
    }
    let supporting = 0;
    for (const key of params.keys()) if (SAS_PARAMS.has(key)) supporting++;
    // An issued signature is an HMAC-SHA256; beside a full SAS query (sv, se, sp, …) any real-looking value counts,
    // since hand-shortened samples in code are still shaped and used as tokens.
    if (!isHmacSha256(raw) && !(supporting >= 2 && looksLikeSignature(raw))) continue;
    found.push({ start: start + queryStart, end, sigStart, sigEnd, params, expiry: parseExpiry(params.get("se")), supporting });
  }
  return found;
}

function parseExpiry(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  // Service Bus tokens use epoch seconds; Storage uses ISO 8601 (date or date-time).
  if (/^\d{9,11}$/u.test(text)) return new Date(Number(text) * 1000);
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `scheme://user:password@host`: a URL that carries a password. */
export interface UrlCredential {
  readonly scheme: string;
  readonly user: string;
  readonly host: string;
  readonly start: number;
  readonly end: number;
  readonly passwordStart: number;
  readonly passwordEnd: number;
  readonly database: boolean;
}

const URL_WITH_PASSWORD =
  /(?<scheme>[a-z][a-z\d+.-]{1,20}):\/\/(?<user>[^:@/\s"'`<>]{0,128}):(?<password>[^@/\s"'`<>]{1,256})@(?<host>[^/\s"'`:;?<>@]{1,256})/giu;
const DATABASE_SCHEMES = /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]+|cockroachdb|couchbase)$/iu;

export function findUrlCredentials(text: string): UrlCredential[] {
  if (!text.includes("://")) return [];
  const found: UrlCredential[] = [];
  for (const m of text.matchAll(URL_WITH_PASSWORD)) {
    const groups = m.groups ?? {};
    const scheme = groups.scheme ?? "";
    const password = groups.password ?? "";
    const passwordStart = m.index + m[0].indexOf(":", scheme.length + 3) + 1;
    found.push({
      scheme,
      user: groups.user ?? "",
      host: groups.host ?? "",
      start: m.index,
      end: m.index + m[0].length,
      passwordStart,
      passwordEnd: passwordStart + password.length,
      database: DATABASE_SCHEMES.test(scheme),
    });
  }
  return found;
}
