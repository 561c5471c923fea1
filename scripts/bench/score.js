// @ts-check
/**
 * Line-level scoring. A labelled line is found (TP) when a finding's line range covers it; a finding that covers no
 * labelled line counts once per distinct line it starts on (FP); a labelled line no finding covers is a miss (FN).
 * Peer vectors are one file each: the file is reported or not (TN counted there too).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { FAMILIES } from "./corpus.js";
import { familyOf } from "./families.js";

/** @typedef {import("./corpus.js").Family} Family */
/** @typedef {import("./tools.js").LineFinding} LineFinding */
/** @typedef {import("./labelled.js").LabelledCorpus} LabelledCorpus */
/**
 * Rates are null where they are undefined: precision with nothing reported, recall and F1 with nothing to find.
 * @typedef {{ tp: number, fp: number, fn: number, tn?: number, precision: number | null, recall: number | null, f1: number | null }} Counts
 */
/** @typedef {{ key: string, family: Family, note?: string }} Miss */
/** @typedef {{ overall: Counts, families: Record<Family, Counts>, falseNegatives: Miss[], falsePositives: Miss[] }} Score */

/** @param {{ tp: number, fp: number, fn: number, tn?: number }} c @returns {Counts} */
export function withRates(c) {
  const precision = c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn);
  const f1 = recall === null ? null : precision === null || precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

const emptyFamilies = () => /** @type {Record<Family, { tp: number, fp: number, fn: number, tn: number }>} */ (Object.fromEntries(FAMILIES.map((f) => [f, { tp: 0, fp: 0, fn: 0, tn: 0 }])));

/** @param {LabelledCorpus} corpus @param {LineFinding[]} findings @returns {Score} */
export function scoreLines(corpus, findings) {
  /** @type {Map<string, string[]>} */
  const texts = new Map();
  const lineText = (/** @type {string} */ file, /** @type {number} */ line) => {
    let lines = texts.get(file);
    if (!lines) {
      try {
        lines = readFileSync(path.join(corpus.dir, file), "utf8").split("\n");
      } catch {
        lines = [];
      }
      texts.set(file, lines);
    }
    return lines[line - 1] ?? "";
  };
  /** @type {Map<string, number[]>} labelled lines per file */
  const labelledByFile = new Map();
  for (const key of corpus.positives.keys()) {
    const at = key.lastIndexOf(":");
    const file = key.slice(0, at);
    labelledByFile.set(file, [...(labelledByFile.get(file) ?? []), Number(key.slice(at + 1))]);
  }
  const hit = new Set();
  const falseLines = new Set();
  for (const f of findings) {
    const covered = (labelledByFile.get(f.file) ?? []).filter((line) => line >= f.line && line <= f.endLine);
    if (covered.length > 0) for (const line of covered) hit.add(`${f.file}:${String(line)}`);
    else falseLines.add(`${f.file}:${String(f.line)}`);
  }
  const families = emptyFamilies();
  /** @type {Miss[]} */
  const falseNegatives = [];
  /** @type {Miss[]} */
  const falsePositives = [];
  for (const [key, family] of corpus.positives) {
    if (hit.has(key)) families[family].tp++;
    else {
      families[family].fn++;
      falseNegatives.push(noted(corpus, key, family));
    }
  }
  for (const key of falseLines) {
    const at = key.lastIndexOf(":");
    const file = key.slice(0, at);
    const family = familyOf(lineText(file, Number(key.slice(at + 1))), corpus.hints.get(file) ?? "");
    families[family].fp++;
    falsePositives.push(noted(corpus, key, family));
  }
  return summarise(families, falseNegatives, falsePositives, false);
}

/** @param {LabelledCorpus} corpus @param {LineFinding[]} findings @returns {Score} */
export function scoreVectors(corpus, findings) {
  const reported = new Set(findings.map((f) => f.file));
  const families = emptyFamilies();
  /** @type {Miss[]} */
  const falseNegatives = [];
  /** @type {Miss[]} */
  const falsePositives = [];
  for (const v of corpus.vectors) {
    const c = families[v.family];
    const key = `#${String(v.index)} ${v.tool} ${v.rule}`;
    const miss = { key, family: v.family, ...(v.exception ? { note: `documented exception: ${v.exception}` } : {}) };
    if (v.expect === "secret") {
      if (reported.has(v.file)) c.tp++;
      else {
        c.fn++;
        falseNegatives.push(miss);
      }
    } else if (reported.has(v.file)) {
      c.fp++;
      falsePositives.push(miss);
    } else c.tn++;
  }
  return summarise(families, falseNegatives, falsePositives, true);
}

/** @param {LabelledCorpus} corpus @param {string} key @param {Family} family @returns {Miss} */
function noted(corpus, key, family) {
  const note = corpus.notes.get(key);
  return note ? { key, family, note } : { key, family };
}

/**
 * @param {Record<Family, { tp: number, fp: number, fn: number, tn: number }>} families
 * @param {Miss[]} falseNegatives @param {Miss[]} falsePositives @param {boolean} withNegatives
 * @returns {Score}
 */
function summarise(families, falseNegatives, falsePositives, withNegatives) {
  const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
  /** @type {Record<string, Counts>} */
  const byFamily = {};
  for (const family of FAMILIES) {
    const c = families[family];
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
    total.tn += c.tn;
    byFamily[family] = withRates(withNegatives ? c : { tp: c.tp, fp: c.fp, fn: c.fn });
  }
  return {
    overall: withRates(withNegatives ? total : { tp: total.tp, fp: total.fp, fn: total.fn }),
    families: /** @type {Record<Family, Counts>} */ (byFamily),
    falseNegatives,
    falsePositives,
  };
}

/** @param {LabelledCorpus} corpus @param {LineFinding[]} findings */
export function score(corpus, findings) {
  return corpus.kind === "vectors" ? scoreVectors(corpus, findings) : scoreLines(corpus, findings);
}
