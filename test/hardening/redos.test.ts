import { createRequire } from "node:module";
import { check, type Diagnostics, type Parameters } from "recheck";
import { describe, expect, it } from "vitest";
import { SECRET_FORMATS } from "../../src/catalog/secret-formats.js";
import { BROWSER_MARKERS } from "../../src/catalog/index.js";
import { SQL_STATEMENT_ROLES } from "../../src/catalog/roles.js";
import { regexesInModules, regexesInSources, type DynamicRegex, type RegexSite } from "./regexes.js";

/**
 * Every regular expression Keyless runs on user input is judged by recheck, the ReDoS checker, and must be `safe`.
 *
 * The automaton checker goes first: it decides from the pattern's automaton whether backtracking can be super-linear,
 * a proof rather than a sample, and exact for the bounded repetitions our patterns are built from (recheck's fuzz
 * checker reads a large `{0,300}` as if it were `*` and reports such patterns as polynomial). Patterns the automaton
 * checker cannot take (back-references) or cannot finish in time are then fuzzed, with step limits only, so the
 * verdict does not depend on how busy the machine is. Anything not `safe` fails, naming the pattern and where it is.
 */

/** Source folders whose TypeScript is read for patterns: everything Keyless runs (the CLI, the rules, the migration). */
const ROOTS = ["src", "rules", "codemods"];
/** Folders whose modules are imported and their exported data walked for RegExp values. */
const DATA = ["src/catalog"];

/** Patterns built from data at run time, and the data they are built from. */
const DYNAMIC: readonly DynamicRegex[] = [
  { file: "src/report/roles.ts", substitutions: { k: () => SQL_STATEMENT_ROLES.flatMap((row) => row.keywords) } },
  {
    file: "codemods/managed-identity/browser.ts",
    substitutions: { 'BROWSER_MARKERS.envPrefixes.join("|")': () => [BROWSER_MARKERS.envPrefixes.join("|")], g: () => BROWSER_MARKERS.globals },
  },
];

/**
 * The native checker (a binary shipped in the `recheck-<os>-<arch>` npm package) when it is installed, else the
 * pure-JavaScript build: both run offline, and never the Java agent. KEYLESS_RECHECK_BACKEND overrides.
 */
function backend(): "native" | "pure" {
  const forced = process.env.KEYLESS_RECHECK_BACKEND;
  if (forced === "native" || forced === "pure") return forced;
  const os = ({ linux: "linux", darwin: "macos", win32: "windows" } as Record<string, string>)[process.platform];
  try {
    createRequire(import.meta.url).resolve(`recheck-${os ?? "none"}-${process.arch}/package.json`);
    return "native";
  } catch {
    return "pure";
  }
}
const BACKEND = backend();
process.env.RECHECK_BACKEND = BACKEND;

/** The pure build is about five times slower than the native one. */
const SLOWER = BACKEND === "pure" ? 5 : 1;
const AUTOMATON: Parameters = { checker: "automaton", timeout: 5_000 * SLOWER };
const FUZZ: Parameters = { checker: "fuzz", timeout: 10_000 * SLOWER, randomSeed: 0, incubationTimeout: null, attackTimeout: null, seedingTimeout: null };

interface Pattern {
  readonly source: string;
  readonly flags: string;
  readonly sites: readonly string[];
}

function unique(sites: readonly RegexSite[]): Pattern[] {
  const byKey = new Map<string, { source: string; flags: string; sites: string[] }>();
  for (const site of sites) {
    const flags = site.flags.split("").sort().join("");
    const key = `/${site.source}/${flags}`;
    const entry = byKey.get(key) ?? { source: site.source, flags, sites: [] };
    if (!entry.sites.includes(site.where)) entry.sites.push(site.where);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

async function judge(pattern: Pattern): Promise<Diagnostics> {
  const first = await check(pattern.source, pattern.flags, AUTOMATON);
  if (first.status !== "unknown" || !["unsupported", "timeout"].includes(first.error.kind)) return first;
  return check(pattern.source, pattern.flags, FUZZ);
}

/** Everything the lead needs to fix a pattern: the pattern, where it is, and recheck's evidence. */
function explain(pattern: Pattern, d: Diagnostics): string {
  const lines = [`/${pattern.source}/${pattern.flags}`, `  in ${pattern.sites.join(", ")}`, `  recheck (${d.checker ?? "?"}, ${BACKEND}): ${d.status}`];
  if (d.status === "vulnerable") {
    lines.push(`  ${d.complexity.summary}; attack: ${d.attack.pattern}`);
    lines.push(`  hot spots: ${d.hotspot.map((h) => pattern.source.slice(h.start, h.end)).join(" · ")}`);
  } else if (d.status === "unknown") {
    lines.push(`  ${d.error.kind}${"message" in d.error ? `: ${d.error.message}` : ""}`);
  }
  return lines.join("\n");
}

const fromSources = regexesInSources(ROOTS, DYNAMIC);
const fromData = (await Promise.all(DATA.map((dir) => regexesInModules(dir)))).flat();
const patterns = unique([...fromSources.sites, ...fromData]);

describe(`recheck (${BACKEND}) judges every regular expression in ${[...ROOTS, ...DATA].join(", ")} safe`, () => {
  it("finds the patterns of the sources and of the catalog's data", () => {
    expect(patterns.length).toBeGreaterThan(100);
    const keys = new Set(patterns.map((p) => `/${p.source}/${p.flags}`));
    for (const format of SECRET_FORMATS) expect(keys, format.kind).toContain(`/${format.pattern.source}/${format.pattern.flags.split("").sort().join("")}`);
    expect(fromData.some((s) => s.where.startsWith("src/catalog/secret-formats.ts › SECRET_FORMATS[0].pattern"))).toBe(true);
    expect(fromSources.sites.some((s) => s.where.startsWith("src/detect/sas.ts:"))).toBe(true);
    for (const root of ROOTS) expect(fromSources.sites.some((s) => s.where.startsWith(`${root}/`)), `no pattern found in ${root}/`).toBe(true);
  });

  it("knows what every pattern built at run time is built from", () => {
    expect(fromSources.unexplained, "add the data each substitution takes to DYNAMIC").toEqual([]);
    for (const entry of DYNAMIC) expect(fromSources.sites.some((s) => s.where.startsWith(`${entry.file}:`)), `${entry.file} no longer builds a pattern: drop its DYNAMIC entry`).toBe(true);
  });

  const title = (p: Pattern): string => {
    const shown = `/${p.source}/${p.flags}`;
    return `${p.sites[0] ?? "?"} ${shown.length > 90 ? `${shown.slice(0, 89)}…` : shown}`;
  };
  it.each(patterns.map((p) => [title(p), p] as const))("%s", async (_, pattern) => {
    const verdict = await judge(pattern);
    expect(verdict.status, explain(pattern, verdict)).toBe("safe");
  }, (AUTOMATON.timeout ?? 0) + (FUZZ.timeout ?? 0) + 5_000);
});
