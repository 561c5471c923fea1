import type { Confidence, SecretFamily, ServiceId } from "../catalog/types.js";

/** A secret found inside a string. Offsets are into the string that was examined. */
export interface SecretMatch {
  /** stable id of the format, e.g. `azure-storage-connection-string`, `aws-access-key`, `generic-secret` */
  readonly kind: string;
  readonly family: SecretFamily;
  /** which of the hard-coded rules this belongs to */
  readonly category: "connection-string" | "credential" | "secret";
  /** the secret material itself (never printed: use redact()) */
  readonly start: number;
  readonly end: number;
  /**
   * The narrowest span that is key material (the AccountKey value inside a connection string).
   * Fingerprints hash it, so they survive edits to the rest of the string; concatenations report the parts it overlaps.
   */
  readonly materialStart: number;
  readonly materialEnd: number;
  readonly confidence: Confidence;
  /** a sentence the message can show, never containing the secret */
  readonly why: string;
  readonly label: string;
  readonly service?: ServiceId | undefined;
  /** for SAS tokens whose `se=` lies in the past */
  readonly expired?: boolean | undefined;
  /** for connection strings: the parsed fields (values of secret fields are omitted) and the derived endpoint */
  readonly endpoint?: string | undefined;
  readonly accountName?: string | undefined;
  readonly entity?: string | undefined;
  /** `SharedAccessKeyName`: the authorization rule whose key it is (Service Bus, Event Hubs) */
  readonly keyName?: string | undefined;
  /** the host a connection string points at (not secret) */
  readonly host?: string | undefined;
}

/** What the caller knows about where the string sits. */
export interface TextContext {
  /** the binding, property, parameter or key name the value is assigned to (`storageKey`, `AccountKey`, `client_secret`) */
  readonly name?: string | undefined;
  /** the value reaches a credential position (constructor argument, `apiKey`, `password`, key header) */
  readonly sink?: SinkContext | undefined;
  /** an Azure AI / Cognitive Services host appears near the value */
  readonly azureAiHost?: boolean | undefined;
  /** the text is a comment: prose around a value asks for stronger evidence */
  readonly inComment?: boolean | undefined;
  /** the time to judge SAS expiry against (tests pin it) */
  readonly now?: Date | undefined;
}

export interface SinkContext {
  /** what the position expects: a key, a password, a connection string, a SAS */
  readonly expects: "key" | "password" | "connection-string" | "sas" | "client-secret" | "url";
  readonly label: string;
  readonly service?: ServiceId | undefined;
}
