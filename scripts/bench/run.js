// @ts-check
/**
 * `npm run bench`: Keyless side by side with secretlint, ESLint + no-secrets and gitleaks, in one run.
 *
 *   npm run bench                      the full bench (15 min on a quiet 2-core machine, up to 22 under load); rewrites docs/benchmarks.md
 *                                      between its markers
 *   npm run bench -- --smoke           seconds: tiny corpora, one run, Keyless only (CI runs it through test/bench)
 *
 * Options: --runs N (speed runs per tool and size, default 5) · --sizes 500,1000,… · --no-peers ·
 *          --json FILE · --doc FILE · --svg FILE · --no-doc
 *
 * Sections: accuracy on labelled corpora, speed against corpus size, the keyless rules' share of ESLint time, and
 * `keyless migrate` against `tsc --noEmit`. Needs a build (`npm run build`); installs the peers into bench/ with
 * `npm ci --prefix bench` when they are missing (never for --smoke).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lineChart } from "./chart.js";
import { generateCorpus } from "./corpus.js";
import { configFixtures, detectFixtures, generatedLabelled, peerVectors } from "./labelled.js";
import { CONFIGS, lintCorpus } from "./lint-timing.js";
import { HAS_GNU_TIME, linearFit, load, median, timeNode } from "./measure.js";
import { renderMarkdown, writeBetweenMarkers } from "./report.js";
import { score } from "./score.js";
import { allTools } from "./tools.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHARED = process.env.KEYLESS_SHARED_DIR ?? path.resolve(REPO, "../shared");

/** @typedef {import("./tools.js").Tool} Tool */

function parseOptions(/** @type {string[]} */ args) {
  const value = (/** @type {string} */ name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const smoke = args.includes("--smoke");
  const sizes = value("--sizes")?.split(",").map(Number) ?? (smoke ? [20] : [500, 1000, 2000, 4000]);
  return {
    smoke,
    peers: !smoke && !args.includes("--no-peers"),
    runs: Number(value("--runs") ?? (smoke ? 1 : 5)),
    sizes,
    json: value("--json") ?? (smoke ? undefined : path.join(REPO, "bench/results/latest.json")),
    doc: args.includes("--no-doc") ? undefined : (value("--doc") ?? (smoke ? undefined : path.join(REPO, "docs/benchmarks.md"))),
    svg: value("--svg") ?? (smoke ? undefined : path.join(REPO, "bench/results/speed.svg")),
  };
}

/** Progress goes to stderr; the tables go to stdout at the end. */
const say = (/** @type {string} */ line) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} load ${load().toFixed(2)}] ${line}\n`);

function ensurePeers() {
  if (existsSync(path.join(REPO, "bench/node_modules/.package-lock.json"))) return null;
  say("installing the peers: npm ci --prefix bench");
  const npm = spawnSync("npm", ["ci", "--prefix", "bench", "--no-audit", "--no-fund"], { cwd: REPO, stdio: ["ignore", "inherit", "inherit"] });
  return npm.status === 0 ? null : `npm ci --prefix bench exited with ${String(npm.status)}`;
}

/**
 * Runs a tool once on a folder and reads its report back.
 * @param {Tool} tool @param {string} dir @param {string} scratch @param {number} [timeoutMs]
 */
function runTool(tool, dir, scratch, timeoutMs) {
  const report = path.join(scratch, `${tool.id}-${String(Date.now())}-${String(Math.random()).slice(2, 8)}.json`);
  const { args, env } = tool.command(dir, report);
  const sample = timeNode(args, { cwd: dir, ...(env ? { env } : {}), ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  const ok = sample.status !== null && tool.okExitCodes.includes(sample.status) && existsSync(report);
  /** @type {ReturnType<Tool["read"]> | null} */
  let parsed = null;
  let error = ok ? null : sample.timedOut ? `stopped after ${(sample.wallMs / 1000).toFixed(0)} s` : `exit ${String(sample.status)}: ${sample.stderr.trim().split("\n").pop() ?? ""}`;
  if (ok) {
    try {
      parsed = tool.read(report, dir);
    } catch (e) {
      error = `unreadable report: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  rmSync(report, { force: true });
  return { sample, parsed, error };
}

