// @ts-check
/**
 * The labelled corpora the accuracy tables are measured on, each written to its own folder so every tool scans the
 * same files the same way:
 *
 * - `fixtures/detect`: the project's detection fixtures, with the `// expect:` markers cut off (a marker could steer
 *   a keyword-driven peer); a line is a secret when its marker names a hard-coded rule.
 * - `fixtures/scan/config`: configuration files, labelled by the `.expect.json` beside each (findings and todo
 *   are secrets; tolerated false positives are not).
 * - `generated`: the seeded corpus generator at a high secret rate, labelled by construction.
 * - `peer vectors`: ../shared/corpus/peer-vectors.jsonl, one file per vector, labelled by the peer that wrote it;
 *   again as raw text files for the two text scanners.
 *
 * Positives are keyed `<file>:<line>` with posix paths relative to the corpus folder.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateCorpus } from "./corpus.js";
import { familyOf } from "./families.js";

/** @typedef {import("./corpus.js").Family} Family */
/**
 * @typedef {{ file: string, index: number, tool: string, rule: string, expect: "secret" | "not-secret", family: Family, sha256: string, exception?: string }} Vector
 * @typedef {{
 *   name: string, title: string, dir: string, kind: "lines" | "vectors",
 *   files: number,
 *   positives: Map<string, Family>,
 *   hints: Map<string, string>,
 *   notes: Map<string, string>,
 *   vectors: Vector[],
 *   only?: string[],
 * }} LabelledCorpus  only: the tools that read this corpus's files at all (every tool when absent)
 */

const HARD_CODED_RULES = new Set(["no-hardcoded-connection-string", "no-hardcoded-credential", "no-hardcoded-secret"]);
const MARKER = /\/\/\s*expect(?<next>-next-line)?:\s*(?<rules>[\w-]+(?:\s*,\s*[\w-]+)*)/u;

/** @returns {LabelledCorpus} */
function emptyCorpus(/** @type {string} */ name, /** @type {string} */ title, /** @type {string} */ dir, /** @type {"lines" | "vectors"} */ kind) {
  return { name, title, dir, kind, files: 0, positives: new Map(), hints: new Map(), notes: new Map(), vectors: [] };
}

/** Every `stride`-th item: the smoke run's small, still mixed sample. @template T @param {T[]} items @param {number} stride */
const sample = (items, stride) => items.filter((_, i) => i % stride === 0);

/** @param {string} repo @param {string} dir @param {{ stride?: number }} [options] */
export function detectFixtures(repo, dir, options = {}) {
  const stride = options.stride ?? 1;
  const corpus = emptyCorpus("fixtures-detect", stride > 1 ? `fixtures/detect (every ${String(stride)}th file)` : "fixtures/detect", dir, "lines");
  const source = path.join(repo, "fixtures/detect");
  mkdirSync(dir, { recursive: true });
  for (const file of sample(readdirSync(source).filter((f) => /^(?:ok|ng)\..+\.[cm]?[jt]sx?$/u.test(f)).sort(), stride)) {
    const lines = readFileSync(path.join(source, file), "utf8").split("\n");
    const clean = lines.map((line, i) => {
      const m = MARKER.exec(line);
      if (!m?.groups) return line;
      const rules = (m.groups.rules ?? "").split(",").map((r) => r.trim());
      if (rules.some((r) => HARD_CODED_RULES.has(r))) {
        const target = m.groups.next ? i + 1 : i;
        const key = `${file}:${String(target + 1)}`;
        corpus.positives.set(key, familyOf(lines[target] ?? "", `${file} ${rules.join(" ")}`));
      }
      return line.slice(0, m.index).trimEnd();
    });
    writeFileSync(path.join(dir, file), clean.join("\n"));
    corpus.hints.set(file, file);
    corpus.files++;
  }
  return corpus;
}

