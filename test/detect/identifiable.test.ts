import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it, expect } from "vitest";
import { IDENTIFIABLE_KEY_KINDS } from "../../src/catalog/identifiable-keys.js";
import { marvin32, marvin64, seedFromName } from "../../src/detect/checksum.js";
import { findIdentifiableKeys, validateIdentifiableKey } from "../../src/detect/identifiable.js";
import { redact } from "../../src/detect/redact.js";

// Keys are never written into this file: checksum-valid keys trip push protection, so the shared vectors are read at
// run time and the hand cases generate their keys. Names and messages show only redact() (`aaaa…(88)`).

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => Number.parseInt(x, 16));

describe("marvin", () => {
  const vectors: readonly (readonly [bigint, Uint8Array, bigint, number])[] = [
    [0xd53cd9cecd0893b7n, ascii("abc"), 0x22c74339492769bfn, 0x6be02a86],
    [0x0ddddeeeeffff000n, ascii("abcdefghijklmnopqrstuvwxyz"), 0xa128eb7e7260aca2n, 0xd34847dc],
    [0x004fb61a001bdbccn, hex(""), 0x30ed35c100cd3c7dn, 0x302009bc],
    [0x004fb61a001bdbccn, hex("af"), 0x48e73fc77d75ddc1n, 0x3592e206],
    [0x004fb61a001bdbccn, hex("37f495"), 0xf0b07c789b8cf7e8n, 0x6b3c8b90],
    [0x804fb61a001bdbccn, hex("ab427ea8d10fc7"), 0xe203987dba252fb3n, 0x5826b7ce],
    [0x804fb61a801bdbccn, hex("ff00ff00"), 0xd3bec7726b057943n, 0xb8bbbe31],
    [0x804fb61a801bdbccn, hex("00ff00ff00ff00"), 0x71876f2efb1b0ee8n, 0x8a9c61c6],
  ];
  for (const [seed, input, m64, m32] of vectors) {
    it(`seed 0x${seed.toString(16)}, ${String(input.length)} bytes`, () => {
      expect(marvin64(input, seed)).toBe(m64);
      expect(marvin32(input, seed)).toBe(m32);
    });
  }

  it("hashes a subarray's own bytes, whatever its offset", () => {
    const backing = new Uint8Array([9, 9, 9, 0xab, 0x42, 0x7e, 0xa8, 0xd1, 0x0f, 0xc7, 9]);
    expect(marvin32(backing.subarray(3, 10), 0x804fb61a001bdbccn)).toBe(0x5826b7ce);
  });

  it("reads seed names as big-endian ASCII and rejects anything but 8 chars", () => {
    expect(seedFromName("Default0")).toBe(0x44656661756c7430n);
    expect(seedFromName("SendRecv")).toBe(0x53656e6452656376n);
    expect(() => seedFromName("Default")).toThrow(/8 printable ASCII/);
  });
});