/**
 * Every labelled corpus sits in its own folder under one root, and each tool scans the root once (one process start
 * per tool, not per corpus); findings are split back by their first path segment.
 * @param {Tool[]} tools @param {string} work @param {boolean} smoke
 */
function accuracy(tools, work, smoke) {
  const root = path.join(work, "acc");
  const corpora = [
    detectFixtures(REPO, path.join(root, "fixtures-detect"), { stride: smoke ? 4 : 1 }),
    configFixtures(REPO, path.join(root, "fixtures-config")),
    generatedLabelled(path.join(root, "generated"), { files: smoke ? 30 : 1000, seed: 11 }),
    peerVectors(path.join(SHARED, "corpus/peer-vectors.jsonl"), path.join(REPO, "fixtures/peer-vector-exceptions.json"), path.join(root, "peer-vectors"), { stride: smoke ? 4 : 1 }),
    ...(smoke ? [] : [peerVectors(path.join(SHARED, "corpus/peer-vectors.jsonl"), path.join(REPO, "fixtures/peer-vector-exceptions.json"), path.join(root, "peer-vectors-raw"), { raw: true })]),
  ];
  const runs = tools.map((tool) => {
    say(`accuracy: ${tool.label} on ${String(corpora.reduce((n, c) => n + c.files, 0))} labelled files`);
    return { tool, run: runTool(tool, root, work) };
  });
  return corpora.map((corpus) => {
    const prefix = `${path.basename(corpus.dir)}/`;
    return {
      name: corpus.name,
      title: corpus.title,
      files: corpus.files,
      positives: corpus.kind === "vectors" ? corpus.vectors.filter((v) => v.expect === "secret").length : corpus.positives.size,
      ...(corpus.kind === "vectors" ? { negatives: corpus.vectors.filter((v) => v.expect !== "secret").length } : {}),
      tools: runs.map(({ tool, run }) => {
        if (corpus.only && !corpus.only.includes(tool.id)) return { id: tool.id, label: tool.label, score: null, error: "n/a: reads source and config files, not plain text" };
        if (!run.parsed) return { id: tool.id, label: tool.label, score: null, error: run.error };
        const findings = run.parsed.findings.filter((f) => f.file.startsWith(prefix)).map((f) => ({ ...f, file: f.file.slice(prefix.length) }));
        return { id: tool.id, label: tool.label, score: score(corpus, findings), errors: run.parsed.errors };
      }),
    };
  });
}

/** Below this fraction of its files/s at the smallest size, a tool's cost is not linear: measure it once there, then stop. */
const SUPERLINEAR = 1 / 3;

/**
 * Every run visits every size and every tool, the order of tools rotated each time. A tool whose throughput at a
 * size falls below a third of its throughput at the smallest size keeps that one sample and is not run again there
 * or at larger sizes: its cost grows faster than the corpus, and five runs of it would take the whole budget. A run
 * also stops at four times the time the tool's smallest-size rate predicts (at least a minute).
 * @param {Tool[]} tools @param {string} work @param {{ sizes: number[], runs: number, smoke: boolean }} options @param {number[]} loads
 */
