/**
 * Microsoft "identifiable" keys: formats that carry a fixed signature and a Marvin32 checksum, so a checker can tell a
 * genuine Azure-issued key (or a deliberately generated test key) from random text without any network call.
 * Source: ../shared/azure/identifiable-keys.md (a description of microsoft/security-utilities). Data only;
 * src/detect/identifiable.ts holds the format logic.
 */

import type { ServiceId } from "./types.js";

export type IdentifiableFormat =
  /** "highly identifiable secret" v1: base64 of random bytes + 3-byte signature + 4-byte Marvin32 checksum */
  | "his-v1"
  /** legacy common annotated security key (HIS v2): 84/88 base62 chars, `JQQJ` + provider signature + base62 checksum */
  | "cask"
  /** Microsoft Entra client secret: `xxx7Q~…` (no checksum) or `xxx8Q~…` (base-66 checksum) */
  | "entra";

/** `std` = base64 with `+/`, `url` = base64url with `-_`, `base62` = base64 text restricted to `[A-Za-z0-9]`. */
export type KeyAlphabet = "std" | "url" | "base62";

export type RuleId = `SEC101/${number}`;

export interface IdentifiableKeyKind {
  /** stable kebab-case id; kinds that differ only in seed or rule (APIM, IoT, Entra) share it as a family */
  readonly kind: string;
  /** the microsoft/security-utilities rule id, the name other scanners and GitHub use for the format */
  readonly rule: RuleId;
  readonly service: ServiceId | null;
  readonly label: string;
  readonly format: IdentifiableFormat;
  /** HIS v1 only: decoded key length */
  readonly byteLength?: 32 | 39 | 40 | 64;
  /** HIS v1: the 4 base64 chars at a fixed offset; Entra: `7Q~` / `8Q~`; CASK: the fixed `JQQJ` */
  readonly signature: string;
  readonly alphabet?: KeyAlphabet;
  /** Entra only: the exact text length of the version */
  readonly textLength?: 37 | 40;
  /** 8-char ASCII seed names, tried in this order; the first that verifies names the sub-kind. Empty = no checksum. */
  readonly seeds: readonly string[];
  /** CASK only: the provider signature at chars [76,80), compared case-insensitively; absent = any other provider */
  readonly provider?: string;
  /** CASK only: chars [72,76). With `indexedServices`, only the first 3 chars; the 4th is the service index. */
  readonly providerReserved?: string;
  /** CASK only: the 4th provider-reserved char is a base64-alphabet index into `names`; the rule is SEC101/(firstRule + index) */
  readonly indexedServices?: { readonly firstRule: number; readonly names: readonly string[] };
  /** CASK only: the provider issues only the 84-char form; an 88-char key with its signature is not this kind */
  readonly shortFormOnly?: boolean;
}

/** Cognitive Services (ACOG) service index → service, in the order the keys encode it (0 = `A`, 26 = `a`). */
export const COGNITIVE_SERVICE_NAMES: readonly string[] = Object.freeze([
  "AI Services (multi-service)",
  "OpenAI",
  "Anomaly Detector EE",
  "Anomaly Detector",
  "Cognitive Services",
  "Computer Vision",
  "Content Moderator",
  "Content Safety",
  "Custom Vision Prediction",
  "Custom Vision Training",
  "Face",
  "Form Recognizer",
  "Health Decision Support",
  "Health Insights",
  "Immersive Reader",
  "Internal All-in-One",
  "Knowledge",
  "LUIS Authoring",
  "LUIS",
  "Metrics Advisor",
  "Personalizer",
  "QnA Maker",
  "QnA Maker v2",
  "Speaker Recognition",
  "Speech Services",
  "Speech Translation",
  "Text Analytics",
  "Text Translation",
  "Dummy",
  "Transcription Intelligence",
  "Video Intelligence",
  "Bing Autosuggest",
  "Bing Autosuggest v7",
  "Bing Custom Search",
  "Bing Custom Visual Search",
  "Bing Entity Search",
  "Bing Search",
  "Bing Search v7",
  "Bing Speech",
  "Bing Spell Check",
  "Bing Spell Check v7",
]);

const MESSAGING_SEEDS = ["Send0000", "Listen00", "Manage00"] as const;
const CASK_SEEDS = ["Default0"] as const;

function his(
  kind: string,
  rule: RuleId,
  service: ServiceId | null,
  label: string,
  byteLength: 32 | 39 | 40 | 64,
  signature: string,
  alphabet: KeyAlphabet,
  seeds: readonly string[],
): IdentifiableKeyKind {
  return { kind, rule, service, label, format: "his-v1", byteLength, signature, alphabet, seeds };
}

function cask(
  kind: string,
  rule: RuleId,
  service: ServiceId | null,
  label: string,
  provider: string,
  extra: Pick<IdentifiableKeyKind, "providerReserved" | "indexedServices" | "shortFormOnly"> = { providerReserved: "AAAA" },
): IdentifiableKeyKind {
  return { kind, rule, service, label, format: "cask", signature: "JQQJ", alphabet: "base62", seeds: CASK_SEEDS, provider, ...extra };
}

/**
 * Order matters where entries overlap: the first entry that fits a key wins (OpenAI before the other Cognitive
 * Services; every provider before the generic CASK entry).
 */
