import type ts from "typescript";
import type { ClientUsage } from "../../src/analysis/clients.js";
import type { AuthKind, ServiceId } from "../../src/catalog/index.js";

/** The `keyless migrate` flags that change what is written (interfaces.md). */
export interface MigrateOptions {
  /** `system`: `new DefaultAzureCredential()`; `user`: with `managedIdentityClientId` from `clientIdEnv` */
  readonly identity: "system" | "user";
  readonly clientIdEnv: string;
  /** `literal`: endpoints derived from the connection string; `env`: `process.env.<Service Connector name>` */
  readonly endpoints: "literal" | "env";
  /** also migrate clients whose key comes from the environment or configuration */
  readonly includeEnv: boolean;
}

export const DEFAULT_MIGRATE_OPTIONS: MigrateOptions = { identity: "system", clientIdEnv: "AZURE_CLIENT_ID", endpoints: "literal", includeEnv: false };

/**
 * Why a key-based client was left as it was. Stable ids: they appear in `--format json` and in docs/migrate.md.
 */
export const SKIP_REASONS = {
  "browser-code": "the code runs in a browser, where no managed identity exists",
  "sas-minting": "the code signs SAS tokens with the account key",
  "control-plane": "the code makes control-plane calls that no data-plane role allows",
  "legacy-sdk": "a legacy SDK without the token form the migration writes",
  "unresolved-module": "the key comes from a module Keyless cannot read",
  "dynamic-connection-string": "the connection string is built at run time",
  "from-env": "the key comes from the environment or configuration (use --include-env)",
  "development-emulator": "it talks to a local emulator, which does not accept Entra tokens",
  "no-token-form": "the catalog has no token-credential form for this client",
  "entity-unknown": "the entity name (Event Hub) is not in the code",
  "unsupported-shape": "the construction has a shape the migration does not rewrite",
  "host-unknown": "Keyless cannot tell whether it talks to Azure",
  "type-check": "the rewritten file would not type-check",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

/** A client construction as the summaries show it. */
export interface ClientRef {
  readonly file: string;
  /** 1-based, in the original text */
  readonly line: number;
  readonly service: ServiceId;
  readonly client: string;
}

export interface MigratedClient extends ClientRef {
  readonly from: AuthKind;
  readonly to: "token";
  /** where the endpoint now comes from */
  readonly endpoint: "literal" | "env" | "unchanged";
  /** what someone must still do by hand (roles, env variables, database principals) */
  readonly notes: readonly string[];
}

export interface SkippedClient extends ClientRef {
  readonly reason: SkipReason;
  readonly message: string;
}

/** A key-based client the migration found, with its position in the original text (the runner's id for it). */
export interface Candidate {
  readonly usage: ClientUsage;
  readonly start: number;
}

/** `file:start`: how the runner names a client across passes (to exclude one that broke the type check). */
export function candidateKey(fileName: string, node: ts.Node): string {
  return `${fileName}:${String(node.getStart())}`;
}

/** A catalog note as a sentence for the user: without the catalog's section references (`(§17)`). */
export function plainNote(note: string): string {
  return note
    .replace(/ ?\([^()§]*§\d[^()]*\)/gu, "")
    .replace(/ ?§\d+/gu, "")
    .trim();
}
