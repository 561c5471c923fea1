// @ts-check
/**
 * Which secret family a line belongs to, for the per-family accuracy tables. One function, applied the same way to
 * every corpus and every tool: to labelled secret lines (with the label's metadata as a hint: the fixture's file
 * name and expected rules, or the peer vector's rule name) and to the lines a tool reported that hold no labelled
 * secret (its false positives), so precision can be broken down by family too. The generated corpus is labelled
 * with its family at construction and does not go through here for its secrets.
 */

/** @typedef {import("./corpus.js").Family} Family */

/** Key material inside a connection string, or credentials in a URL to an Azure host. */
const CONNECTION_STRING =
  /(?:AccountKey|SharedAccessKey|AccessKey|SharedAccessSignature|AuthKey)\s*=|(?:^|[;"'`\s])Secret\s*=|Endpoint\s*=\s*sb:\/\/|:\/\/[^/\s:@"'`]+:[^@\s"'`]+@[^\s"'`]*(?:windows\.net|azure\.com|cosmos)/iu;
/** A password inside an Azure SQL, Azure Cache for Redis or Azure Database connection string. */
const AZURE_DATABASE_HOST = /database\.windows\.net|database\.azure\.com|redis\.cache\.windows\.net/iu;
const PASSWORD_FIELD = /\b(?:Password|Pwd)\s*=/iu;

/** An Entra client secret by its shape (3 characters, a 7Q~/8Q~ signature, the rest), or by what names it. */
const ENTRA_SHAPE = /[\w~.-]{3}[78]Q~[\w~.-]{31,34}/u;
const ENTRA_HINT = /client.?secret|entra|azure-ad|\baad|serviceprincipal|adal|msal|graph-client/iu;

/** Hosts, headers and names that tie a key to an Azure service. */
const AZURE_TEXT =
  /windows\.net|azure\.com|azure\.net|azure-api\.net|azurecr\.io|azconfig\.io|azurewebsites\.net|cognitive|Ocp-Apim|\bapi-key\b|AzureKeyCredential|AzureNamedKeyCredential|AzureSASCredential|SharedKeyCredential|\bsig=|\bsv=20\d\d-|\bAZURE_|cosmos|servicebus|eventhub|eventgrid|webpubsub|signalr|translator|openai/iu;
const AZURE_HINT =
  /storage|blob|queue|table|datalake|file-share|cosmos|servicebus|service-bus|eventhub|event-hubs|eventgrid|openai|search|webpubsub|signalr|appconfig|iot|translator|speech|language|text-analytics|batch|apim|functionkey|function-key|devops|containerregistry|acr|kudu|core-auth|directmanagement|sas|identifiable|SEC101|AzSe|AZEG|AzFu|AIoT|ACDb/iu;

/**
 * @param {string} text  the line (or vector) holding the value
 * @param {string} [hint]  label metadata: fixture file name and expected rules, or a peer vector's rule
 * @returns {Family}
 */
export function familyOf(text, hint = "") {
  const azureDatabase = AZURE_DATABASE_HOST.test(text) && PASSWORD_FIELD.test(text);
  if (CONNECTION_STRING.test(text) || azureDatabase || (/connection-string/u.test(hint) && (AZURE_TEXT.test(text) || AZURE_HINT.test(hint)))) return "azure-connection-string";
  if (ENTRA_SHAPE.test(text) || ENTRA_HINT.test(hint) || /ClientSecretCredential|AZURE_CLIENT_SECRET/u.test(text)) return "entra-secret";
  if (AZURE_TEXT.test(text) || AZURE_HINT.test(hint)) return "azure-key";
  return "generic";
}
