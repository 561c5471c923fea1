import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileKind } from "../../src/scan/files.js";
import { REPO_ROOT } from "../helpers/shared.js";

/** The pre-commit hook passes file names to `keyless scan`: its filter must select the files keyless reads. */
const hooks = readFileSync(path.join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8");
const field = (name: string): string => new RegExp(`^\\s+${name}: (.+)$`, "mu").exec(hooks)?.[1]?.trim() ?? "";

describe(".pre-commit-hooks.yaml", () => {
  it("declares a node hook running keyless scan on the files passed", () => {
    expect(hooks).toMatch(/^- id: keyless$/mu);
    expect(field("entry")).toBe("keyless scan");
    expect(field("language")).toBe("node");
    expect(field("pass_filenames")).toBe("true");
  });

  it("selects exactly the files keyless scans", () => {
    const files = new RegExp(field("files").replace(/^'|'$/gu, ""), "u");
    const names = [
      "src/a.ts", "src/b.tsx", "lib/c.mjs", "lib/d.cjs", "e.jsx", "f.mts", "g.cts", "types.d.ts",
      "appsettings.json", "appsettings.Production.json", "local.settings.json", "tsconfig.jsonc",
      ".env", "config/.env.local", "prod.env", ".envrc", "values.yaml", "ci.yml", "pyproject.toml", "app.ini", "setup.cfg",
      "nginx.conf", "pom.xml", "web.config", "application.properties", "main.tf", "prod.tfvars", "main.bicep", "main.bicepparam",
      "deploy.sh", "run.bash", "rc.zsh",
      "README.md", "logo.png", "Dockerfile", "env.txt", "notes.txt", "Makefile", "environment.md",
    ];
    for (const name of names) expect(files.test(name), name).toBe(fileKind(name) !== undefined);
  });
});