function speed(tools, work, options, loads) {
  const sizes = options.sizes.map((files) => {
    const dir = path.join(work, `speed/${String(files)}`);
    const { configs } = generateCorpus(dir, { files, seed: 1, writeManifest: false });
    // tsconfig.json and package.json come with the corpus: scanned like any project's.
    return { files, scanned: files + configs + 2, dir };
  });
  /** @typedef {{ wall: number[], rss: number[], failures: number, stopped: string | null }} Slot */
  /** @type {Map<string, Map<number, Slot>>} */
  const samples = new Map(tools.map((t) => [t.id, new Map(sizes.map((s) => [s.files, { wall: [], rss: [], failures: 0, stopped: null }]))]));
  /** @type {Map<string, number>} files/s at the smallest size */
  const baseRate = new Map();
  /** @type {Map<string, number>} the size from which a tool is no longer run */
  const cappedFrom = new Map();
  const smallest = sizes[0];
  if (!options.smoke && smallest) {
    say("speed: one untimed warm-up run per tool (file cache, WebAssembly unpacking)");
    for (const tool of tools) {
      const warm = runTool(tool, smallest.dir, work);
      if (warm.parsed) baseRate.set(tool.id, smallest.scanned / (warm.sample.wallMs / 1000));
    }
  }
  for (let run = 0; run < options.runs; run++) {
    loads.push(load());
    say(`speed: run ${String(run + 1)} of ${String(options.runs)}`);
    sizes.forEach((size, s) => {
      const shift = (run + s) % tools.length;
      for (const tool of [...tools.slice(shift), ...tools.slice(0, shift)]) {
        const slot = samples.get(tool.id)?.get(size.files);
        const cap = cappedFrom.get(tool.id);
        if (!slot || (cap !== undefined && size.files >= cap)) continue;
        const rate = baseRate.get(tool.id);
        const timeoutMs = rate === undefined || size === smallest ? 600_000 : Math.ceil(Math.max(60_000, (4 * 1000 * size.scanned) / rate));
        const result = runTool(tool, size.dir, work, timeoutMs);
        if (!result.parsed) {
          slot.failures++;
          say(`  ${tool.id} on ${String(size.files)}: ${result.error ?? "failed"}`);
          if (result.sample.timedOut) {
            slot.stopped = `stopped after ${(result.sample.wallMs / 1000).toFixed(0)} s`;
            cappedFrom.set(tool.id, size.files);
          }
          continue;
        }
        const seconds = result.sample.wallMs / 1000;
        slot.wall.push(seconds);
        if (result.sample.rssKb !== null) slot.rss.push(result.sample.rssKb / 1024);
        if (size === smallest && !baseRate.has(tool.id)) baseRate.set(tool.id, size.scanned / seconds);
        if (rate !== undefined && size !== smallest && size.scanned / seconds < rate * SUPERLINEAR) {
          slot.stopped = `1 run: ${(size.scanned / seconds).toFixed(0)} files/s, under a third of its ${rate.toFixed(0)} files/s at ${String(smallest?.files)} modules`;
          cappedFrom.set(tool.id, size.files);
          say(`  ${tool.id}: superlinear at ${String(size.files)} modules, not run there again nor at larger sizes`);
        }
      }
    });
  }
  loads.push(load());
  const keylessMedian = (/** @type {number} */ files) => median(samples.get("keyless")?.get(files)?.wall ?? []);
  return {
    runs: options.runs,
    sizes: sizes.map(({ files, scanned }) => ({ files, scanned })),
    tools: tools.map((tool) => {
      /** @type {Record<string, any>} */
      const bySize = {};
      /** @type {Array<[number, number]>} */
      const points = [];
      /** @type {Record<string, string>} */
      const notRun = {};
      for (const size of sizes) {
        const slot = samples.get(tool.id)?.get(size.files);
        if (!slot) continue;
        const cap = cappedFrom.get(tool.id);
        if (slot.wall.length === 0) {
          if (slot.stopped) notRun[String(size.files)] = slot.stopped;
          else if (cap !== undefined && size.files > cap) notRun[String(size.files)] = `not run: superlinear from ${String(cap)} modules`;
          continue;
        }
        const medianSeconds = median(slot.wall);
        points.push([size.scanned, medianSeconds]);
        bySize[String(size.files)] = {
          medianSeconds,
          minSeconds: Math.min(...slot.wall),
          maxSeconds: Math.max(...slot.wall),
          filesPerSecond: size.scanned / medianSeconds,
          medianRssMb: slot.rss.length > 0 ? median(slot.rss) : null,
          vsKeyless: medianSeconds / keylessMedian(size.files),
          samples: slot.wall.length,
          failures: slot.failures,
          note: slot.stopped,
        };
      }
      const first = points[0];
      const last = points.at(-1);
      const complete = points.length === sizes.length;
      return { id: tool.id, label: tool.label, bySize, notRun, points, fit: complete ? linearFit(points) : null, growth: complete && first && last && points.length > 1 ? last[1] / first[1] : null };
    }),
  };
}

/**
 * Runs lint-timing.js in a child and returns its rows.
 * @param {string} dir @param {string[]} flags
 * @returns {{ rows: any[] } | { error: string }}
 */
