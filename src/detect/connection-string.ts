import { CONNECTION_STRING_FORMATS } from "../catalog/connection-strings.js";
import { DEVELOPMENT_MARKERS, LOCAL_HOST_PATTERN } from "../catalog/public-values.js";
import type { ConnectionStringFormat, EndpointRule, ServiceId } from "../catalog/types.js";
import { trimChars } from "./trim.js";

/** One `Name=Value` pair with its offsets in the examined text. */
export interface ConnectionStringField {
  readonly name: string;
  readonly value: string;
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** A run of `Name=Value;` pairs found in a text. */
export interface ParsedConnectionString {
  readonly start: number;
  readonly end: number;
  readonly fields: readonly ConnectionStringField[];
  /** `host:port,password=…,ssl=True` (StackExchange.Redis) rather than `;`-separated */
  readonly style: "semicolon" | "comma";
}

/** What a connection string is: its dialect, services, derived endpoints and whether it is a public dev string. */
export type ConnectionStringVerdict =
  | {
      readonly status: "keyed";
      readonly format: ConnectionStringFormat | undefined;
      readonly kind: string;
      readonly label: string;
      readonly services: readonly ServiceId[];
      readonly secretFields: readonly ConnectionStringField[];
      readonly endpoints: Readonly<Partial<Record<ServiceId, string>>>;
      readonly accountName: string | undefined;
      readonly entity: string | undefined;
      /** the SAS policy (authorization rule) a Service Bus / Event Hubs string signs with: not secret, needed to rotate it */
      readonly keyName: string | undefined;
      /** the host the string points at, when no service endpoint is derived (App Configuration's Endpoint=) */
      readonly host: string | undefined;
    }
  | { readonly status: "public"; readonly why: string }
  | { readonly status: "no-key"; readonly why: string };

/** Chunks end where a string or a line ends: a connection string never spans a quote or a newline. */
const CHUNK_BOUNDARY = new Set(["\"", "'", "`", "\n", "\r", "<", ">"]);
const FIELD_NAME = /^[A-Za-z][\w .-]{0,60}$/u;

/** Field names that carry key material in any dialect, lower-cased. */
const SECRET_FIELD_NAMES = new Set(
  CONNECTION_STRING_FORMATS.flatMap((f) => f.secretFields.map((n) => n.toLowerCase())),
);
/** Secret fields strong enough that a lone `Field=value` is already a connection-string fragment. */
const STRONG_SECRET_FIELDS = new Set(["accountkey", "sharedaccesskey", "sharedaccesssignature", "accesskey"]);

function fieldName(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (FIELD_NAME.test(trimmed)) return trimmed;
  // `azureblockblob: TEST_BACKEND=…` or `-ConnectionString 'Default…`: the name is the last token.
  const last = trimmed.split(/[\s:,(]+/u).pop() ?? "";
  return FIELD_NAME.test(last) ? last : undefined;
}

/** A first value that is itself `Field=value` (`NAME=Endpoint=https://…`): a connection string held in a setting. */
const NESTED_FIELD = /^\s*(?<name>[A-Za-z][\w.-]{0,40})=(?!=)/u;
/** Field names the catalog's dialects use: only these start a nested string (`sv=` inside a SAS does not). */
const DIALECT_FIELDS: ReadonlySet<string> = new Set(
  CONNECTION_STRING_FORMATS.flatMap((f) => [...f.requires, ...(f.requiresOneOf ?? []), ...f.secretFields, "DefaultEndpointsProtocol"]).map((n) => n.toLowerCase()),
);

/** Find every run of `Name=Value` pairs (`;`-separated, or the comma style of StackExchange.Redis). */
export function findConnectionStrings(text: string): ParsedConnectionString[] {
  if (!text.includes("=")) return [];
  const found: ParsedConnectionString[] = [];
  let chunkStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !CHUNK_BOUNDARY.has(text.charAt(i))) continue;
    if (i > chunkStart) parseChunk(text, chunkStart, i, found);
    chunkStart = i + 1;
  }
  return found;
}

function parseChunk(text: string, from: number, to: number, out: ParsedConnectionString[]): void {
  const chunk = text.slice(from, to);
  if (!chunk.includes("=")) return;
  if (!chunk.includes(";")) {
    if (/,\s*password\s*=/iu.test(chunk)) parseCommaStyle(chunk, from, out);
    else parseSemicolonRuns(chunk, from, out);
    return;
  }
  parseSemicolonRuns(chunk, from, out);
}

