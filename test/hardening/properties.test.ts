import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parseSourceFile } from "../../src/analysis/program.js";
import { analyzeFile } from "../../src/analysis/secrets.js";
import { classifyConnectionString, findConnectionStrings } from "../../src/detect/connection-string.js";
import { findIdentifiableKeys, findIdentifiableLookalikes, validateIdentifiableKey } from "../../src/detect/identifiable.js";
import { findSasTokens, findUrlCredentials } from "../../src/detect/sas.js";
import { detectSecrets } from "../../src/detect/text.js";
import { Prng } from "./support.js";

/**
 * Properties of the parsers and of value-origin resolution on input nobody would write by hand: they never throw,
 * their spans stay inside the text, and their time grows linearly. Time is only ever compared with time (the same
 * function on n and 4n characters), never with a wall-clock limit, so a slow or busy machine does not fail them.
 * fast-check runs with a fixed seed: a failure reproduces, and its counterexample is printed shrunk.
 */

const SEED = 20_260_627;
const run = <T>(property: fc.IProperty<T>, numRuns: number, examples: T[] = []): void => {
  fc.assert(property, { seed: SEED, numRuns, examples, endOnFailure: true });
};

// ---------------------------------------------------------------------------------------------------------------
// Inputs: fragments of every syntax the parsers look for, glued by arbitrary text.

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const FRAGMENTS = [
  "AccountKey=", "AccountName=", "DefaultEndpointsProtocol=https", "EndpointSuffix=core.windows.net", "SharedAccessKey=", "SharedAccessKeyName=",
  "Endpoint=sb://", "AccountEndpoint=https://", "Secret=", "Id=", "Password=", "Pwd=", "User ID=", "Server=tcp:", ", password=", "UseDevelopmentStorage=true",
  ";", "=", "==", ",", " ", "\t", "\n", "\r\n", "\"", "'", "`", "\\", "\u0000", "{", "}", "(", ")", "[", "]", "<", ">", "/", ":",
  "sig=", "&sig=", "?sv=2022-11-02", "&se=2030-01-01T00:00:00Z", "&sp=rl", "&sr=b", "%2B", "%2F", "%3D", "%", "&", "?",
  "https://", "postgres://", "mongodb+srv://", "redis://", "://", "user:", "@", ":pass@",
  "Q~", "8Q~", "7Q~", "JQQJ9", "JQQJ99", "+ASt", "AzFu", "+ASb", "APIM", "ACDb",
  "password=", "secret: ", "api_key=", "\"clientSecret\": \"", "<add key=\"", "\" value=\"", "- name: ", "value: ", "--password ", "token ",
  "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "eyJ", ".", "AKIA", "ghp_", "xoxb-", "sk-", "npm_", "AIza",
  "\u2028", "\uFEFF", "é", "😀", "\uD800",
];
const base64Run = fc.integer({ min: 1, max: 90 }).map((n) => new Prng(n).chars(n, B64));
const fragment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 2, arbitrary: base64Run },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 12 }) },
);
/** Text made of the parsers' own syntax, in any order: the inputs most likely to reach their corner cases. */
const structured = (maxLength: number): fc.Arbitrary<string> => fc.array(fragment, { maxLength }).map((parts) => parts.join(""));
/** Any code points at all, lone surrogates included. */
const anything = fc.string({ unit: "binary", maxLength: 400 });
const input = fc.oneof(structured(120), anything);

// ---------------------------------------------------------------------------------------------------------------
// The parsers under test, each checked for well-formed output.

interface Span {
  readonly start: number;
  readonly end: number;
}
const inside = (text: string, ...spans: Span[]): void => {
  for (const s of spans) {
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.end).toBeGreaterThanOrEqual(s.start);
    expect(s.end).toBeLessThanOrEqual(text.length);
  }
};

interface Parser {
  readonly name: string;
  readonly parse: (text: string) => unknown;
  readonly check: (text: string) => void;
}

