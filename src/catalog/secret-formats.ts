import type { Confidence, SecretFamily, ServiceId } from "./types.js";

/**
 * Secret formats recognised by their shape alone (a fixed prefix, a structure), outside the checksummed
 * Microsoft identifiable keys (see identifiable-keys.ts). Each pattern's named group `secret` is the material.
 * Patterns are linear: bounded quantifiers, no nested repetition.
 */
export interface SecretFormat {
  readonly kind: string;
  readonly label: string;
  readonly family: SecretFamily;
  readonly confidence: Confidence;
  readonly pattern: RegExp;
  /** a cheap substring that must be present before the pattern runs */
  readonly hint: string;
  readonly service?: ServiceId;
  readonly why: string;
}

export const SECRET_FORMATS: readonly SecretFormat[] = [
  {
    kind: "aws-access-key",
    label: "AWS access key id",
    family: "generic",
    confidence: "high",
    hint: "A",
    pattern: /(?<![A-Z\d])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Z\d])/gu,
    why: "an AWS access key id (AKIA…)",
  },
  {
    kind: "github-token",
    label: "GitHub token",
    family: "generic",
    confidence: "high",
    hint: "gh",
    pattern: /\b(?<secret>gh[pousr]_[A-Za-z\d]{36,255})\b/gu,
    why: "a GitHub token (ghp_/gho_/ghs_ prefix)",
  },
  {
    kind: "github-fine-grained-pat",
    label: "GitHub fine-grained token",
    family: "generic",
    confidence: "high",
    hint: "github_pat_",
    pattern: /(?<secret>github_pat_\w{60,255})/gu,
    why: "a GitHub fine-grained personal access token",
  },
  {
    kind: "gitlab-token",
    label: "GitLab token",
    family: "generic",
    confidence: "high",
    hint: "gl",
    pattern: /(?<![\w-])(?<secret>gl(?:pat|dt|rt|cbt|ptt|oas)-[\w-]{20,64})(?![\w-])/gu,
    why: "a GitLab token (glpat- prefix)",
  },
  {
    kind: "slack-token",
    label: "Slack token",
    family: "generic",
    confidence: "high",
    hint: "xox",
    pattern: /(?<![\w-])(?<secret>xox[abposre]-[A-Za-z\d-]{10,250})(?![\w-])/gu,
    why: "a Slack token (xox… prefix)",
  },
  {
    kind: "slack-webhook",
    label: "Slack webhook URL",
    family: "generic",
    confidence: "high",
    hint: "hooks.slack.com",
    pattern: /(?<secret>https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[\w/+-]{20,200})/gu,
    why: "a Slack incoming-webhook URL (anyone holding it can post)",
  },
  {
    kind: "teams-webhook",
    label: "Microsoft Teams webhook URL",
    family: "generic",
    confidence: "high",
    hint: ".webhook.office.com/webhookb2/",
    pattern: /(?<secret>https:\/\/[\w-]{1,64}\.webhook\.office\.com\/webhookb2\/[\w@-]{20,120}\/IncomingWebhook\/[A-Za-z\d]{20,64}\/[\w-]{20,64}(?:\/[\w-]{20,80})?)/gu,
    why: "a Microsoft Teams incoming-webhook URL (anyone holding it can post)",
  },
  {
    kind: "power-automate-webhook",
    label: "Power Automate workflow URL",
    family: "generic",
    confidence: "high",
    hint: "sig=",
    pattern: /(?<secret>https:\/\/[\w.-]{1,120}\.(?:environment\.api\.powerplatform\.com|logic\.azure\.com)(?::\d{1,5})?\/[\w/.-]{1,200}\?[\w%=&.-]{0,300}sig=[\w%-]{40,60})/gu,
    service: undefined,
    why: "a signed workflow trigger URL (the sig= parameter authorises calls)",
  },
  {
    kind: "stripe-key",
    label: "Stripe secret key",
    family: "generic",
    confidence: "high",
    hint: "_live_",
    pattern: /\b(?<secret>(?:sk|rk)_live_[A-Za-z\d]{20,247})\b/gu,
    why: "a Stripe live secret key",
  },
  {
    kind: "npm-token",
    label: "npm access token",
    family: "generic",
    confidence: "high",
    hint: "npm_",
    pattern: /\b(?<secret>npm_[A-Za-z\d]{36})\b/gu,
    why: "an npm access token (npm_ prefix)",
  },
  {
    kind: "openai-key",
    label: "OpenAI API key",
    family: "generic",
    confidence: "high",
    hint: "sk-",
    pattern: /(?<![\w-])(?<secret>sk-(?:proj-|svcacct-|admin-)?[\w-]{20,200}T3BlbkFJ[\w-]{20,200}|sk-[A-Za-z\d]{48})(?![\w-])/gu,
    why: "an OpenAI API key",
  },
  {
    kind: "anthropic-key",
    label: "Anthropic API key",
    family: "generic",
    confidence: "high",
    hint: "sk-ant-",
    pattern: /(?<secret>sk-ant-(?:api|admin)\d{2}-[\w-]{80,120})/gu,
    why: "an Anthropic API key",
  },
  {
    kind: "google-api-key",
    label: "Google API key",
    family: "generic",
    confidence: "high",
    hint: "AIza",
    pattern: /(?<![\w-])(?<secret>AIza[\w-]{35})(?![\w-])/gu,
    why: "a Google API key (AIza prefix)",
  },
  {
    kind: "private-key",
    label: "private key",
    family: "generic",
    confidence: "high",
    hint: "PRIVATE KEY",
    pattern: /(?<secret>-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[^-]{16,20000}-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)/gu,
    why: "a PEM private key block",
  },
  {
    kind: "private-key-header",
    label: "private key",
    family: "generic",
    confidence: "medium",
    hint: "PRIVATE KEY",
    pattern: /(?<secret>-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[\s\\n]{0,8}[A-Za-z\d+/]{40,})/gu,
    why: "the start of a PEM private key block",
  },
  {
    kind: "jwt",
    label: "JSON Web Token",
    family: "generic",
    confidence: "medium",
    hint: "eyJ",
    pattern: /(?<![\w-])(?<secret>eyJ[\w-]{10,2000}\.eyJ[\w-]{10,8000}\.[\w-]{8,2000})(?![\w-])/gu,
    why: "a signed JSON Web Token (a bearer credential until it expires)",
  },
  {
    kind: "entra-refresh-token",
    label: "Microsoft Entra refresh token",
    family: "entra-secret",
    confidence: "high",
    hint: ".Ag",
    pattern: /(?<![\w-])(?<secret>[01]\.A[\w-]{40,120}\.Ag[\w-]{200,3000})(?![\w.-])/gu,
    why: "a Microsoft Entra refresh token",
  },
  {
    kind: "azure-devops-pat-classic",
    label: "Azure DevOps personal access token",
    family: "azure-key",
    confidence: "low",
    hint: "",
    pattern: /(?<![a-z\d])(?<secret>[a-z2-7]{52})(?![a-z\d])/gu,
    why: "a 52-character base32 token, the shape of a classic Azure DevOps PAT",
  },
  {
    kind: "dotnet-network-credential",
    label: "password in a NetworkCredential",
    family: "generic",
    confidence: "medium",
    hint: "NetworkCredential(",
    pattern: /NetworkCredential\(\s{0,8}[^,()]{1,80},\s{0,8}["'](?<secret>[^"'\s]{6,200})["']/gu,
    why: "a literal password passed to a .NET NetworkCredential",
  },
  {
    kind: "powershell-secure-string",
    label: "password in ConvertTo-SecureString",
    family: "generic",
    confidence: "medium",
    hint: "ConvertTo-SecureString",
    pattern: /ConvertTo-SecureString\s{1,8}(?:-String\s{1,8})?["'](?<secret>[^"'\s]{6,200})["']/giu,
    why: "a literal password turned into a SecureString (it is still in the script)",
  },
  {
    kind: "cli-login-password",
    label: "password on a login command line",
    family: "generic",
    confidence: "medium",
    hint: "login",
    pattern: /(?:docker|podman|helm|oras|az(?:\s{1,8}acr)?)\s{1,8}login\b[^\n]{0,300}?\s(?:-p|--password)[ =]["']?(?<secret>[^\s"']{8,300})/gu,
    why: "a password passed to a login command on the command line",
  },
  {
    kind: "bicep-param-default",
    label: "secret parameter default",
    family: "generic",
    confidence: "medium",
    hint: "param ",
    pattern: /param\s{1,8}\w{0,60}(?:[Pp]assword|[Ss]ecret|[Kk]ey|[Tt]oken)\s{1,8}string\s{0,8}=\s{0,8}'(?<secret>[^'\s]{6,300})'/gu,
    why: "a literal default for a secret Bicep parameter (it ends up in the deployment history)",
  },
  {
    kind: "terraform-variable-default",
    label: "secret variable default",
    family: "generic",
    confidence: "medium",
    hint: "variable ",
    pattern: /variable\s{1,8}"[\w-]{0,60}(?:password|secret|key|token)"\s{0,8}\{[^}]{0,300}?default\s{0,8}=\s{0,8}"(?<secret>[^"\s]{6,300})"/giu,
    why: "a literal default for a secret Terraform variable (it ends up in state and plans)",
  },
  {
    kind: "azure-apim-repository-key",
    label: "Azure API Management repository key",
    family: "azure-key",
    confidence: "high",
    hint: "git&",
    pattern: /(?<secret>git&\d{12}&[A-Za-z\d+/]{86}==)/gu,
    why: "an API Management git repository credential (git&<expiry>&<key>)",
  },
];

