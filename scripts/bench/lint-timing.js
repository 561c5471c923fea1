// @ts-check
/**
 * The keyless rules' share of ESLint time on a generated corpus, from ESLint's own per-file stats
 * (the numbers TIMING=all prints, plus parse time, which TIMING leaves out).
 *
 *   npm run build && node scripts/bench/lint-timing.js [--files 2000] [--typed | --both] [--config keyless|typescript-eslint] [--dir D] [--json]
 *
 * With --typed the typescript-eslint parser gets `projectService`, so parse time includes building the program; the
 * corpus links the repository's node_modules so the `@azure/*` imports resolve as in a real project.
 */
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import keyless from "../../dist/src/index.js";
import { generateCorpus } from "./corpus.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** @typedef {{ label: string, typed: boolean, files: number, wallMs: number, parseMs: number, keylessMs: number, otherRulesMs: number, share: number, findings: number }} LintShare */

/** @param {string} dir @param {string} label @param {boolean} typed @param {import("eslint").Linter.Config[]} config @returns {Promise<LintShare>} */
async function measure(dir, label, typed, config) {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, stats: true });
  const started = performance.now();
  const results = await eslint.lintFiles(["src/**/*.ts"]);
  const wallMs = performance.now() - started;
  let parseMs = 0;
  let keylessMs = 0;
  let otherRulesMs = 0;
  let findings = 0;
  for (const r of results) {
    findings += r.messages.filter((m) => m.ruleId?.startsWith("keyless/")).length;
    for (const pass of r.stats?.times.passes ?? []) {
      parseMs += pass.parse.total;
      for (const [rule, t] of Object.entries(pass.rules ?? {})) {
        if (rule.startsWith("keyless/")) keylessMs += t.total;
        else otherRulesMs += t.total;
      }
    }
  }
  const share = keylessMs / (parseMs + keylessMs + otherRulesMs);
  return { label, typed, files: results.length, wallMs, parseMs, keylessMs, otherRulesMs, share, findings };
}

/** The configurations compared: keyless alone, and keyless after typescript-eslint's recommended rules. */
export const CONFIGS = /** @type {const} */ (["keyless", "typescript-eslint"]);

/**
 * One measurement. With type information the typescript-eslint configuration is `recommendedTypeChecked`, the one a
 * project that pays for type information runs. The project service is shared inside a process, so a fair typed
 * measurement runs in a process of its own (the bench starts one per row).
 * @param {{ dir: string, config: (typeof CONFIGS)[number], typed: boolean }} options
 * @returns {Promise<LintShare>}
 */
export async function lintShare({ dir, config, typed }) {
  const languageOptions = typed ? { parserOptions: { projectService: true, tsconfigRootDir: dir } } : {};
  const withTypes = (/** @type {import("eslint").Linter.Config[]} */ c) => c.map((x) => ({ ...x, languageOptions: { ...x.languageOptions, ...languageOptions } }));
  const suffix = typed ? " (typed)" : "";
  if (config === "keyless") return measure(dir, `keyless recommended only${suffix}`, typed, withTypes([keyless.configs.recommended]));
  const base = typed ? tseslint.configs.recommendedTypeChecked : tseslint.configs.recommended;
  return measure(dir, `typescript-eslint ${typed ? "recommendedTypeChecked" : "recommended"} + keyless${suffix}`, typed, withTypes([...base, keyless.configs.recommended]));
}

/**
 * A corpus for lint timing: generated, with the repository's node_modules linked so `@azure/*` imports resolve
 * (unless `resolveImports` is false: then a typed program holds only the corpus and the default library).
 */
export function lintCorpus(/** @type {string} */ dir, /** @type {number} */ files, { seed = 7, resolveImports = true } = {}) {
  generateCorpus(dir, { files, seed, writeManifest: false });
  if (resolveImports && existsSync(path.join(REPO, "node_modules"))) symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (/** @type {string} */ name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const files = Number(value("--files") ?? 2000);
  const typedModes = args.includes("--both") ? [false, true] : [args.includes("--typed")];
  const only = value("--config");
  const configs = CONFIGS.filter((c) => only === undefined || c === only);
  const given = value("--dir");
  const dir = given ?? mkdtempSync(path.join(os.tmpdir(), "keyless-lint-"));
  try {
    if (given === undefined) lintCorpus(dir, files);
    /** @type {LintShare[]} */
    const rows = [];
    for (const typed of typedModes) for (const config of configs) rows.push(await lintShare({ dir, config, typed }));
    if (args.includes("--json")) console.log(JSON.stringify(rows));
    else {
      for (const r of rows) {
        console.log(
          `${r.label.padEnd(60)} files=${String(r.files)} wall=${(r.wallMs / 1000).toFixed(1)}s parse=${(r.parseMs / 1000).toFixed(2)}s ` +
            `keyless=${(r.keylessMs / 1000).toFixed(2)}s other-rules=${(r.otherRulesMs / 1000).toFixed(2)}s ` +
            `keyless-share=${(100 * r.share).toFixed(1)}% findings=${String(r.findings)}`,
        );
      }
    }
  } finally {
    if (given === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