function lintTiming(dir, flags) {
  const child = spawnSync(process.execPath, [path.join(REPO, "scripts/bench/lint-timing.js"), "--dir", dir, ...flags, "--json"], { cwd: REPO, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) return { error: `lint-timing.js exited with ${String(child.status)}: ${child.stderr.trim().split("\n").pop() ?? ""}` };
  return { rows: JSON.parse(child.stdout.trim().split("\n").pop() ?? "[]") };
}

/**
 * Each configuration in a fresh process (the typed project service is shared inside one), median share of 3 runs.
 * The smoke run measures all four rows in one process, once, without resolving the `@azure/*` typings: it checks
 * the plumbing, not the numbers.
 * @param {string} work @param {{ smoke: boolean }} options
 */
function eslintShare(work, options) {
  const files = options.smoke ? 20 : 300;
  const runs = options.smoke ? 1 : 3;
  const dir = path.join(work, "lint");
  lintCorpus(dir, files, { resolveImports: !options.smoke });
  const jobs = options.smoke ? [["--both"]] : [false, true].flatMap((typed) => CONFIGS.map((config) => ["--config", config, ...(typed ? ["--typed"] : [])]));
  /** @type {Map<string, any[]>} */
  const byLabel = new Map();
  for (let run = 0; run < runs; run++) {
    for (const flags of jobs) {
      say(`eslint share: ${flags.join(" ")}, run ${String(run + 1)} of ${String(runs)}`);
      const result = lintTiming(dir, flags);
      if ("error" in result) return { status: "failed", reason: result.error };
      for (const row of result.rows) byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row]);
    }
  }
  const rows = [...byLabel.values()].map((samples) => {
    const byShare = [...samples].sort((a, b) => a.share - b.share);
    return { ...byShare[Math.floor(byShare.length / 2)], minShare: byShare[0]?.share, maxShare: byShare.at(-1)?.share };
  });
  return { status: "measured", files, runs, rows };
}

/** `keyless migrate` is being written: measure it only once the command exists. */
function migrateAvailable() {
  const help = spawnSync(process.execPath, [path.join(REPO, "bin/keyless.js"), "migrate", "--help"], { cwd: REPO, encoding: "utf8" });
  const text = `${help.stdout}${help.stderr}`;
  if (help.status !== 0 || /not implemented/iu.test(text)) return `\`keyless migrate --help\` says: "${text.trim().split("\n")[0] ?? ""}" (exit ${String(help.status)})`;
  return null;
}

/**
 * What the last dry run says it would do, as counts (its JSON report lists files and clients; only sizes are kept).
 * @param {string} report @returns {Record<string, number> | null}
 */
function migrateSummary(report) {
  try {
    /** @type {Record<string, unknown>} */
    const result = JSON.parse(readFileSync(report, "utf8"));
    /** @type {Record<string, number>} */
    const counts = {};
    for (const key of ["changedFiles", "migrated", "skipped", "notes", "errors"]) {
      const value = result[key];
      if (typeof value === "number") counts[key] = value;
      else if (Array.isArray(value)) counts[key] = value.length;
    }
    return counts;
  } catch {
    return null;
  }
}

/**
 * Interleaved pairs on each project, median of 3 (one for --smoke): a migrate run type-checks the project itself,
 * so each pair costs about three `tsc` runs.
 * @param {string} work @param {{ smoke: boolean }} options
 */