/**
 * Words that make a binding, property, field or config-key name a secret's name. Names are split into words first
 * (camelCase, snake_case, kebab-case; for dotted paths only the last segment counts).
 */
export const SECRET_NAME_WORDS: readonly string[] = [
  "password", "passwd", "passphrase", "pwd", "pass", "secret", "secrets", "credential", "credentials", "token", "apikey",
  "key", "sas", "signature", "connectionstring", "connstr", "privatekey", "accesskey", "accountkey", "masterkey",
];

/**
 * Run-together names (`azurestorageaccountkey`, `ACRPWD`, `dbpassword`) end in one of these. `key` alone is not on the
 * list: too many words end in it (monkey, hockey).
 */
export const SECRET_NAME_SUFFIXES: readonly string[] = [
  "password", "passwd", "pwd", "secret", "token", "accountkey", "accesskey", "apikey", "secretkey", "privatekey", "masterkey",
  "sharedkey", "storagekey", "subscriptionkey", "functionkey", "adminkey", "querykey", "signingkey", "authkey", "sastoken",
  "connectionstring", "connstring", "connstr",
];

/** A name holding one of these words names a resource that holds secrets, not a secret (`keyVaultToStoreSecrets`). */
export const NOT_SECRET_ANY_WORDS: readonly string[] = ["vault", "keyvault", "secretsmanager", "keychain", "keystore"];