export const IDENTIFIABLE_KEY_KINDS: readonly IdentifiableKeyKind[] = deepFreeze([
  // 64-byte HIS v1 keys (88 chars, `==`)
  his("azure-storage-key", "SEC101/152", "storage-blob", "Azure Storage account key", 64, "+ASt", "std", ["Default0"]),
  his("azure-cosmos-key", "SEC101/160", "cosmos", "Azure Cosmos DB key", 64, "ACDb", "std", [
    "Encryp00",
    "MastRO00",
    "MastRW00",
    "Resour00",
    "SysAll00",
    "SystRO00",
    "SystRW00",
  ]),
  his("azure-batch-key", "SEC101/163", null, "Azure Batch account key", 64, "+ABa", "std", ["AbAcct00"]),
  his("azure-ml-key", "SEC101/170", null, "Azure Machine Learning (classic) web service key", 64, "+AMC", "std", ["Classic0"]),
  his("azure-apim-key", "SEC101/181", null, "Azure API Management direct management key", 64, "APIM", "std", ["Tenant00"]),
  // The repo reuses the IoT Hub seed for APIM subscription keys.
  his("azure-apim-key", "SEC101/182", null, "Azure API Management subscription key", 64, "APIM", "std", ["IoTHub00"]),
  his("azure-apim-key", "SEC101/183", null, "Azure API Management gateway key", 64, "APIM", "std", ["Gatewy00"]),
  his("azure-apim-key", "SEC101/184", null, "Azure API Management repository key", 64, "APIM", "std", ["GitKey00"]),

  // 32-byte HIS v1 keys (44 chars, `=`)
  his("azure-servicebus-key", "SEC101/171", "service-bus", "Azure Service Bus key", 32, "+ASb", "std", MESSAGING_SEEDS),
  his("azure-eventhubs-key", "SEC101/172", "event-hubs", "Azure Event Hubs key", 32, "+AEh", "std", MESSAGING_SEEDS),
  his("azure-relay-key", "SEC101/173", null, "Azure Relay key", 32, "+ARm", "std", MESSAGING_SEEDS),
  his("azure-iothub-key", "SEC101/178", "iot-hub", "Azure IoT Hub key", 32, "AIoT", "std", ["IoTHub00"]),
  his("azure-iothub-key", "SEC101/179", "iot-hub", "Azure IoT Hub Device Provisioning Service key", 32, "AIoT", "std", ["DpsKey00"]),
  his("azure-iothub-key", "SEC101/180", "iot-hub", "Azure IoT Hub device key", 32, "AIoT", "std", ["Device00"]),
  his("azure-redis-key", "SEC101/154", "redis", "Azure Cache for Redis access key", 32, "AzCa", "std", ["Access00"]),
  // The repo's seed for Event Grid has flipped between SendRecv and Default0; real keys exist under Default0.
  his("azure-eventgrid-key", "SEC101/199", "event-grid", "Azure Event Grid key", 32, "AZEG", "std", ["SendRecv", "Default0"]),

  // 40-byte: Functions keys are base64url and keep their `==`
  his("azure-function-key", "SEC101/158", null, "Azure Functions key", 40, "AzFu", "url", ["Functi00", "Master00", "System00"]),

  // 39-byte keys (52 chars, no padding)
  his("azure-search-query-key", "SEC101/166", "search", "Azure AI Search query key", 39, "AzSe", "base62", ["Query000"]),
  his("azure-search-admin-key", "SEC101/167", "search", "Azure AI Search admin key", 39, "AzSe", "base62", ["PAdmin00"]),
  his("azure-acr-key", "SEC101/176", "container-registry", "Azure Container Registry access key", 39, "+ACR", "std", ["ACRDflt0"]),

  // Entra client secrets
  {
    kind: "entra-client-secret",
    rule: "SEC101/156",
    service: null,
    label: "Microsoft Entra client secret",
    format: "entra",
    signature: "8Q~",
    textLength: 40,
    seeds: ["AadPwd00"],
  },
  {
    kind: "entra-client-secret",
    rule: "SEC101/156",
    service: null,
    label: "Microsoft Entra client secret",
    format: "entra",
    signature: "7Q~",
    textLength: 37,
    seeds: [],
  },

  // CASK providers
  cask("azure-sql-key", "SEC101/177", null, "Azure SQL private default cloud SA key", "msql"),
  cask("azure-appconfig-key", "SEC101/197", "app-configuration", "Azure App Configuration access key", "AZAC"),
  cask("azure-fluidrelay-key", "SEC101/198", null, "Azure Fluid Relay key", "AZFR"),
  cask("azure-eventgrid-key", "SEC101/199", "event-grid", "Azure Event Grid key", "AZEG"),
  cask("azure-devops-pat", "SEC101/201", null, "Azure DevOps personal access token", "AZDO"),
  cask("azure-mixedreality-key", "SEC101/202", null, "Azure Mixed Reality key", "AZMR"),
  cask("azure-maps-key", "SEC101/203", null, "Azure Maps key", "AZMP"),
  cask("azure-communication-key", "SEC101/204", null, "Azure Communication Services key", "AZCS"),
  cask("azure-openai-key", "SEC101/206", "openai", "Azure OpenAI key", "ACOG", { providerReserved: "AAAB", shortFormOnly: true }),
  cask("azure-cognitive-key", "SEC101/205", "cognitive-services", "Azure AI services key", "ACOG", {
    providerReserved: "AAA",
    indexedServices: { firstRule: 205, names: COGNITIVE_SERVICE_NAMES },
    shortFormOnly: true,
  }),
  {
    kind: "azure-cask-key",
    rule: "SEC101/200",
    service: null,
    label: "Azure common annotated security key",
    format: "cask",
    signature: "JQQJ",
    alphabet: "base62",
    seeds: CASK_SEEDS,
  },
]);

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