describe("identifiable key catalog", () => {
  it("uses kebab-case kinds, 8-char seeds and complete HIS v1 layouts", () => {
    for (const entry of IDENTIFIABLE_KEY_KINDS) {
      expect(entry.kind, entry.rule).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
      expect(entry.rule, entry.kind).toMatch(/^SEC101\/\d{3}$/);
      for (const seed of entry.seeds) expect(seed, entry.kind).toMatch(/^[\x20-\x7e]{8}$/);
      if (entry.format === "his-v1") {
        expect(entry.byteLength, entry.kind).toBeDefined();
        expect(entry.alphabet, entry.kind).toBeDefined();
        expect(entry.signature, entry.kind).toHaveLength(4);
      }
    }
  });

  it("is frozen", () => {
    expect(Object.isFrozen(IDENTIFIABLE_KEY_KINDS)).toBe(true);
    expect(IDENTIFIABLE_KEY_KINDS.every((e) => Object.isFrozen(e) && Object.isFrozen(e.seeds))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Shared vectors

interface Vector {
  readonly kind: string;
  readonly rule: string;
  readonly text: string;
  readonly valid: boolean;
  readonly provider?: string;
}

const vectorFile =
  process.env.KEYLESS_SHARED_DIR !== undefined && process.env.KEYLESS_SHARED_DIR !== ""
    ? join(process.env.KEYLESS_SHARED_DIR, "corpus", "identifiable-vectors.jsonl")
    : fileURLToPath(new URL("../../../shared/corpus/identifiable-vectors.jsonl", import.meta.url));

const vectors: readonly Vector[] = existsSync(vectorFile)
  ? readFileSync(vectorFile, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Vector)
  : [];

/** microsoft/security-utilities class names → our kind ids */
const HIS_KIND: Readonly<Record<string, string>> = {
  AzureStorageAccountIdentifiableKey: "azure-storage-key",
  AzureCosmosDBIdentifiableKey: "azure-cosmos-key",
  AzureBatchIdentifiableKey: "azure-batch-key",
  AzureMLWebServiceClassicIdentifiableKey: "azure-ml-key",
  AzureApimIdentifiableDirectManagementKey: "azure-apim-key",
  AzureApimIdentifiableSubscriptionKey: "azure-apim-key",
  AzureApimIdentifiableGatewayKey: "azure-apim-key",
  AzureApimIdentifiableRepositoryKey: "azure-apim-key",
  AzureServiceBusIdentifiableKey: "azure-servicebus-key",
  AzureEventHubIdentifiableKey: "azure-eventhubs-key",
  AzureRelayIdentifiableKey: "azure-relay-key",
  AzureIotHubIdentifiableKey: "azure-iothub-key",
  AzureIotDeviceProvisioningIdentifiableKey: "azure-iothub-key",
  AzureIotDeviceIdentifiableKey: "azure-iothub-key",
  AzureCacheForRedisIdentifiableKey: "azure-redis-key",
  AzureEventGridIdentifiableKey: "azure-eventgrid-key",
  AzureFunctionIdentifiableKey: "azure-function-key",
  AzureSearchIdentifiableQueryKey: "azure-search-query-key",
  AzureSearchIdentifiableAdminKey: "azure-search-admin-key",
  AzureContainerRegistryIdentifiableKey: "azure-acr-key",
  AadClientAppIdentifiableCredentials: "entra-client-secret",
};

/** CASK vectors are all one class; the rule names the provider */
const CASK_KIND_BY_RULE: Readonly<Record<string, string>> = {
  "SEC101/177": "azure-sql-key",
  "SEC101/197": "azure-appconfig-key",
  "SEC101/198": "azure-fluidrelay-key",
  "SEC101/199": "azure-eventgrid-key",
  "SEC101/200": "azure-cask-key",
  "SEC101/201": "azure-devops-pat",
  "SEC101/202": "azure-mixedreality-key",
  "SEC101/203": "azure-maps-key",
  "SEC101/204": "azure-communication-key",
  "SEC101/206": "azure-openai-key",
};

function expectedKind(v: Vector): string | undefined {
  if (v.kind !== "LegacyCommonAnnotatedSecurityKey") return HIS_KIND[v.kind];
  const ruleNumber = Number(v.rule.slice("SEC101/".length));
  return CASK_KIND_BY_RULE[v.rule] ?? (ruleNumber >= 205 && ruleNumber <= 245 ? "azure-cognitive-key" : undefined);
}

const spans = (text: string): { kind: string; rule: string; start: number; end: number }[] =>
  findIdentifiableKeys(text).map(({ kind, rule, start, end }) => ({ kind, rule, start, end }));

describe("shared identifiable-vectors.jsonl", () => {
  it("is present and non-empty", () => {
    expect(existsSync(vectorFile), `missing ${vectorFile} (set KEYLESS_SHARED_DIR to the shared/ folder)`).toBe(true);
    expect(vectors.length).toBeGreaterThan(0);
  });

  it("exercises every catalog rule with at least one valid vector", () => {
    const validRules = new Set(vectors.filter((v) => v.valid).map((v) => v.rule));
    const missing = IDENTIFIABLE_KEY_KINDS.map((e) => e.rule).filter((rule) => !validRules.has(rule));
    expect(missing).toEqual([]);
  });

  const prefix = 'const value = "';
  vectors.forEach((v, index) => {
    const name = `line ${String(index + 1)}: ${v.rule} ${v.valid ? "valid" : "invalid"} ${redact(v.text)}`;
    if (v.valid) {
      it(`finds ${name}`, () => {
        const kind = expectedKind(v);
        expect(kind, `no kind mapped for ${v.kind} ${v.rule}`).toBeDefined();
        const want = { kind, rule: v.rule };
        expect(spans(v.text)).toEqual([{ ...want, start: 0, end: v.text.length }]);
        expect(spans(`${prefix}${v.text}";`)).toEqual([{ ...want, start: prefix.length, end: prefix.length + v.text.length }]);
        expect(validateIdentifiableKey(v.text)).toMatchObject({ status: "valid", ...want });
      });
    } else {
      it(`rejects ${name}`, () => {
        expect(spans(v.text)).toEqual([]);
        expect(spans(`${prefix}${v.text}";`)).toEqual([]);
        expect(validateIdentifiableKey(v.text).status).not.toBe("valid");
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Hand cases, on keys generated here by the published layout

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B66 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890.-_~";

/** Deterministic filler, so a failure reproduces. */
function filler(length: number, alphabet: string, salt: number): string {
  let state = 0x9e3779b9 ^ salt;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += alphabet[state % alphabet.length] ?? "A";
  }
  return out;
}

function le32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
}

function hisKey(byteLength: 32 | 40 | 64, signature: string, seed: string, salt = 1): string {
  const dataChars = Math.ceil((byteLength * 8) / 6);
  const head = filler(dataChars - 10, B64.slice(0, 62), salt) + signature;
  // The zero shift bits that align the signature follow it; one "A" supplies them.
  const body = Buffer.from(`${head}A`, "base64").subarray(0, byteLength - 4);
  const key = Buffer.concat([body, le32(marvin32(body, seedFromName(seed)))]).toString("base64");
  return signature === "AzFu" ? key.replaceAll("+", "-").replaceAll("/", "_") : key;
}

function entraSecret(salt = 1): string {
  const body = `${filler(3, B66, salt)}8Q~${filler(31, B66, salt + 1)}`;
  let hash = marvin32(ascii(body), seedFromName("AadPwd00"));
  let digits = "";
  for (; hash > 0; hash = Math.floor(hash / 66)) digits = (B66[hash % 66] ?? "") + digits;
  return body + digits.padStart(6, "a").slice(0, 3);
}

function caskKey(provider: string, reserved = "AAAA", salt = 1): string {
  const body = `${filler(52, B62, salt)}JQQJ99BK${"A".repeat(12)}${reserved}${provider}`;
  const hash = marvin32(Buffer.from(body, "base64"), seedFromName("Default0"));
  const bytes = [...le32(hash)];
  let v = bytes.reduce((acc, b) => acc * 256 + b, 0);
  let digits = "";
  for (; v > 0; v = Math.floor(v / 62)) digits = (B62[v % 62] ?? "") + digits;
  const zeros = bytes.findIndex((b) => b !== 0);
  return body + ("0".repeat(Math.min(zeros < 0 ? 3 : zeros, 3)) + digits).padEnd(6, "0").slice(0, 4);
}

/** Replace char `at` with a different char of the same class, so only the checksum can tell. */
function mutate(key: string, at: number): string {
  const ch = key[at] ?? "A";
  const swapped = ch === "A" ? "B" : ch === "a" ? "b" : ch === "0" ? "1" : "A";
  return key.slice(0, at) + swapped + key.slice(at + 1);
}

describe("findIdentifiableKeys on generated keys", () => {
  const storage = hisKey(64, "+ASt", "Default0");
  const serviceBus = hisKey(32, "+ASb", "Listen00", 2);
  const functionKey = hisKey(40, "AzFu", "Master00", 3);
  const entra = entraSecret();
  const devops = caskKey("AZDO");
  const speech = caskKey("ACOG", "AAAY");

  it("generates keys the validator accepts (sanity for the cases below)", () => {
    expect(validateIdentifiableKey(storage)).toMatchObject({ status: "valid", kind: "azure-storage-key", service: "storage-blob" });
    expect(validateIdentifiableKey(serviceBus)).toMatchObject({ status: "valid", kind: "azure-servicebus-key" });
    expect(validateIdentifiableKey(functionKey)).toMatchObject({ status: "valid", kind: "azure-function-key" });
    expect(validateIdentifiableKey(entra)).toMatchObject({ status: "valid", kind: "entra-client-secret", evidence: "checksum" });
    expect(validateIdentifiableKey(devops)).toMatchObject({ status: "valid", kind: "azure-devops-pat", rule: "SEC101/201" });
    expect(validateIdentifiableKey(speech)).toMatchObject({
      status: "valid",
      kind: "azure-cognitive-key",
      rule: "SEC101/229",
      service: "cognitive-services",
    });
  });

  it("finds back-to-back keys separated only by a comma", () => {
    for (const [a, b] of [
      [storage, serviceBus],
      [serviceBus, storage],
      [devops, entra],
      [functionKey, speech],
    ] as const) {
      const found = findIdentifiableKeys(`${a},${b}`);
      expect(found.map((m) => [m.start, m.end])).toEqual([
        [0, a.length],
        [a.length + 1, a.length + 1 + b.length],
      ]);
    }
  });

  it("finds keys in a connection string, a URL and a JSON array", () => {
    const connection = `DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${storage};EndpointSuffix=core.windows.net`;
    expect(findIdentifiableKeys(connection).map((m) => m.kind)).toEqual(["azure-storage-key"]);
    const url = `https://demo.azurewebsites.net/api/hello?code=${functionKey}&name=x`;
    expect(findIdentifiableKeys(url).map((m) => m.kind)).toEqual(["azure-function-key"]);
    // URL-encoded padding leaves the unpadded form, which still decodes to the same key.
    const encoded = `https://demo.azurewebsites.net/api/hello?code=${functionKey.replace(/==$/, "%3D%3D")}`;
    expect(findIdentifiableKeys(encoded).map((m) => m.end - m.start)).toEqual([functionKey.length - 2]);
    const json = JSON.stringify({ keys: [serviceBus, entra, devops] });
    expect(findIdentifiableKeys(json).map((m) => m.kind)).toEqual(["azure-servicebus-key", "entra-client-secret", "azure-devops-pat"]);
  });

  it("does not find a key with one changed character, in any region", () => {
    const cases: readonly (readonly [string, readonly number[]])[] = [
      [storage, [0, 40, 75, 81, 84]],
      [serviceBus, [0, 20, 38, 40]],
      [functionKey, [5, 50, 52]],
      [entra, [0, 10, 38, 39]],
      [devops, [0, 30, 60, 81, 83]],
    ];
    for (const [key, positions] of cases) {
      for (const at of positions) {
        const changed = mutate(key, at);
        expect(findIdentifiableKeys(changed), `${redact(key)} changed at ${String(at)}`).toEqual([]);
        expect(validateIdentifiableKey(changed).status, `${redact(key)} changed at ${String(at)}`).not.toBe("valid");
      }
    }
  });

  it("does not find a key that is part of a longer token", () => {
    for (const key of [storage, serviceBus, functionKey, entra, devops]) {
      expect(findIdentifiableKeys(`x${key}`), redact(key)).toEqual([]);
      expect(findIdentifiableKeys(`${key.replace(/={1,2}$/, "")}x`), redact(key)).toEqual([]);
    }
  });

  it("accepts the unpadded form but not stray low bits in its last char", () => {
    const unpadded = serviceBus.slice(0, -1);
    expect(findIdentifiableKeys(unpadded).map((m) => m.end)).toEqual([unpadded.length]);
    // The last of 43 data chars carries 2 unused bits; setting one gives text that decodes to the same bytes.
    const last = B64.indexOf(unpadded.slice(-1));
    const stray = unpadded.slice(0, -1) + (B64[last | 1] ?? "");
    expect(findIdentifiableKeys(stray)).toEqual([]);
    expect(validateIdentifiableKey(stray)).toMatchObject({ status: "invalid" });
  });

  it("reports evidence and a why that never contains the key", () => {
    for (const key of [storage, serviceBus, functionKey, entra, devops, speech]) {
      const [match] = findIdentifiableKeys(key);
      expect(match?.evidence).toBe("checksum");
      expect(match?.why).toMatch(/verify/);
      expect(match?.why.includes(key.slice(0, 12)), redact(key)).toBe(false);
    }
  });
});

describe("validateIdentifiableKey", () => {
  it("separates not-identifiable, invalid and valid", () => {
    expect(validateIdentifiableKey("hello")).toEqual({ status: "not-identifiable" });
    // A classic 88-char storage key has no signature: nothing to verify.
    expect(validateIdentifiableKey(`${filler(86, B64, 7).slice(0, 85)}A==`)).toEqual({ status: "not-identifiable" });
    const placeholder = `${"x".repeat(76)}+ASt${"x".repeat(5)}A==`;
    expect(validateIdentifiableKey(placeholder)).toMatchObject({ status: "invalid", reason: expect.stringMatching(/Storage/) as unknown });
  });

  it("checks only the length of legacy 7Q~ secrets", () => {
    const legacy = `abc7Q~${filler(31, B66, 9)}`;
    expect(validateIdentifiableKey(legacy)).toMatchObject({ status: "valid", kind: "entra-client-secret", evidence: "structure" });
    expect(validateIdentifiableKey(`${legacy}xyz`)).toMatchObject({ status: "invalid" });
  });

  it("only judges the whole string", () => {
    const key = hisKey(64, "+ASt", "Default0");
    expect(validateIdentifiableKey(`"${key}"`)).toEqual({ status: "not-identifiable" });
  });
});

describe("cost", () => {
  it("returns nothing quickly for short and signature-free text", () => {
    expect(findIdentifiableKeys("")).toEqual([]);
    expect(findIdentifiableKeys("+ASt")).toEqual([]);
    expect(findIdentifiableKeys(filler(100_000, B64, 3).replaceAll(/AzFu|AIoT|APIM|ACDb|AzCa|AZEG|AzSe|JQQJ|\+A/g, "zz"))).toEqual([]);
  });

  it("stays linear on adversarial input", () => {
    const inputs = [
      "+AStACDbAIoTAzFuJQQJ9Q~".repeat(20_000),
      `${"x".repeat(76)}+AStAAAAAw== `.repeat(5_000),
      `abc8Q~${"x".repeat(34)}`.repeat(10_000),
      `${"a".repeat(52)}JQQJ99BK${"A".repeat(16)}TEST0000 `.repeat(5_000),
    ];
    const started = performance.now();
    for (const text of inputs) expect(findIdentifiableKeys(text)).toEqual([]);
    // A super-linear pattern would take minutes here; linear takes well under a second.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
