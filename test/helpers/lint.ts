import { Linter } from "eslint";
import keyless from "../../src/index.js";

export const HARD_CODED_RULES = ["no-hardcoded-connection-string", "no-hardcoded-credential", "no-hardcoded-secret"] as const;

const linter = new Linter({ configType: "flat" });

/** Lint a text the way a user's `eslint.config.js` with `keyless.configs.<name>` would. */
export function lint(text: string, filename = "file.ts", config: "recommended" | "strict" = "recommended"): Linter.LintMessage[] {
  const messages = linter.verify(text, [keyless.configs[config]], { filename });
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filename}: ${fatal.message}`);
  return messages;
}

/** `keyless/no-hardcoded-secret` → `no-hardcoded-secret` */
export function shortRule(ruleId: string | null): string {
  return (ruleId ?? "").replace(/^keyless\//u, "");
}

/** Never show a secret in a test title or assertion: `Acco…(88)`. */
export function label(text: string): string {
  const oneLine = text.replace(/\s+/gu, " ").trim();
  return `${oneLine.slice(0, 4)}…(${String(text.length)})`;
}
