import {
  NOT_SECRET_ANY_WORDS,
  NOT_SECRET_KEY_PREFIXES,
  NOT_SECRET_LAST_WORDS,
  SECRET_NAME_SUFFIXES,
  SECRET_NAME_WORDS,
} from "../catalog/secret-formats.js";

const secretWords = new Set(SECRET_NAME_WORDS);
const notSecretLast = new Set(NOT_SECRET_LAST_WORDS);
const notSecretKeyPrefixes = new Set(NOT_SECRET_KEY_PREFIXES);
const notSecretAny = new Set(NOT_SECRET_ANY_WORDS);

/** `storageAccountKey` → [storage, account, key]; `cas.authn.client-secret` → [client, secret] (a dotted path's last segment). */
export function nameWords(name: string): string[] {
  const lastSegment = name.includes(".") ? (name.split(".").filter((s) => s.length > 0).pop() ?? name) : name;
  return lastSegment
    .replace(/([a-z\d])([A-Z])/gu, "$1 $2")
    .replace(/(?<=[A-Z])(?=[A-Z][a-z])/gu, " ")
    // `key2`, `secret01`: a counter is not part of the word.
    .replace(/(?<=[A-Za-z])(?=\d)/gu, " ")
    .split(/[^A-Za-z\d]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** Does the name say it holds a secret (`clientSecret`, `AZURE_OPENAI_KEY`, `db_password`), not something beside one (`accessKeyId`)? */
export function isSecretName(name: string | undefined): boolean {
  if (name === undefined) return false;
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined || notSecretLast.has(last) || words.some((w) => notSecretAny.has(w))) return false;
  if (SECRET_NAME_SUFFIXES.some((suffix) => last.endsWith(suffix))) return true;
  // Joined pairs catch `api_key`/`apiKey`/`API-KEY` alike; single words catch `password`, `token`, `secret`.
  const hit = words.findIndex((w, i) => secretWords.has(w) || secretWords.has(w + (words[i + 1] ?? "")));
  if (hit < 0) return false;
  // `…Key` alone names many non-secrets: `partitionKey`, `cacheKey`, `publicKey`.
  if (words.length >= 2 && last === "key" && words.every((w) => w === "key" || !secretWords.has(w))) {
    const before = words[words.length - 2] ?? "";
    if (notSecretKeyPrefixes.has(before)) return false;
  }
  return true;
}

/** Names that say the value is a password, where even a short mixed value counts. */
export function isPasswordName(name: string): boolean {
  return nameWords(name).some((w) => w === "password" || w === "passwd" || w === "pwd" || w === "passphrase" || w === "pass");
}
