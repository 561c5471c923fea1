import { parentPort, workerData } from "node:worker_threads";
import { createContext, scanFile, type FileScan } from "./file-scan.js";
import type { WorkBatch, WorkerSetup } from "./parallel.js";

/** A scan worker: the run's TypeScript/JavaScript texts arrive once, then batches of files to scan. */
const setup = workerData as WorkerSetup;
const ctx = createContext(new Map(setup.scripts), { cwd: setup.cwd, includeEnv: setup.includeEnv, now: setup.now === undefined ? undefined : new Date(setup.now) });

parentPort?.on("message", (batch: WorkBatch) => {
  const outcomes: FileScan[] = batch.items.map((item) => scanFile(item.file, item.kind, item.text, ctx));
  parentPort?.postMessage({ id: batch.id, outcomes });
});
