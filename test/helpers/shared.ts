import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The read-only facts folder beside the repository (`../shared`), or KEYLESS_SHARED_DIR. */
export function sharedPath(...parts: string[]): string {
  const dir = process.env.KEYLESS_SHARED_DIR ?? path.resolve(REPO_ROOT, "../shared");
  const file = path.join(dir, ...parts);
  if (!existsSync(file)) throw new Error(`missing shared fact file ${file}: set KEYLESS_SHARED_DIR to the shared/ folder`);
  return file;
}

export function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as T);
}
