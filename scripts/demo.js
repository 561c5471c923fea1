// @ts-check
/**
 * `npm run demo`: Keyless's main job on the bundled sample app (fixtures/sample-app), in sections:
 * the ESLint plugin, `keyless scan`, `keyless migrate` (dry run) and `keyless report`.
 * Commands that are not built yet are skipped with a note. Nothing is written to the sample app.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import keyless from "../dist/src/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const app = path.join(root, "fixtures/sample-app");
const bold = (/** @type {string} */ s) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[22m` : s);

/** @param {string} title @param {string} what */
function section(title, what) {
  process.stdout.write(`\n${bold(`━━ ${title} ━━`)}\n${what}\n\n`);
}

section("1. ESLint with keyless.configs.recommended", "What a developer sees in the editor and in CI lint: every hard-coded secret, where it flows, and the managed-identity warning on each key-based client.");
const eslint = new ESLint({ cwd: app, overrideConfigFile: true, overrideConfig: [keyless.configs.recommended] });
const results = await eslint.lintFiles(["src/**/*.ts"]);
const formatter = await eslint.loadFormatter("stylish");
process.stdout.write(await formatter.format(results));

/** @param {string} title @param {string} what @param {string[]} args */
function command(title, what, args) {
  section(title, what);
  const run = spawnSync(process.execPath, [path.join(root, "bin/keyless.js"), ...args], { cwd: root, encoding: "utf8" });
  const notYet = run.status === 2 && /not implemented/u.test(run.stderr);
  if (notYet) {
    process.stdout.write(`(skipped: keyless ${args[0] ?? ""} is not built yet)\n`);
    return;
  }
  process.stdout.write(run.stdout);
  if (run.stderr) process.stdout.write(run.stderr);
  process.stdout.write(`→ exit code ${String(run.status)}\n`);
}

command("2. keyless scan", "The same detection for pre-commit hooks and CI, config files included (exit 1: findings).", ["scan", "fixtures/sample-app"]);
command("3. keyless migrate (dry run)", "The one-off migration: key-based clients become token-credential clients. A redacted diff; nothing is written without --write.", ["migrate", "fixtures/sample-app"]);
command("4. keyless report", "The least-privilege roles the managed identity needs, inferred from the operations the code calls.", ["report", "fixtures/sample-app"]);