function parseSemicolonRuns(chunk: string, offset: number, out: ParsedConnectionString[]): void {
  let run: ConnectionStringField[] = [];
  let runStart = 0;
  let pos = 0;
  const flush = (end: number): void => {
    if (run.length > 0 && isConnectionStringRun(run)) out.push({ start: runStart, end, fields: run, style: "semicolon" });
    run = [];
  };
  for (const segment of chunk.split(";")) {
    const segStart = offset + pos;
    pos += segment.length + 1;
    const eq = segment.indexOf("=");
    const name = eq > 0 ? fieldName(segment.slice(0, eq)) : undefined;
    if (name === undefined) {
      if (segment.trim().length > 0) flush(segStart);
      continue;
    }
    let rawValue = segment.slice(eq + 1);
    let fieldStart = segStart + segment.indexOf(name);
    let valueOffset = segStart + eq + 1;
    let field = name;
    // `IOTHUB_CONNECTION_STRING=HostName=…;SharedAccessKey=…` (a .env line, an app setting): the string starts at
    // the inner field, whose name says the dialect.
    const inner = run.length === 0 && !DIALECT_FIELDS.has(name.toLowerCase()) ? NESTED_FIELD.exec(rawValue) : null;
    const nested = inner?.groups?.name;
    const innerName = nested !== undefined && DIALECT_FIELDS.has(nested.toLowerCase()) ? nested : undefined;
    if (inner && innerName !== undefined) {
      const at = rawValue.indexOf(innerName);
      fieldStart = valueOffset + at;
      valueOffset += at + innerName.length + 1;
      rawValue = rawValue.slice(at + innerName.length + 1);
      field = innerName;
    }
    const lead = rawValue.length - rawValue.trimStart().length;
    // Key material never holds a space or a comma: prose after a value (`AccountKey=abc, then …`) is not part of it.
    const value = trimChars(rawValue.trim().split(/[\s,]/u)[0] ?? "", ".)", "end");
    const valueStart = valueOffset + lead;
    if (run.length === 0) runStart = fieldStart;
    run.push({ name: field, value, valueStart, valueEnd: valueStart + value.length });
  }
  const last = run.at(-1);
  flush(last ? last.valueEnd : offset);
}

function isConnectionStringRun(fields: readonly ConnectionStringField[]): boolean {
  if (fields.length >= 2) return true;
  const only = fields[0];
  return only !== undefined && STRONG_SECRET_FIELDS.has(only.name.toLowerCase());
}

function parseCommaStyle(chunk: string, offset: number, out: ParsedConnectionString[]): void {
  const fields: ConnectionStringField[] = [];
  let pos = 0;
  for (const part of chunk.split(",")) {
    const partStart = offset + pos;
    pos += part.length + 1;
    const eq = part.indexOf("=");
    if (eq <= 0) {
      const host = part.trim();
      if (fields.length === 0 && /^[\w.-]+:\d{2,5}$/u.test(host)) {
        fields.push({ name: "host", value: host, valueStart: partStart + part.indexOf(host), valueEnd: partStart + part.indexOf(host) + host.length });
      }
      continue;
    }
    const name = part.slice(0, eq).trim();
    if (!FIELD_NAME.test(name)) continue;
    const rawValue = part.slice(eq + 1);
    const value = rawValue.trim();
    const valueStart = partStart + eq + 1 + (rawValue.length - rawValue.trimStart().length);
    fields.push({ name, value, valueStart, valueEnd: valueStart + value.length });
  }
  if (fields.some((f) => f.name.toLowerCase() === "password")) {
    const first = fields[0];
    const last = fields.at(-1);
    if (first && last) out.push({ start: first.valueStart, end: last.valueEnd, fields, style: "comma" });
  }
}

function field(cs: ParsedConnectionString, name: string): ConnectionStringField | undefined {
  const lower = name.toLowerCase();
  return cs.fields.find((f) => f.name.toLowerCase() === lower);
}