/** @param {string} repo @param {string} dir */
export function configFixtures(repo, dir) {
  const corpus = emptyCorpus("fixtures-config", "fixtures/scan/config", dir, "lines");
  const source = path.join(repo, "fixtures/scan/config");
  const SIDE = ".expect.json";
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(source).filter((f) => !f.endsWith(SIDE)).sort()) {
    copyFileSync(path.join(source, file), path.join(dir, file));
    const lines = readFileSync(path.join(source, file), "utf8").split("\n");
    /** @type {{ findings: { line: number, ruleId: string }[], todo?: { line: number, ruleId: string, why: string }[], falsePositives?: { line: number, why: string }[] }} */
    const expectation = JSON.parse(readFileSync(path.join(source, `${file}${SIDE}`), "utf8"));
    for (const e of [...expectation.findings, ...(expectation.todo ?? [])]) {
      corpus.positives.set(`${file}:${String(e.line)}`, familyOf(lines[e.line - 1] ?? "", `${file} ${e.ruleId}`));
    }
    for (const t of expectation.todo ?? []) corpus.notes.set(`${file}:${String(t.line)}`, `known gap (todo in the .expect.json): ${t.why}`);
    for (const f of expectation.falsePositives ?? []) corpus.notes.set(`${file}:${String(f.line)}`, `known false positive (tolerated in the .expect.json): ${f.why}`);
    corpus.hints.set(file, file);
    corpus.files++;
  }
  return corpus;
}

/** @param {string} dir @param {{ files: number, seed: number }} options */
export function generatedLabelled(dir, options) {
  const corpus = emptyCorpus("generated", `generated (${String(options.files)} modules, seed ${String(options.seed)})`, dir, "lines");
  const { files, configs, manifest } = generateCorpus(dir, { files: options.files, seed: options.seed, secretRate: 0.5, trapRate: 0.5, writeManifest: false });
  for (const [file, planted] of Object.entries(manifest)) for (const p of planted) corpus.positives.set(`${file}:${String(p.line)}`, p.family);
  corpus.files = files + configs;
  return corpus;
}

/**
 * Each vector as the project's own vector test places it: `export const value = "<text>";` in a .ts file. With
 * `raw`, each vector's text as it stands, in a .txt file: the placement the text scanners' own tests use, which only
 * they read (Keyless and ESLint read source and config files), so the string quoting cannot be what they trip on.
 * @param {string} vectorsFile @param {string} exceptionsFile @param {string} dir @param {{ stride?: number, raw?: boolean }} [options]
 */
export function peerVectors(vectorsFile, exceptionsFile, dir, options = {}) {
  const stride = options.stride ?? 1;
  const name = options.raw ? "peer-vectors-raw" : "peer-vectors";
  const title = `peer vectors${options.raw ? " as raw text" : ""}${stride > 1 ? ` (every ${String(stride)}th)` : ""}`;
  const corpus = emptyCorpus(name, title, dir, "vectors");
  if (options.raw) corpus.only = ["secretlint", "gitleaks"];
  /** @type {Map<string, string>} */
  const exceptions = new Map();
  if (existsSync(exceptionsFile)) {
    for (const e of /** @type {{ sha256: string, reason: string }[]} */ (JSON.parse(readFileSync(exceptionsFile, "utf8")))) exceptions.set(e.sha256, e.reason);
  }
  mkdirSync(dir, { recursive: true });
  const lines = readFileSync(vectorsFile, "utf8").split("\n").filter((l) => l.trim().length > 0);
  lines.forEach((line, index) => {
    if (index % stride !== 0) return;
    /** @type {{ tool: string, rule: string, expect: "secret" | "not-secret", text: string }} */
    const v = JSON.parse(line);
    const file = `vector-${String(index).padStart(3, "0")}.${options.raw ? "txt" : "ts"}`;
    writeFileSync(path.join(dir, file), options.raw ? v.text : `export const value = ${JSON.stringify(v.text)};\n`);
    const sha256 = createHash("sha256").update(v.text, "utf8").digest("hex");
    const exception = exceptions.get(sha256);
    /** @type {Vector} */
    const vector = { file, index, tool: v.tool, rule: v.rule, expect: v.expect, family: familyOf(v.text, v.rule), sha256 };
    if (exception) vector.exception = exception;
    corpus.vectors.push(vector);
    corpus.hints.set(file, v.rule);
    if (v.expect === "secret") corpus.positives.set(`${file}:1`, vector.family);
    corpus.files++;
  });
  return corpus;
}
