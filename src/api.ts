/**
 * The programmatic API (`eslint-plugin-keyless/api`): the same detection the rules and the CLI use, as data.
 */
export { analyzeFile, RULE_NAMES, type AnalyzeOptions, type FileAnalysis, type RuleName, type SecretFinding } from "./analysis/secrets.js";
export { parseSourceFile, fileSetResolver, programResolver } from "./analysis/program.js";
export { detectSecrets } from "./detect/text.js";
export type { SecretMatch, TextContext } from "./detect/types.js";
export { findIdentifiableKeys, validateIdentifiableKey } from "./detect/identifiable.js";
export { redact, fingerprint, redactWithFingerprint } from "./detect/redact.js";
export { CLIENTS, CREDENTIALS, SERVICES, ROLES, OPERATIONS } from "./catalog/index.js";
export { roleReport, type RoleReport, type ServiceReport, type RoleAssignment } from "./report/roles.js";
export { renderAz } from "./report/render/az.js";
export { renderBicep } from "./report/render/bicep.js";
export { renderMarkdown } from "./report/render/markdown.js";
export { renderJson } from "./report/render/json.js";
export { renderRoleTable } from "./report/render/text.js";
