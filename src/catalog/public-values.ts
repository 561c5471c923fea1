/**
 * Values that look like secrets but are published by Microsoft for local development, or are shapes that never hold one.
 * Known keys are stored as SHA-256 digests so this file never carries key material itself.
 */

export interface PublicKnownValue {
  readonly sha256: string;
  readonly label: string;
  readonly why: string;
}

export const PUBLIC_KNOWN_VALUES: readonly PublicKnownValue[] = [
  {
    sha256: "0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059",
    label: "Azurite devstoreaccount1 key",
    why: "the Azurite storage emulator's published account key for devstoreaccount1",
  },
  {
    sha256: "aa6547439583c3a275d4542a0df6c1ad6a863971be9f2a2220f027cc02aef615",
    label: "Cosmos DB emulator key",
    why: "the Azure Cosmos DB emulator's published master key",
  },
  {
    sha256: "452ef9166dee9d1cac698e703cb61adc0400aada6ccee35ae66b13e757811d84",
    label: "Web PubSub local sample key",
    why: "the sample AccessKey used with the local Web PubSub emulator",
  },
  {
    sha256: "2f4643b13aeabe7e75acd68c4f0fe88685f91fb0579ceb8f81f05107b813c627",
    label: "Service Bus emulator key",
    why: "the Service Bus emulator's documented SharedAccessKey value",
  },
];

/** Connection-string fields whose presence marks an emulator or development string. */
export const DEVELOPMENT_MARKERS: readonly { readonly field: string; readonly value: string; readonly why: string }[] = [
  { field: "UseDevelopmentStorage", value: "true", why: "UseDevelopmentStorage=true points at the Azurite emulator" },
  { field: "UseDevelopmentEmulator", value: "true", why: "UseDevelopmentEmulator=true points at the Service Bus / Event Hubs emulator" },
  { field: "AccountName", value: "devstoreaccount1", why: "devstoreaccount1 is the Azurite emulator's built-in account" },
];

/** Hosts that only exist on the developer's machine: keys aimed at them are emulator keys or local test values. */
export const LOCAL_HOST_PATTERN = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|host\.docker\.internal|azurite)$/iu;

/** Words that stand in for a secret in docs, samples and tests. Matched against the whole value, case-insensitively. */
export const FAKE_WORDS: readonly string[] = [
  "secret", "password", "passwd", "pass", "pwd", "key", "apikey", "api-key", "api_key", "token", "accesstoken", "fake", "fakekey",
  "fake-key", "fake_key", "fakesecret", "fake-secret", "fakepassword", "test", "testkey", "test-key", "test_key", "testsecret",
  "test-secret", "testpassword", "dummy", "dummykey", "dummy-key", "sample", "samplekey", "example", "examplekey", "mykey",
  "my-key", "mysecret", "my-secret", "mypassword", "changeme", "change-me", "changethis", "placeholder", "redacted", "removed",
  "none", "null", "undefined", "todo", "tbd", "xxx", "notasecret", "not-a-secret", "letmein", "admin", "root", "guest",
  "password123", "secret123", "abc123", "123456", "12345678", "qwerty", "foobar", "foo", "bar", "baz", "value", "string",
  "connectionstring", "connection-string", "your-key", "yourkey", "your-secret", "key1", "key2", "primarykey", "secondarykey",
  "storagekey", "accountkey", "sas", "sastoken", "sas-token", "mock", "mockkey", "mock-key", "stub", "invalid", "bogus",
];