function codemod(work, options) {
  const runs = options.smoke ? 1 : 3;
  const missing = migrateAvailable();
  if (missing) return { status: "skipped", reason: `${missing}. Re-run \`npm run bench\` once the command lands.` };
  const sizes = options.smoke ? [20] : [250, 500, 1000];
  const tsc = path.join(REPO, "node_modules/typescript/bin/tsc");
  const keyless = path.join(REPO, "bin/keyless.js");
  const projects = sizes.map((files) => {
    const dir = path.join(work, `codemod/${String(files)}`);
    generateCorpus(dir, { files, seed: 5, secretRate: 0.3, configs: 0, writeManifest: false });
    symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return { files, dir, report: path.join(work, `codemod-${String(files)}.json`), tsc: /** @type {number[]} */ ([]), migrate: /** @type {number[]} */ ([]), rss: /** @type {number[]} */ ([]), status: /** @type {number | null} */ (null) };
  });
  for (let run = 0; run < runs; run++) {
    say(`codemod: run ${String(run + 1)} of ${String(runs)}`);
    for (const p of projects) {
      const pair = run % 2 === 0 ? ["tsc", "migrate"] : ["migrate", "tsc"];
      for (const which of pair) {
        if (which === "tsc") {
          const s = timeNode([tsc, "--noEmit", "-p", p.dir], { cwd: p.dir });
          if (s.status === 0) p.tsc.push(s.wallMs / 1000);
          else say(`  tsc failed on ${String(p.files)}: exit ${String(s.status)}`);
        } else {
          const s = timeNode([keyless, "migrate", p.dir, "--format", "json"], { cwd: p.dir, stdoutFile: p.report });
          p.status = s.status;
          if (s.status === 0 || s.status === 1) {
            p.migrate.push(s.wallMs / 1000);
            if (s.rssKb !== null) p.rss.push(s.rssKb / 1024);
          } else say(`  keyless migrate failed on ${String(p.files)}: exit ${String(s.status)} ${s.stderr.trim().split("\n").pop() ?? ""}`);
        }
      }
    }
  }
  return {
    status: "measured",
    runs,
    rows: projects.map((p) => {
      const tscSeconds = median(p.tsc);
      const migrateSeconds = median(p.migrate);
      return { files: p.files, tscSeconds, migrateSeconds, ratio: migrateSeconds / tscSeconds, migrateStatus: p.status, migrateRssMb: p.rss.length > 0 ? median(p.rss) : null, summary: migrateSummary(p.report) };
    }),
  };
}

