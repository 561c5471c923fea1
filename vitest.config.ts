import { defineConfig } from "vitest/config";

// CI asks for a JSON report too, to print "N passed, N failed" (see .ci/run).
const json = process.env.KEYLESS_VITEST_JSON;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: json ? ["default", ["json", { outputFile: json }]] : ["default"],
  },
});