const PARSERS: readonly Parser[] = [
  {
    name: "connection strings (findConnectionStrings + classifyConnectionString)",
    parse: (text) => findConnectionStrings(text).map((cs) => classifyConnectionString(cs)),
    check: (text) => {
      for (const cs of findConnectionStrings(text)) {
        inside(text, cs);
        for (const f of cs.fields) {
          inside(text, { start: f.valueStart, end: f.valueEnd });
          expect(text.slice(f.valueStart, f.valueEnd)).toBe(f.value);
        }
        const verdict = classifyConnectionString(cs);
        expect(["keyed", "no-key", "public"]).toContain(verdict.status);
        if (verdict.status === "keyed") for (const f of verdict.secretFields) expect(cs.fields).toContain(f);
      }
    },
  },
  {
    name: "SAS tokens (findSasTokens)",
    parse: findSasTokens,
    check: (text) => {
      for (const sas of findSasTokens(text)) {
        inside(text, sas, { start: sas.sigStart, end: sas.sigEnd });
        expect(sas.supporting).toBeGreaterThanOrEqual(0);
      }
    },
  },
  {
    name: "URLs with credentials (findUrlCredentials)",
    parse: findUrlCredentials,
    check: (text) => {
      for (const url of findUrlCredentials(text)) {
        inside(text, url, { start: url.passwordStart, end: url.passwordEnd });
        expect(text.slice(url.start, url.start + url.scheme.length)).toBe(url.scheme);
        expect(text.charAt(url.passwordStart - 1)).toBe(":");
        expect(text.charAt(url.passwordEnd)).toBe("@");
      }
    },
  },
  {
    name: "identifiable keys (findIdentifiableKeys, findIdentifiableLookalikes, validateIdentifiableKey)",
    parse: (text) => [findIdentifiableKeys(text), findIdentifiableLookalikes(text), validateIdentifiableKey(text)],
    check: (text) => {
      for (const key of findIdentifiableKeys(text)) {
        inside(text, key);
        // A key found in a text is a key on its own.
        expect(validateIdentifiableKey(text.slice(key.start, key.end)).status).toBe("valid");
      }
      for (const shape of findIdentifiableLookalikes(text)) inside(text, shape);
      expect(["valid", "invalid", "not-identifiable"]).toContain(validateIdentifiableKey(text).status);
    },
  },
  {
    name: "every detector together (detectSecrets)",
    parse: (text) => [detectSecrets(text), detectSecrets(text, { name: "clientSecret" }), detectSecrets(text, { inComment: true })],
    check: (text) => {
      const contexts = [{}, { name: "password" }, { name: "storageAccountKey", sink: { expects: "key" as const, label: "the key argument" } }, { inComment: true }, { azureAiHost: true, name: "apiKey" }];
      for (const ctx of contexts) {
        for (const m of detectSecrets(text, ctx)) {
          inside(text, m, { start: m.materialStart, end: m.materialEnd });
          expect(m.materialEnd, "key material ends after it starts").toBeGreaterThan(m.materialStart);
          const material = text.slice(m.materialStart, m.materialEnd);
          if (material.length >= 8) expect(m.why, "the explanation never quotes the secret").not.toContain(material);
        }
      }
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Linear time: the same text repeated to n and 4n characters, up to 1 MiB.

const SIZES = [4 * 1024, 16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024];
/** Linear is 4; n log n about 4.5; quadratic 16. Generous, and a failing step is measured twice before it fails. */
const MAX_RATIO = 10;
/** Below this, timer resolution and JIT noise dominate: a step shorter than it counts as this long. */
const FLOOR_MS = 8;

function timed(f: () => unknown): number {
  const started = performance.now();
  f();
  return performance.now() - started;
}

/** Times `parse` on `unit` repeated to each size; returns the first step whose growth is not linear, if any. */
function superLinearStep(parse: (text: string) => unknown, unit: string): string | undefined {
  if (unit.length === 0) return undefined;
  const text = (n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  parse(text(SIZES[0] ?? 1024));
  let previous = timed(() => parse(text(SIZES[0] ?? 1024)));
  for (const size of SIZES.slice(1)) {
    const body = text(size);
    let current = timed(() => parse(body));
    let ratio = current / Math.max(previous, FLOOR_MS);
    if (ratio > MAX_RATIO) {
      // Measure both sizes again before judging: a collection or another process may have taken the first.
      const smaller = text(size / 4);
      previous = Math.min(previous, timed(() => parse(smaller)));
      current = Math.min(current, timed(() => parse(body)));
      ratio = current / Math.max(previous, FLOOR_MS);
      if (ratio > MAX_RATIO) return `${String(size / 4)} → ${String(size)} chars took ${previous.toFixed(1)} → ${current.toFixed(1)} ms (×${ratio.toFixed(1)})`;
    }
    previous = current;
  }
  return undefined;
}

/** Units known to reach the slow paths (runs of `sig=`, `name=`, `scheme://user:`): tried before the random ones. */
const HARD_UNITS: Readonly<Record<string, readonly string[]>> = {
  "connection strings (findConnectionStrings + classifyConnectionString)": ["a=b;", "AccountKey=abc;", "AccountKey=", ";=", ", password=x"],
  "SAS tokens (findSasTokens)": ["sig=abc&", "sig=", "&sv=1", "?sig=a"],
  "URLs with credentials (findUrlCredentials)": ["a://b:c", "aaaa", "a://:", "a://b:c@"],
  "identifiable keys (findIdentifiableKeys, findIdentifiableLookalikes, validateIdentifiableKey)": ["abc8Q~", `${B64}JQQJ9`, "AAAA+ASt", "Q~Q~"],
  "every detector together (detectSecrets)": ["AccountKey=abc;", "sig=abc&", "a://b:c", "secret: ", "A-", "\\["],
};

describe("parsers on arbitrary text", () => {
  for (const parser of PARSERS) {
    describe(parser.name, () => {
      it("never throw, and return spans inside the text", () => {
        run(
          fc.property(input, (text) => {
            parser.check(text);
          }),
          300,
        );
      });

      it("stay linear on repeated structure up to 1 MiB (n vs 4n)", () => {
        const units = (HARD_UNITS[parser.name] ?? []).map((u) => [u] as [string]);
        run(
          fc.property(structured(8).filter((u) => u.length > 0), (unit) => {
            const step = superLinearStep(parser.parse, unit);
            expect(step, `unit ${JSON.stringify(unit.slice(0, 60))}`).toBeUndefined();
          }),
          units.length + 3,
          units,
        );
      });
    });
  }

  it("detectSecrets stays linear on 1 MiB of arbitrary code points", () => {
    run(
      fc.property(fc.string({ unit: "binary", minLength: 1, maxLength: 64 }), (unit) => {
        expect(superLinearStep((t) => detectSecrets(t), unit), JSON.stringify(unit)).toBeUndefined();
      }),
      2,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Value-origin resolution (analyzeFile) on generated programs.

const IMPORTS = `import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";\n`;

function analyze(text: string): number {
  const sf = parseSourceFile("generated.ts", text);
  return analyzeFile(sf).findings.length;
}

/** How a binding refers to the next one: every form value-origin resolution reads through. */
const REFERENCE_FORMS: readonly ((name: string) => string)[] = [
  (n) => n,
  (n) => `"DefaultEndpointsProtocol=https;AccountKey=" + ${n}`,
  (n) => `${n} || "fallback-value"`,
  (n) => `${n} ?? process.env.STORAGE_KEY`,
  (n) => `\`AccountKey=\${${n}};EndpointSuffix=core.windows.net\``,
  (n) => `(${n} as string)`,
  (n) => `${n}!`,
  (n) => `flag ? ${n} : "other-value"`,
  (n) => `{ key: ${n} }.key`,
  (n) => `holder.${n}`,
];

/** `let v0 = f(v1); let v1 = g(v2); …; let vk = h(v0)`, plus a holder object and destructuring closing more loops. */
function cyclicProgram(forms: readonly number[]): string {
  const k = forms.length;
  const name = (i: number): string => `v${String(i % k)}`;
  const lines = [IMPORTS, `declare const flag: boolean;`];
  lines.push(`var holder = { ${forms.map((_, i) => `${name(i)}: ${name(i + 1)}`).join(", ")} };`);
  forms.forEach((form, i) => lines.push(`var ${name(i)} = ${(REFERENCE_FORMS[form] ?? REFERENCE_FORMS[0] ?? String)(name(i + 1))};`));
  lines.push(`var { ${name(0)}: alias } = holder;`, `var [first] = [alias, ${name(1)}];`);
  lines.push(`export const a = BlobServiceClient.fromConnectionString(${name(0)});`);
  lines.push(`export const b = new BlobServiceClient("https://acct.blob.core.windows.net", new StorageSharedKeyCredential("acct", ${name(Math.floor(k / 2))}));`);
  lines.push(`export const c = BlobServiceClient.fromConnectionString("DefaultEndpointsProtocol=https;AccountKey=" + first + alias);`);
  return lines.join("\n");
}

/** The deepest nesting TypeScript's own parser accepts here (it recurses, so the limit is the stack's). */
function deepestParsed(make: (depth: number) => string, from: number, to: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      ts.createSourceFile("probe.ts", make(mid), ts.ScriptTarget.Latest, true);
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}

const KEY = new Prng(7).bytes(64).toString("base64");
const SECRET = `"DefaultEndpointsProtocol=https;AccountName=deep;AccountKey=${KEY};EndpointSuffix=core.windows.net"`;

describe("value-origin resolution on generated programs", () => {
  it("terminates on cyclic bindings (a = b; b = a) through every form it reads, in time linear in the cycle", () => {
    run(
      fc.property(fc.array(fc.integer({ min: 0, max: REFERENCE_FORMS.length - 1 }), { minLength: 1, maxLength: 60 }), (forms) => {
        expect(() => analyze(cyclicProgram(forms))).not.toThrow();
      }),
      150,
      [[[0]], [[0, 0]], [[1, 2, 3, 4, 5, 6, 7, 8, 9]]],
    );
    // Growth: a cycle four times longer takes about four times as long.
    const cycle = (n: number): string => cyclicProgram(Array.from({ length: n }, (_, i) => i % REFERENCE_FORMS.length));
    analyze(cycle(50));
    const t1 = timed(() => analyze(cycle(250)));
    const t4 = timed(() => analyze(cycle(1000)));
    expect(t4 / Math.max(t1, FLOOR_MS), `250 → 1,000 bindings: ${t1.toFixed(0)} → ${t4.toFixed(0)} ms`).toBeLessThan(MAX_RATIO);
  });

  it("terminates on bindings that double at every step (a1 = a0 + a0): time grows with the file, not 2^n", () => {
    const doubling = (n: number, form: (prev: string) => string): string => {
      const lines = [IMPORTS, `const a0 = "AccountKey=";`];
      for (let i = 1; i <= n; i++) lines.push(`const a${String(i)} = ${form(`a${String(i - 1)}`)};`);
      lines.push(`export const c = BlobServiceClient.fromConnectionString(a${String(n)});`);
      return lines.join("\n");
    };
    for (const [label, form] of [["+", (p: string) => `${p} + ${p}`], ["||", (p: string) => `${p} || ${p}`], ["template", (p: string) => `\`\${${p}}\${${p}}\``]] as const) {
      analyze(doubling(4, form));
      const t1 = timed(() => analyze(doubling(8, form)));
      const t2 = timed(() => analyze(doubling(16, form)));
      expect(t2 / Math.max(t1, FLOOR_MS), `${label}: 8 → 16 doublings took ${t1.toFixed(0)} → ${t2.toFixed(0)} ms`).toBeLessThan(MAX_RATIO);
    }
  });

  it.each([
    // One key split over every part: a single match that spans all of them.
    ["literals", (n: number) => `export const x = "DefaultEndpointsProtocol=https;AccountName=split;AccountKey=" + ${Array.from({ length: n }, (_, i) => `"${(i * 7919).toString(36)}"`).join(" + ")};`],
    ["literals and identifiers", (n: number) => `declare const a: string;\nexport const x = ${Array.from({ length: n }, (_, i) => (i % 2 === 0 ? "a" : `"p${String(i)}"`)).join(" + ")} + ${SECRET};`],
    ["a chain of bindings", (n: number) => `${Array.from({ length: n }, (_, i) => `const v${String(i)} = ${i === 0 ? SECRET : `v${String(i - 1)} + "x"`};`).join("\n")}\nexport const x = BlobServiceClient.fromConnectionString(v${String(n - 1)});`],
  ])("terminates on a 10,000-deep concatenation of %s, in time linear in its length", (_, make) => {
    const program = (n: number): string => IMPORTS + make(n);
    analyze(program(100));
    analyze(program(625));
    const t1 = timed(() => analyze(program(625)));
    let t16 = 0;
    expect(() => (t16 = timed(() => analyze(program(10_000))))).not.toThrow();
    // 16 times the terms: linear is 16 times the time, quadratic 256 times; the bound allows 5 times linear.
    // Parallel test files load the machine: the bound is generous (quadratic would be 256 times).
    expect(t16 / Math.max(t1, FLOOR_MS), `625 → 10,000 terms: ${t1.toFixed(0)} → ${t16.toFixed(0)} ms`).toBeLessThan(16 * 8);
  });

  it.each([
    ["parentheses", (d: number) => `export const x = ${"(".repeat(d)}${SECRET}${")".repeat(d)};`],
    ["objects", (d: number) => `export const x = ${"{ a: ".repeat(d)}${SECRET}${" }".repeat(d)};`],
    ["arrays", (d: number) => `export const x = ${"[".repeat(d)}${SECRET}${"]".repeat(d)};`],
    ["calls", (d: number) => `export const x = ${"f(".repeat(d)}${SECRET}${")".repeat(d)};`],
    ["arrow functions", (d: number) => `export const x = ${"() => ".repeat(d)}${SECRET};`],
    ["conditionals", (d: number) => `export const x = ${"c ? ".repeat(d)}${SECRET}${" : d".repeat(d)};`],
  ])("does not overflow the stack on nested %s, at the deepest nesting TypeScript parses", (_, make) => {
    const depth = deepestParsed((d) => IMPORTS + make(d), 100, 20_000);
    expect(depth, "TypeScript parses at least this deep").toBeGreaterThanOrEqual(500);
    // The probe found the parser's own limit from this stack position; analysing parses again a few frames
    // deeper, so leave a margin or the test measures where the probe stood rather than the analysis.
    expect(() => analyze(IMPORTS + make(Math.floor(depth * 0.9)))).not.toThrow();
  });

  it.each([
    ["a || b || …", (n: number) => `${Array(n).fill("a").join(" || ")} || ${SECRET}`],
    ["a && b && …", (n: number) => `${Array(n).fill("a").join(" && ")} && ${SECRET}`],
    ["a ?? b ?? …", (n: number) => `${Array(n).fill("a").join(" ?? ")} ?? ${SECRET}`],
    ["(a, b, …)", (n: number) => `(${Array(n).fill("a").join(", ")}, ${SECRET})`],
    ["a.b.c…", (n: number) => `a${".b".repeat(n)} + ${SECRET}`],
    ["a[0][0]…", (n: number) => `a${"[0]".repeat(n)} + ${SECRET}`],
    ["f()()…", (n: number) => `f${"()".repeat(n)}(${SECRET})`],
    ["a.b().b()…", (n: number) => `a${".b()".repeat(n)}.c(${SECRET})`],
  ])("does not overflow the stack on a 10,000-long chain %s (TypeScript parses these iteratively)", (_, make) => {
    const text = `declare const a: any, f: any;\nexport const x = ${make(10_000)};\n`;
    expect(() => ts.createSourceFile("chain.ts", text, ts.ScriptTarget.Latest, true)).not.toThrow();
    expect(() => analyze(text)).not.toThrow();
  });

  it("reads a file of several MB in time linear in its size", () => {
    const rng = new Prng(99);
    const statement = (i: number): string => {
      switch (i % 5) {
        case 0:
          return `export const item${String(i)} = { name: "item ${String(i)}", url: "https://example.com/${String(i)}", key: process.env.KEY_${String(i)} ?? "fallback-${String(i)}" };`;
        case 1:
          return `// ${rng.chars(60, "abcdefghij klmnop")}`;
        case 2:
          return `function f${String(i)}(a: string, b = "default value ${String(i)}") { return a + b + item${String(i - 2)}.name; }`;
        case 3:
          return `export const client${String(i)} = BlobServiceClient.fromConnectionString(process.env.STORAGE_${String(i)} ?? "UseDevelopmentStorage=true");`;
        default:
          return `export const cs${String(i)} = "DefaultEndpointsProtocol=https;AccountName=acct${String(i)};AccountKey=${rng.bytes(64).toString("base64")};EndpointSuffix=core.windows.net";`;
      }
    };
    const file = (bytes: number): string => {
      const lines = [IMPORTS];
      let size = 0;
      for (let i = 0; size < bytes; i++) {
        const line = statement(i);
        lines.push(line);
        size += line.length + 1;
      }
      return lines.join("\n");
    };
    const small = file(750 * 1024);
    const large = file(3 * 1024 * 1024);
    let findings = 0;
    const t1 = timed(() => (findings = analyze(small)));
    expect(findings).toBeGreaterThan(1000);
    const t4 = timed(() => analyze(large));
    expect(t4 / Math.max(t1, FLOOR_MS), `0.75 → 3 MB: ${t1.toFixed(0)} → ${t4.toFixed(0)} ms`).toBeLessThan(MAX_RATIO);
  });
});
