/**
 * What `keyless migrate` needs to know beyond the clients themselves: the signs of code it must not rewrite, and the
 * package versions whose token forms were read.
 *
 * Sources: ../shared/azure/catalog.md (§N), ../shared/azure/sdk-signatures.md (versions and .d.ts lines),
 * ../shared/corpus/real-world-patterns.md (patterns §N).
 */
import type { ServiceId, ValueSpecifier } from "./types.js";

/**
 * Code that runs in a browser, where a managed identity cannot exist (patterns §2 "Angular component / … Browser
 * code", §12 browser-exposed variants; §17 Azure Monitor: the browser SDK is not supported with Entra). The migration
 * leaves such clients alone and says to mint a user-delegation SAS (or a token) on a server instead.
 */
export const BROWSER_MARKERS = {
  /** imports that make a module a browser component or app (patterns §2: Angular, React, Vite/Vue clients) */
  packages: ["@angular/core", "@angular/common", "react", "react-dom", "react-dom/client", "vue", "preact", "svelte", "solid-js"],
  /** environment variables a bundler inlines into browser code (patterns §12) */
  envPrefixes: ["NEXT_PUBLIC_", "REACT_APP_", "VITE_", "NG_APP_", "EXPO_PUBLIC_", "GATSBY_"],
  /** `import.meta.env` is Vite's (and Astro's) bundler-inlined environment (patterns §12) */
  importMetaEnv: true,
  /** Next.js client components (patterns §2) */
  directives: ["use client"],
  /** a client option that opts into running in a browser (openai's `dangerouslyAllowBrowser`, patterns §12) */
  options: ["dangerouslyAllowBrowser"],
  /** Angular's per-environment settings files, which ship to the browser (patterns §7) */
  modulePaths: [/(?:^|\/)environments\/environment(?:\.[\w-]+)?(?:\.[cm]?[jt]s)?$/u],
  /** globals that exist only in a browser (or a browser-like runtime) */
  globals: ["window", "document", "localStorage", "sessionStorage"],
} as const;

/** A function that signs a SAS with the account key (shared-key form) when called with fewer than `userDelegationArgs`. */
export interface SasMintingFunction {
  readonly value: ValueSpecifier;
  readonly service: ServiceId;
  /**
   * The user-delegation overload's argument count (`(values, userDelegationKey, accountName)`); a call with fewer
   * arguments is the shared-key overload. Absent: every overload needs the key.
   */
  readonly userDelegationArgs?: number;
}

const sas = (pkg: string, name: string, service: ServiceId, userDelegationArgs?: number): SasMintingFunction => ({
  value: { package: pkg, name },
  service,
  ...(userDelegationArgs === undefined ? {} : { userDelegationArgs }),
});

/**
 * Shared-key SAS minting (patterns §13; catalog.md §1 "generateSasUrl … with shared key requires the account key →
 * cannot be done with a token; rewrite to user-delegation SAS"). Signatures from the installed typings
 * (storage-blob 12.32.0, storage-queue 12.30.0, storage-file-share 12.31.0, storage-file-datalake 12.29.0,
 * data-tables 13.3.2). The methods `generateSasUrl` / `generateAccountSasUrl` are OPERATIONS with `requiresKey`.
 */
export const SAS_MINTING_FUNCTIONS: readonly SasMintingFunction[] = [
  sas("@azure/storage-blob", "generateBlobSASQueryParameters", "storage-blob", 3),
  sas("@azure/storage-blob", "generateAccountSASQueryParameters", "storage-blob"),
  sas("@azure/storage-file-datalake", "generateDataLakeSASQueryParameters", "storage-datalake", 3),
  sas("@azure/storage-file-datalake", "generateAccountSASQueryParameters", "storage-datalake"),
  sas("@azure/storage-queue", "generateQueueSASQueryParameters", "storage-queue", 3),
  sas("@azure/storage-queue", "generateAccountSASQueryParameters", "storage-queue"),
  sas("@azure/storage-file-share", "generateFileSASQueryParameters", "storage-file-share", 3),
  sas("@azure/storage-file-share", "generateAccountSASQueryParameters", "storage-file-share"),
  sas("@azure/data-tables", "generateTableSas", "data-tables"),
  sas("@azure/data-tables", "generateTableSasQueryParameters", "data-tables"),
  sas("@azure/data-tables", "generateAccountSas", "data-tables"),
  sas("@azure/data-tables", "generateAccountSasQueryParameters", "data-tables"),
];

/**
 * The versions whose token-form signatures were read (sdk-signatures.md). A project whose package.json asks for an
 * older major of one of these is on a legacy SDK as far as the migration knows (Service Bus v1, Event Hubs v1:
 * patterns §17): it is reported, never rewritten. Packages not listed are not checked.
 */
export const VERIFIED_TOKEN_FORM_VERSIONS: Readonly<Record<string, string>> = {
  "@azure/storage-blob": "12.32.0",
  "@azure/storage-queue": "12.30.0",
  "@azure/storage-file-share": "12.31.0",
  "@azure/storage-file-datalake": "12.29.0",
  "@azure/data-tables": "13.3.2",
  "@azure/service-bus": "7.9.5",
  "@azure/event-hubs": "6.0.4",
  "@azure/cosmos": "4.9.3",
  "@azure/app-configuration": "1.12.1",
  "@azure/keyvault-secrets": "4.11.2",
  "@azure/keyvault-keys": "4.10.2",
  "@azure/keyvault-certificates": "4.10.3",
  "@azure/search-documents": "13.0.0",
  "@azure/eventgrid": "5.12.0",
  "@azure/eventgrid-namespaces": "1.0.0",
  "@azure/web-pubsub": "1.2.0",
  "@azure/ai-language-text": "1.1.0",
  "@azure/monitor-opentelemetry": "1.21.0",
  "@azure/monitor-opentelemetry-exporter": "1.0.0-beta.47",
  openai: "6.49.0",
  mssql: "12.7.14",
  tedious: "19.2.2",
  pg: "8.23.1",
  redis: "6.3.1",
  "@redis/client": "6.3.1",
  "@azure/identity": "4.13.1",
  "@redis/entraid": "6.1.0",
};

/** What the migration adds to package.json `dependencies` when its output imports them. */
export const MIGRATION_DEPENDENCIES: Readonly<Record<string, string>> = {
  "@azure/identity": `^${VERIFIED_TOKEN_FORM_VERSIONS["@azure/identity"] ?? ""}`,
  "@redis/entraid": `^${VERIFIED_TOKEN_FORM_VERSIONS["@redis/entraid"] ?? ""}`,
};

/** The credential the migration writes (catalog.md "Generic facts": DefaultAzureCredential, @azure/identity 4.13.1). */
export const MIGRATION_CREDENTIAL = {
  value: { package: "@azure/identity", name: "DefaultAzureCredential" },
  /** `DefaultAzureCredentialClientIdOptions.managedIdentityClientId` for a user-assigned identity */
  clientIdOption: "managedIdentityClientId",
  /** credentials already in the code that the migration may reuse as the module's credential */
  reusable: ["DefaultAzureCredential", "ManagedIdentityCredential"],
} as const;
