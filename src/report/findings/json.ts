import type { ScanResult } from "../../scan/types.js";

/** `--format json`: the version 1 contract, as is. */
export function formatJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
