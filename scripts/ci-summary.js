// Prints "N passed, N failed" from vitest's JSON reporter output (vitest's own summary has another shape).
import { existsSync, readFileSync } from "node:fs";

const [file, status] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  // The build, type-check or lint step failed before any test ran.
  console.log(`0 passed, 1 failed`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, "utf8"));
const passed = results.numPassedTests ?? 0;
const failed = (results.numFailedTests ?? 0) + (results.numTotalTestSuites > 0 && results.success === false && results.numFailedTests === 0 ? 1 : 0);
const skipped = results.numPendingTests ?? 0;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || status !== "0" || passed === 0 ? 1 : 0);
