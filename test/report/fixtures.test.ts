import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureCases, reportJson } from "./helpers.js";

/**
 * fixtures/report/<case>/: a small app and the report it must produce (`expected.json`, the JSON contract). The
 * folder is walked: a new case is a new folder. KEYLESS_UPDATE_FIXTURES=1 rewrites the expectations (review the diff).
 */
const cases = fixtureCases();
const update = process.env.KEYLESS_UPDATE_FIXTURES === "1";

describe("fixtures/report", () => {
  it("has the cases the issue asks for", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const actual = await reportJson(c.dir, c.args);
      const file = path.join(c.dir, "expected.json");
      if (update) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(file, "utf8")));
    });
  }
});
