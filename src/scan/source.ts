import { readFile, stat } from "node:fs/promises";
import type { ScanErrorReason } from "./types.js";

/** Files above this are listed under `errors` rather than read: minified bundles and data dumps, not config. */
export const MAX_BYTES = 1024 * 1024;

export type Loaded =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: ScanErrorReason; readonly message: string };

export function tooLarge(bytes?: number): Loaded {
  const size = bytes === undefined ? "" : ` (${(bytes / MAX_BYTES).toFixed(1)} MiB)`;
  return { ok: false, reason: "too-large", message: `larger than 1 MiB${size}: not scanned` };
}

/** Bytes to text: UTF-16 with a byte-order mark (Windows .config files), else UTF-8; anything else with a NUL byte is binary. */
export function decode(bytes: Uint8Array): Loaded {
  if (bytes.length > MAX_BYTES) return tooLarge(bytes.length);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder("utf-16le").decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder("utf-16be").decode(bytes.subarray(2)) };
  if (bytes.includes(0)) return { ok: false, reason: "binary", message: "binary file (contains NUL bytes): not scanned" };
  return { ok: true, text: new TextDecoder("utf-8").decode(bytes) };
}

/** A file from the working tree; never throws. */
export async function readWorkingFile(file: string): Promise<Loaded> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, reason: "unreadable", message: "not a regular file: not scanned" };
    if (info.size > MAX_BYTES) return tooLarge(info.size);
    return decode(await readFile(file));
  } catch (error) {
    return { ok: false, reason: "unreadable", message: `cannot be read: ${describeFsError(error)}` };
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file (or a broken symbolic link)";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of `items` in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
