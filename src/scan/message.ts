import { docsUrl } from "../../rules/create-rule.js";
import { rules } from "../../rules/index.js";
import type { RuleName } from "../analysis/secrets.js";

/** ESLint's own placeholder syntax: `{{ name }}`, left as written when the name has no value. */
const PLACEHOLDER = /\{\{([^{}]+)\}\}/gu;

/**
 * The message a keyless rule shows for a finding, word for word what ESLint prints: the rule's
 * `meta.messages[messageId]` filled with the finding's data and the docs link.
 */
export function formatMessage(rule: RuleName, messageId: string, data: Readonly<Record<string, string>>): string {
  const template = rules[rule].meta?.messages?.[messageId];
  if (template === undefined) throw new Error(`keyless/${rule} has no message "${messageId}"`);
  const values: Readonly<Record<string, string>> = { ...data, docs: docsUrl(rule, messageId) };
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const key = name.trim();
    return Object.hasOwn(values, key) ? String(values[key]) : whole;
  });
}

export { docsUrl };
