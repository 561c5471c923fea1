import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { setImmediate as yieldToEvents } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import type { FileScan, FileScanContext, ScanSettings } from "./file-scan.js";
import { scanFile } from "./file-scan.js";
import type { FileKind } from "./files.js";

export interface WorkItem {
  readonly file: string;
  readonly kind: FileKind;
  readonly text: string;
}

export interface WorkBatch {
  readonly id: number;
  readonly items: readonly WorkItem[];
}

export interface WorkerSetup {
  readonly scripts: readonly (readonly [string, string])[];
  readonly cwd: string;
  readonly includeEnv: boolean;
  readonly now: string | undefined;
}

interface WorkDone {
  readonly id: number;
  readonly outcomes: FileScan[];
}

/**
 * Below this much text (about 1,000 ordinary TypeScript files, 2-3 s of work for one thread) a run is nearly over
 * before a worker has loaded TypeScript (0.6 s).
 */
const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/**
 * On 2 logical cores (often two hyperthreads of one core, shared with other work) one extra worker measured
 * anywhere from 1.25 times faster to 1.7 times slower on 2,000 files, so keyless stays on one thread there.
 */
const MIN_CORES_FOR_WORKERS = 3;
const BATCH = 16;

const WORKER_URL = new URL("./worker.js", import.meta.url);

/** How many extra threads to use: `requested` when given (0 = none), else one per spare core on large runs. */
export function workerCount(requested: number | undefined, items: readonly WorkItem[]): number {
  // Running from the TypeScript sources (tests) there is no compiled worker to start.
  if (!existsSync(fileURLToPath(WORKER_URL))) return 0;
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  const cores = availableParallelism();
  const bytes = items.reduce((sum, item) => sum + item.text.length, 0);
  if (cores < MIN_CORES_FOR_WORKERS || bytes < WORKER_MIN_BYTES) return 0;
  return Math.min(cores - 1, 7);
}

/**
 * Scans `items` on the main thread and `workers` worker threads, pulling batches from one queue so fast and slow
 * threads balance. Results keep the order of `items`. A worker that fails hands its batch back to the queue.
 */
export async function scanInParallel(items: readonly WorkItem[], workers: number, ctx: FileScanContext, settings: ScanSettings, scripts: ReadonlyMap<string, string>): Promise<FileScan[]> {
  const results = new Array<FileScan>(items.length);
  const queue: WorkBatch[] = [];
  for (let i = 0; i < items.length; i += BATCH) queue.push({ id: i, items: items.slice(i, i + BATCH) });
  let pending = queue.length;
  let wake: (() => void) | undefined;
  const store = (done: WorkDone): void => {
    done.outcomes.forEach((outcome, k) => (results[done.id + k] = outcome));
    pending--;
    wake?.();
  };

  const setup: WorkerSetup = { scripts: [...scripts], cwd: settings.cwd, includeEnv: settings.includeEnv, now: settings.now?.toISOString() };
  const threads: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) {
    threads.push(
      new Promise<void>((resolve) => {
        const worker = new Worker(WORKER_URL, { workerData: setup });
        let current: WorkBatch | undefined;
        const next = (): void => {
          current = queue.shift();
          if (current) worker.postMessage(current);
          else void worker.terminate().then(() => {
            resolve();
          });
        };
        worker.on("online", next);
        worker.on("message", (done: WorkDone) => {
          store(done);
          next();
        });
        worker.on("error", () => {
          if (current) queue.unshift(current);
          current = undefined;
          wake?.();
          resolve();
        });
      }),
    );
  }

  // The main thread works the same queue, yielding between batches so workers get their next batch promptly,
  // then sleeps until the last batch is back.
  while (pending > 0) {
    const batch = queue.shift();
    if (batch) {
      store({ id: batch.id, outcomes: batch.items.map((item) => scanFile(item.file, item.kind, item.text, ctx)) });
      await yieldToEvents();
    } else {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  }
  await Promise.all(threads);
  return results;
}