/** A name whose last word is one of these holds something next to a secret, not the secret (`accessKeyId`, `secretName`). */
export const NOT_SECRET_LAST_WORDS: readonly string[] = [
  "name", "names", "id", "ids", "url", "uri", "endpoint", "host", "path", "file", "dir", "type", "kind", "header", "length",
  "len", "size", "count", "prefix", "suffix", "field", "label", "setting", "settings", "env", "var", "enabled", "required",
  "expiry", "expires", "expiration", "version", "policy", "mode", "hint", "format", "pattern", "regex", "placeholder", "vault",
  "bucket", "resource", "message", "text", "title", "error", "description", "help", "ref", "reference", "scope", "scopes",
  "location", "region", "ttl", "timeout", "store", "provider", "storage", "manager", "service", "client", "generator",
  "validator", "schema", "type", "lifetime", "rotation", "used", "public", "hash", "digest", "checksum",
];

/** Prefixes of `…Key` names that are not secrets (`partitionKey`, `cacheKey`, `publicKey`). */
export const NOT_SECRET_KEY_PREFIXES: readonly string[] = [
  "partition", "row", "sort", "primary", "foreign", "cache", "idempotency", "dedupe", "dedup", "translation", "i18n", "route",
  "map", "lookup", "unique", "composite", "hot", "shortcut", "public", "react", "object", "hash", "group", "query", "sorting",
  "local", "session", "item", "message", "event", "label", "field", "column", "index", "order", "cursor",
  "continuation", "idempotent", "lock", "feature", "flag", "setting", "config", "env",
  "state", "store", "tab", "menu", "nav", "list", "tree", "entry", "record", "dict", 
];

/**
 * Names that hold Azure AI / OpenAI keys: a 32-hex value under such a name is a key, not a hash. Matched against the
 * name's words in lower snake case, so every spelling of a name reads alike: `apiKey`, `api-key`, `AZURE_OPENAI_API_KEY`
 * (`azure_openai_api_key`), `Ocp-Apim-Subscription-Key` (`ocp_apim_subscription_key`), `openaiapikey`.
 */
export const API_KEY_NAME_PATTERN =
  /(?:api|subscription|openai|cognitive|translator|speech|search|admin|query|azure|access)_?key(?:_|$)|(?:^|_)key$/u;

/** Hosts that make a nearby 32-hex value an Azure AI key. */
export const AZURE_AI_HOST_PATTERN =
  /\.openai\.azure\.com|\.cognitiveservices\.azure\.com|\.cognitive\.microsoft\.com|microsofttranslator\.com|\.api\.cognitive\.microsoft\.com|\.search\.windows\.net|\.azure-api\.net/u;

/** HTTP headers that carry an Azure key (REST calls without an SDK client). Compared case-insensitively. */
export const KEY_HEADERS: readonly { readonly name: string; readonly service: ServiceId; readonly label: string }[] = [
  { name: "api-key", service: "openai", label: "the api-key header" },
  { name: "ocp-apim-subscription-key", service: "cognitive-services", label: "the Ocp-Apim-Subscription-Key header" },
];
