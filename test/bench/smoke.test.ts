import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/shared.js";

/**
 * `npm run bench -- --smoke`: the whole bench on tiny corpora, once, Keyless only. It checks the plumbing and the
 * shape of what the full bench publishes, never its numbers (those depend on the machine), and needs none of the
 * peers installed in bench/.
 */
interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn?: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}
interface BenchResults {
  mode: string;
  machine: { cores: number; node: string; load: { start: number; min: number; max: number; end: number } };
  tools: { id: string; status: string }[];
  accuracy: { name: string; files: number; positives: number; tools: { id: string; score: { overall: Counts; families: Record<string, Counts> } | null }[] }[];
  speed: { runs: number; sizes: { files: number; scanned: number }[]; tools: { id: string; bySize: Record<string, { medianSeconds: number; filesPerSecond: number; vsKeyless: number }> }[] };
  eslint: { status: string; rows: { label: string; share: number }[] };
  codemod: { status: string; reason?: string };
  goals: { goal: string; measured: string; met: boolean | null }[];
  svg: string;
  markdown: string;
}

const FAMILIES = ["azure-connection-string", "azure-key", "entra-secret", "generic"];
/** What would mean a planted value leaked into the output: key material after its marker, or a token by prefix. */
const LEAKS = [/AccountKey=[A-Za-z0-9+/]{16}/u, /SharedAccessKey=[A-Za-z0-9+/]{16}/u, /[\w~.-]{3}8Q~[\w~.-]{16}/u, /ghp_[A-Za-z0-9]{16}/u, /AKIA[A-Z2-7]{12}/u, /sig=[A-Za-z0-9%+/]{16}/u];

describe("npm run bench -- --smoke", () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "keyless-bench-smoke-"));
  const jsonFile = path.join(scratch, "results.json");
  const doc = path.join(REPO_ROOT, "docs/benchmarks.md");
  const docBefore = existsSync(doc) ? readFileSync(doc, "utf8") : null;
  let run: ReturnType<typeof spawnSync>;
  let results: BenchResults;

  beforeAll(() => {
    run = spawnSync("npm", ["run", "--silent", "bench", "--", "--smoke", "--json", jsonFile], { cwd: REPO_ROOT, encoding: "utf8", timeout: 90_000 });
    results = JSON.parse(readFileSync(jsonFile, "utf8")) as BenchResults;
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it("exits 0 and prints the tables", () => {
    expect(run.status, String(run.stderr)).toBe(0);
    const stdout = String(run.stdout);
    for (const heading of ["### Accuracy", "### Speed and scale", "### ESLint integration cost", "### Codemod", "### Goals"]) expect(stdout).toContain(heading);
  });

  it("runs Keyless only, and says so for each peer", () => {
    expect(results.mode).toBe("smoke");
    expect(results.tools.find((t) => t.id === "keyless")?.status).toBe("run");
    for (const id of ["secretlint", "eslint-no-secrets", "gitleaks"]) expect(results.tools.find((t) => t.id === id)?.status).toBe("not run (smoke)");
  });

  it("notes the machine and its load", () => {
    expect(results.machine.cores).toBeGreaterThan(0);
    for (const value of Object.values(results.machine.load)) expect(value).toBeGreaterThanOrEqual(0);
  });

  it("scores every labelled corpus, overall and per family", () => {
    expect(results.accuracy.map((c) => c.name)).toEqual(["fixtures-detect", "fixtures-config", "generated", "peer-vectors"]);
    for (const corpus of results.accuracy) {
      expect(corpus.positives).toBeGreaterThan(0);
      const score = corpus.tools.find((t) => t.id === "keyless")?.score;
      expect(score, corpus.name).toBeTruthy();
      if (!score) continue;
      expect(score.overall.tp + score.overall.fn).toBe(corpus.positives);
      for (const rate of [score.overall.precision, score.overall.recall, score.overall.f1]) {
        expect(rate).not.toBeNull();
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(1);
      }
      expect(Object.keys(score.families).sort()).toEqual(FAMILIES);
    }
  });

  it("times the scan and charts it", () => {
    expect(results.speed.runs).toBe(1);
    const keyless = results.speed.tools.find((t) => t.id === "keyless");
    const size = results.speed.sizes[0];
    expect(size).toBeDefined();
    const timing = keyless?.bySize[String(size?.files)];
    expect(timing?.medianSeconds).toBeGreaterThan(0);
    expect(timing?.vsKeyless).toBe(1);
    expect(results.svg.startsWith("<svg")).toBe(true);
    expect(results.svg).toContain("<polyline");
  });

  it("measures the keyless rules' share of ESLint time without and with type information", () => {
    expect(results.eslint.status).toBe("measured");
    expect(results.eslint.rows.map((r) => r.label.endsWith("(typed)"))).toEqual([false, false, true, true]);
    for (const row of results.eslint.rows) {
      expect(row.share).toBeGreaterThan(0);
      expect(row.share).toBeLessThan(1);
    }
  });

  it("measures the codemod, or says why it skipped it", () => {
    expect(["measured", "skipped"]).toContain(results.codemod.status);
    if (results.codemod.status === "skipped") expect(results.codemod.reason).toBeTruthy();
  });

  it("checks the issue's goals", () => {
    expect(results.goals.length).toBeGreaterThan(0);
    expect(results.goals.some((g) => g.goal.startsWith("F1 above every peer"))).toBe(true);
  });

  it("never prints a secret and leaves docs/benchmarks.md alone", () => {
    for (const text of [String(run.stdout), String(run.stderr), results.markdown, readFileSync(jsonFile, "utf8")]) {
      for (const leak of LEAKS) expect(leak.test(text), String(leak)).toBe(false);
    }
    expect(existsSync(doc) ? readFileSync(doc, "utf8") : null).toBe(docBefore);
  });
});
