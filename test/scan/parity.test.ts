import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanFinding, ScanResult } from "../../src/scan/types.js";
import { lint } from "../helpers/lint.js";
import { REPO_ROOT } from "../helpers/shared.js";
import { scanJson } from "../cli/run.js";

/**
 * `keyless scan` and ESLint with `keyless.configs.recommended` must report the same findings (rule, message id,
 * start and end) on every detection fixture: both read one analysis, and this keeps them from drifting apart.
 */
const DIR = path.join(REPO_ROOT, "fixtures/detect");
const files = readdirSync(DIR).filter((f) => /\.[cm]?[jt]sx?$/u.test(f)).sort();

const key = (ruleId: string | null, messageId: string | undefined, line: number, column: number, endLine?: number, endColumn?: number): string =>
  `${ruleId ?? "?"} ${messageId ?? "?"} ${String(line)}:${String(column)}-${String(endLine)}:${String(endColumn)}`;

describe("scan == ESLint on fixtures/detect", () => {
  let result: ScanResult;
  const byFile = new Map<string, ScanFinding[]>();
  beforeAll(async () => {
    // One run over the whole folder, as a user would run it (--include-env: the recommended config reports
    // prefer-managed-identity as a warning, so it is part of what ESLint shows).
    const run = await scanJson(["--include-env", "fixtures/detect"], REPO_ROOT);
    result = run.result;
    for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  });

  it("scans every fixture without errors", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(result.errors).toEqual([]);
    expect(result.stats.files).toBeGreaterThanOrEqual(files.length);
  });

  it.each(files)("%s", (file) => {
    const text = readFileSync(path.join(DIR, file), "utf8");
    const eslint = lint(text, file).map((m) => key(m.ruleId, m.messageId, m.line, m.column, m.endLine, m.endColumn)).sort();
    const scan = (byFile.get(`fixtures/detect/${file}`) ?? []).map((f) => key(f.ruleId, f.messageId, f.line, f.column, f.endLine, f.endColumn)).sort();
    expect(scan).toEqual(eslint);
  });

  it("leaves prefer-managed-identity out unless --include-env", async () => {
    const plain = await scanJson(["fixtures/detect"], REPO_ROOT);
    const withEnv = result.findings.filter((f) => f.ruleId !== "keyless/prefer-managed-identity");
    expect(result.findings.some((f) => f.ruleId === "keyless/prefer-managed-identity")).toBe(true);
    expect(plain.result.findings).toEqual(withEnv);
  });
});
