/**
 * Continuous runs (watch mode), the rules without `vscode`: which watched
 * specs a saved file sets running again, and the queue that runs what was saved in batches, one at a time.
 */
import * as path from "node:path";

/**
 * The watched specs to run again after `saved` was saved: the spec itself when
 * it is watched; every watched spec when it is the config of the server they
 * run against (the server reads it when the next run starts it).
 */
export function specsToRerun(saved: string, watchedSpecs: readonly string[], configFiles: readonly string[]): string[] {
  const file = path.resolve(saved);
  if (configFiles.some((config) => path.resolve(config) === file)) return [...watchedSpecs];
  return watchedSpecs.filter((spec) => path.resolve(spec) === file);
}

/**
 * Runs what saves asked for, one batch at a time: files saved while a batch
 * runs (or within `settleMs` of the first save, e.g. "Save All") go into the
 * next batch together, each file once. stop() drops what is waiting; the
 * batch already running is the caller's to cancel.
 */
export class RerunQueue {
  private readonly pending = new Set<string>();
  private draining: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly runBatch: (files: readonly string[]) => Promise<void>, private readonly settleMs = 0) {}

  add(files: readonly string[]): void {
    if (this.stopped || files.length === 0) return;
    for (const file of files) this.pending.add(file);
    this.draining ??= this.drain();
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  /** Resolves once nothing runs or waits (what a test awaits instead of sleeping). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && this.pending.size > 0) {
        if (this.settleMs > 0) await new Promise((resolve) => setTimeout(resolve, this.settleMs));
        if (this.stopped) return;
        const batch = [...this.pending];
        this.pending.clear();
        // A batch that failed is reported by the run itself; the next save still runs.
        await this.runBatch(batch).catch(() => undefined);
      }
    } finally {
      this.draining = undefined;
    }
  }
}
