import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint } from "../helpers/lint.js";
import { scanJson, storageConnectionString, tempDir, writeFiles } from "../cli/run.js";

/**
 * eslint-disable comments naming keyless rules (or no rule) are honoured by scan exactly as ESLint honours them:
 * each case is checked against ESLint with keyless.configs.recommended, and against the lines that must be reported.
 */
const cs = (): string => `"${storageConnectionString()}"`;
const CS_RULE = "keyless/no-hardcoded-connection-string";

const cases: Record<string, { text: () => string; reported: number[] }> = {
  "next-line.ts": {
    text: () => `// eslint-disable-next-line ${CS_RULE} -- test data\nexport const a = ${cs()};\nexport const b = ${cs()};\n`,
    reported: [3],
  },
  "same-line.ts": {
    text: () => `export const a = ${cs()}; // eslint-disable-line ${CS_RULE}\nexport const b = ${cs()}; /* eslint-disable-line */\nexport const c = ${cs()};\n`,
    reported: [3],
  },
  "block.ts": {
    text: () => `/* eslint-disable */\nexport const a = ${cs()};\n/* eslint-enable */\nexport const b = ${cs()};\n`,
    reported: [4],
  },
  "block-named.ts": {
    text: () => `/* eslint-disable keyless/no-hardcoded-secret, ${CS_RULE} */\nexport const a = ${cs()};\n/* eslint-enable ${CS_RULE} */\nexport const b = ${cs()};\n`,
    reported: [4],
  },
  "other-rule.ts": {
    text: () => `// eslint-disable-next-line no-console\nexport const a = ${cs()};\n/* eslint-disable keyless/no-hardcoded-secret */\nexport const b = ${cs()};\n`,
    reported: [2, 4],
  },
  "line-comment-block-directive.ts": {
    // ESLint reads eslint-disable only in block comments; a line comment does nothing.
    text: () => `// eslint-disable\nexport const a = ${cs()};\n`,
    reported: [2],
  },
  "multi-line-disable-line.ts": {
    text: () => `export const a = ${cs()}; /* eslint-disable-line\n */\n`,
    reported: [1],
  },
  "in-string.ts": {
    text: () => `export const note = "// eslint-disable-next-line";\nexport const a = ${cs()};\n`,
    reported: [2],
  },
};

describe("eslint-disable directives", () => {
  const tmp = tempDir("directives");
  const texts = new Map<string, string>();
  const reported = new Map<string, number[]>();
  beforeAll(async () => {
    for (const [name, c] of Object.entries(cases)) texts.set(name, c.text());
    await writeFiles(tmp.dir, Object.fromEntries(texts));
    const { result } = await scanJson([], tmp.dir);
    for (const f of result.findings) reported.set(f.file, [...(reported.get(f.file) ?? []), f.line]);
  });
  afterAll(() => {
    tmp.remove();
  });

  it.each(Object.keys(cases))("%s", (name) => {
    const lines = reported.get(name) ?? [];
    expect(lines).toEqual(cases[name]?.reported);
    const eslint = lint(texts.get(name) ?? "", name)
      .filter((m) => m.ruleId?.startsWith("keyless/"))
      .map((m) => m.line);
    expect(lines).toEqual(eslint);
  });
});
