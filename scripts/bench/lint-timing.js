// @ts-check
/**
 * The keyless rules' share of ESLint time on a generated corpus, from ESLint's own per-file stats
 * (the numbers TIMING=all prints, plus parse time, which TIMING leaves out).
 *
 *   npm run build && node scripts/bench/lint-timing.js [--files 2000] [--typed]
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import keyless from "../../dist/src/index.js";
import { generateCorpus } from "./corpus.js";

const args = process.argv.slice(2);
const files = Number(args[args.indexOf("--files") + 1] || 2000);
const typed = args.includes("--typed");
const dir = mkdtempSync(path.join(os.tmpdir(), "keyless-lint-"));
generateCorpus(dir, { files, seed: 7 });

/** @param {string} label @param {import("eslint").Linter.Config[]} config */
async function measure(label, config) {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, stats: true });
  const started = performance.now();
  const results = await eslint.lintFiles(["src/**/*.ts"]);
  const wall = performance.now() - started;
  let parse = 0;
  let keylessTime = 0;
  let otherRules = 0;
  let findings = 0;
  for (const r of results) {
    findings += r.messages.filter((m) => m.ruleId?.startsWith("keyless/")).length;
    for (const pass of r.stats?.times.passes ?? []) {
      parse += pass.parse.total;
      for (const [rule, t] of Object.entries(pass.rules ?? {})) {
        if (rule.startsWith("keyless/")) keylessTime += t.total;
        else otherRules += t.total;
      }
    }
  }
  const total = parse + keylessTime + otherRules;
  console.log(
    `${label.padEnd(44)} files=${String(results.length)} wall=${(wall / 1000).toFixed(1)}s parse=${(parse / 1000).toFixed(2)}s ` +
      `keyless=${(keylessTime / 1000).toFixed(2)}s other-rules=${(otherRules / 1000).toFixed(2)}s ` +
      `keyless-share=${((100 * keylessTime) / total).toFixed(1)}% findings=${String(findings)}`,
  );
}

const typedOptions = typed ? { parserOptions: { projectService: true, tsconfigRootDir: dir } } : {};
const withTypes = (/** @type {import("eslint").Linter.Config[]} */ c) => c.map((x) => ({ ...x, languageOptions: { ...x.languageOptions, ...typedOptions } }));
await measure(`keyless recommended only${typed ? " (typed)" : ""}`, withTypes([keyless.configs.recommended]));
await measure(
  `typescript-eslint recommended + keyless${typed ? " (typed)" : ""}`,
  withTypes([...tseslint.configs.recommended, keyless.configs.recommended]),
);