/** Identify the dialect (from the catalog), the secret fields, the endpoints, and public emulator strings. */
export function classifyConnectionString(cs: ParsedConnectionString): ConnectionStringVerdict {
  for (const marker of DEVELOPMENT_MARKERS) {
    const f = field(cs, marker.field);
    if (f && f.value.toLowerCase() === marker.value.toLowerCase()) return { status: "public", why: marker.why };
  }
  const format = pickFormat(cs);
  const secretNames = new Set((format?.secretFields ?? [...SECRET_FIELD_NAMES]).map((n) => n.toLowerCase()));
  const secretFields = cs.fields.filter((f) => secretNames.has(f.name.toLowerCase()));
  if (secretFields.length === 0) {
    return { status: "no-key", why: format ? `${format.kind} without key material` : "no key material" };
  }
  const endpoints: Partial<Record<ServiceId, string>> = {};
  for (const [service, rule] of Object.entries(format?.endpoint ?? {}) as [ServiceId, EndpointRule][]) {
    const endpoint = deriveEndpoint(cs, rule);
    if (endpoint !== undefined) endpoints[service] = endpoint;
  }
  const host = hostOf(Object.values(endpoints)[0] ?? field(cs, "Endpoint")?.value ?? field(cs, "Server")?.value ?? field(cs, "host")?.value);
  if (host !== undefined && LOCAL_HOST_PATTERN.test(host) && secretFields.every((f) => isEmulatorLike(f.value))) {
    return { status: "public", why: `points at ${host}, a local emulator` };
  }
  return {
    status: "keyed",
    format,
    kind: format?.kind ?? "connection-string",
    label: format ? labelOf(format) : "connection string",
    services: format?.services ?? [],
    secretFields,
    endpoints,
    accountName: field(cs, "AccountName")?.value,
    entity: field(cs, "EntityPath")?.value,
    keyName: field(cs, "SharedAccessKeyName")?.value,
    host,
  };
}

/** Emulator sample keys are readable text or a known constant; a random-looking key on localhost is still a key. */
function isEmulatorLike(value: string): boolean {
  return /^[A-Z\d]+$/u.test(value) || /^[a-z_]+$/iu.test(value);
}

function labelOf(format: ConnectionStringFormat): string {
  return format.label;
}

function pickFormat(cs: ParsedConnectionString): ConnectionStringFormat | undefined {
  const names = new Set(cs.fields.map((f) => f.name.toLowerCase()));
  let best: ConnectionStringFormat | undefined;
  for (const format of CONNECTION_STRING_FORMATS) {
    if (!format.requires.every((r) => names.has(r.toLowerCase()))) continue;
    const hasSecret = format.secretFields.length === 0 || format.secretFields.some((s) => names.has(s.toLowerCase()));
    if (!hasSecret && format.secretFields.length > 0 && best !== undefined) continue;
    if (best === undefined || format.requires.length > best.requires.length) best = format;
  }
  if (best !== undefined) return best;
  // A fragment (`AccountKey=…` alone): the dialect whose secret fields include it.
  return CONNECTION_STRING_FORMATS.find((f) => f.secretFields.some((s) => names.has(s.toLowerCase())));
}

function deriveEndpoint(cs: ParsedConnectionString, rule: EndpointRule): string | undefined {
  if (rule.from === "field") {
    const value = field(cs, rule.field)?.value;
    if (value === undefined || value.length === 0) return undefined;
    if (rule.transform === "host") return hostOf(value);
    if (rule.transform === "trim-slash") return trimChars(value, "/", "end");
    return value;
  }
  if (rule.endpointField !== undefined) {
    const explicit = field(cs, rule.endpointField)?.value;
    if (explicit) return trimChars(explicit, "/", "end");
  }
  const account = field(cs, "AccountName")?.value;
  const suffix = field(cs, "EndpointSuffix")?.value ?? "core.windows.net";
  const protocol = field(cs, "DefaultEndpointsProtocol")?.value ?? "https";
  if (!account) return undefined;
  return `${protocol}://${account}.${rule.subdomain}.${suffix}`;
}

/** `sb://ns.servicebus.windows.net/` → `ns.servicebus.windows.net`; `tcp:srv.database.windows.net,1433` → the server. */
export function hostOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:[a-z][\w+.-]*:\/\/)?(?:tcp:)?(?<host>[^/:,;\s]+)/iu.exec(value.trim());
  return match?.groups?.host;
}