/** The issue's goals, checked against this run's numbers. @param {any} r */
function goals(r) {
  const speedOf = (/** @type {string} */ id) => r.speed.tools.find((/** @type {any} */ t) => t.id === id);
  /** @param {string} id */
  const throughputRatios = (id) => {
    const peer = speedOf(id);
    if (!peer) return null;
    return r.speed.sizes.map((/** @type {any} */ s) => peer.bySize[String(s.files)]?.vsKeyless).filter((/** @type {any} */ x) => typeof x === "number");
  };
  const out = [];
  const secretlint = throughputRatios("secretlint");
  out.push(secretlint?.length
    ? { goal: "`keyless scan` ≥ 1.5× secretlint's throughput", measured: `${Math.min(...secretlint).toFixed(2)}×–${Math.max(...secretlint).toFixed(2)}× across sizes`, met: Math.min(...secretlint) >= 1.5 }
    : { goal: "`keyless scan` ≥ 1.5× secretlint's throughput", measured: "secretlint not run", met: null });
  const eslint = throughputRatios("eslint-no-secrets");
  out.push(eslint?.length
    ? { goal: "`keyless scan` far above ESLint + no-secrets", measured: `${Math.min(...eslint).toFixed(2)}×–${Math.max(...eslint).toFixed(2)}× across sizes`, met: Math.min(...eslint) >= 2 }
    : { goal: "`keyless scan` far above ESLint + no-secrets", measured: "ESLint + no-secrets not run", met: null });
  for (const c of r.accuracy) {
    const keyless = c.tools.find((/** @type {any} */ t) => t.id === "keyless");
    if (!keyless?.score) continue;
    const k = keyless.score.overall.f1 ?? null;
    const peers = c.tools.filter((/** @type {any} */ t) => t.id !== "keyless" && t.score);
    const best = peers.reduce((/** @type {any} */ a, /** @type {any} */ t) => ((t.score.overall.f1 ?? 0) > (a?.score.overall.f1 ?? -1) ? t : a), null);
    out.push(best
      ? { goal: `F1 above every peer: ${c.title}`, measured: `Keyless ${k === null ? "–" : k.toFixed(3)}, best peer ${best.label} ${(best.score.overall.f1 ?? 0).toFixed(3)}`, met: k !== null && k > (best.score.overall.f1 ?? 0) }
      : { goal: `F1 above every peer: ${c.title}`, measured: `Keyless ${k === null ? "–" : k.toFixed(3)}, no peer run`, met: null });
  }
  if (r.eslint.status === "measured") {
    for (const row of r.eslint.rows.filter((/** @type {any} */ x) => x.label.startsWith("typescript-eslint"))) {
      out.push({ goal: `keyless rules ≤ 15% of ESLint time (${row.label})`, measured: `${(100 * row.share).toFixed(1)}%`, met: row.share <= 0.15 });
    }
  }
  if (r.codemod.status === "measured") {
    const worst = Math.max(...r.codemod.rows.map((/** @type {any} */ x) => x.ratio));
    out.push({ goal: "`keyless migrate` ≤ 2× `tsc --noEmit`", measured: `up to ${worst.toFixed(2)}×`, met: worst <= 2 });
  } else out.push({ goal: "`keyless migrate` ≤ 2× `tsc --noEmit`", measured: "skipped (command not implemented yet)", met: null });
  const k = speedOf("keyless");
  if (k?.fit) {
    const first = r.speed.sizes[0];
    const last = r.speed.sizes.at(-1);
    const perFileFirst = k.bySize[String(first.files)].medianSeconds / first.scanned;
    const perFileLast = k.bySize[String(last.files)].medianSeconds / last.scanned;
    out.push({ goal: "Keyless cost grows linearly with files", measured: `R² ${k.fit.r2.toFixed(4)}; time per file at ${String(last.files)} modules is ${(perFileLast / perFileFirst).toFixed(2)}× that at ${String(first.files)}`, met: r.speed.sizes.length > 2 ? k.fit.r2 >= 0.98 && perFileLast / perFileFirst <= 1.25 : null });
  }
  return out;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const loadStart = load();
  if (!existsSync(path.join(REPO, "dist/src/cli/main.js"))) {
    console.error("bench: dist/ is missing: run `npm run build` first");
    return 2;
  }
  const installError = options.peers ? ensurePeers() : null;
  const tools = allTools(REPO);
  const toolStatus = tools.map((t) => {
    if (t.peer && !options.peers) return { id: t.id, label: t.label, version: "–", status: options.smoke ? "not run (smoke)" : "not run (--no-peers)" };
    if (!t.installed()) return { id: t.id, label: t.label, version: "–", status: installError ?? "not installed" };
    return { id: t.id, label: t.label, version: t.version(), status: "run" };
  });
  const active = tools.filter((t) => toolStatus.find((s) => s.id === t.id)?.status === "run");
  const work = mkdtempSync(path.join(os.tmpdir(), "keyless-bench-"));
  /** @type {number[]} */
  const loads = [];
  try {
    const accuracyResults = accuracy(active, work, options.smoke);
    const speedResults = speed(active, work, options, loads);
    const eslintResults = eslintShare(work, options);
    const codemodResults = codemod(work, options);
    const cpus = os.cpus();
    const results = {
      mode: options.smoke ? "smoke" : "full",
      startedAt: new Date(started).toISOString().replace(/\.\d+Z$/u, "Z"),
      durationSeconds: (Date.now() - started) / 1000,
      machine: {
        cores: cpus.length,
        cpu: cpus[0]?.model.trim() ?? "unknown",
        memoryGiB: os.totalmem() / 1024 ** 3,
        node: process.versions.node,
        gnuTime: HAS_GNU_TIME,
        load: { start: loadStart, min: Math.min(...loads), max: Math.max(...loads), end: load() },
      },
      tools: toolStatus,
      accuracy: accuracyResults,
      speed: speedResults,
      eslint: eslintResults,
      codemod: codemodResults,
      /** @type {any[]} */
      goals: [],
      chartPath: /** @type {string | null} */ (null),
      svg: "",
      markdown: "",
    };
    results.goals = goals(results);
    results.svg = lineChart(
      speedResults.tools.map((t) => ({ label: t.label, points: t.points })),
      { title: "Median scan time against corpus size", xLabel: "files scanned", yLabel: "seconds (median)" },
    );
    if (options.svg) {
      mkdirSync(path.dirname(options.svg), { recursive: true });
      writeFileSync(options.svg, results.svg);
      results.chartPath = path.relative(path.dirname(options.doc ?? path.join(REPO, "docs/x")), options.svg).split(path.sep).join("/");
    }
    results.markdown = renderMarkdown(results);
    if (options.doc) {
      mkdirSync(path.dirname(options.doc), { recursive: true });
      writeBetweenMarkers(options.doc, results.markdown);
    }
    if (options.json) {
      mkdirSync(path.dirname(options.json), { recursive: true });
      writeFileSync(options.json, `${JSON.stringify(results, null, 1)}\n`);
    }
    process.stdout.write(`${results.markdown}\n`);
    say(`done in ${((Date.now() - started) / 60000).toFixed(1)} min${options.doc ? `; wrote ${path.relative(REPO, options.doc)}` : ""}`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
