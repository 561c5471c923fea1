/**
 * `keyless migrate`: move key-based Azure SDK clients to managed identity.
 * - `migrateProject` (runner.ts): the whole project, dry run or write, with verification.
 * - `migrateClient` / `migrateClientEdits` (managed-identity/suggestion.ts): one construction in one file, for the
 *   ESLint rules' "Use managed identity" suggestion.
 * - `migrateFile` and the steps under managed-identity/: pure `(sourceFile, context) → text + notes`.
 */
export { unifiedDiff } from "./diff.js";
export { migrateFile, type FileStepInput, type FileStepOutput } from "./managed-identity/migrate-file.js";
export { migrateClient, migrateClientEdits, type MigrateClientOptions, type MigrateClientResult } from "./managed-identity/suggestion.js";
export { DEFAULT_MIGRATE_OPTIONS, SKIP_REASONS, type MigratedClient, type MigrateOptions, type SkippedClient, type SkipReason } from "./managed-identity/types.js";
export { addDependencies, MigrateError, migrateProject, writeAtomically, type FileChange, type MigrateProjectOptions, type MigrateResult } from "./runner.js";
