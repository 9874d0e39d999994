/**
 * The coverage of one run (a RunSession opened with `coverage`): each spec's server's lines (each spec has a server of its own, so the
 * attribution is exact), a baseline server that only started and stopped (start-up, to leave out
 * of a spec's own view), and what was lost. Everything is awaited before a report is made.
 */
import { executableLines } from "../servers/prosody/coverage/executableLines";
import { beyondBaseline, fileCoverages, mergeHits, type FileCoverage, type LineHits } from "../servers/prosody/coverage/lineCoverage";
import type { ServerCoverage } from "../servers/prosody/coverage/collector";

export interface LostCoverage {
  /** The spec whose server it was, or "start-up" for the baseline server. */
  readonly spec: string;
  readonly reason: string;
}

export class RunCoverage {
  readonly #pending: Promise<void>[] = [];
  readonly #bySpec = new Map<string, LineHits>();
  readonly #lost: LostCoverage[] = [];
  #baseline: LineHits | undefined;

  /** The lines of the server `spec` ran on, once it has stopped. */
  expect(spec: string, coverage: Promise<ServerCoverage>): void {
    this.#pending.push(coverage.then((outcome) => {
      if (outcome.kind === "lost") this.#lost.push({ spec, reason: outcome.reason });
      else this.#bySpec.set(spec, mergeHits(this.#bySpec.get(spec) ?? new Map(), outcome.hits));
    }));
  }

  /** The lines of a server that only started and stopped. */
  expectBaseline(coverage: Promise<ServerCoverage>): void {
    this.#pending.push(coverage.then((outcome) => {
      if (outcome.kind === "lost") this.#lost.push({ spec: "start-up", reason: outcome.reason });
      else this.#baseline = outcome.hits;
    }));
  }

  /** Resolves once every server expected so far has been read. */
  async settled(): Promise<void> {
    for (let count = 0; count < this.#pending.length; count = this.#pending.length) await Promise.all(this.#pending);
  }

  get lost(): readonly LostCoverage[] {
    return this.#lost;
  }

  get specs(): readonly string[] {
    return [...this.#bySpec.keys()].sort();
  }

  /** Every spec's lines together (the baseline's are in each of them). */
  merged(): LineHits {
    const all: LineHits = new Map();
    for (const hits of this.#bySpec.values()) mergeHits(all, hits);
    return all;
  }

  /** Everything the server of `spec` ran, start-up included. */
  hitsOf(spec: string): LineHits {
    return this.#bySpec.get(spec) ?? new Map();
  }

  /** What `spec` ran beyond start-up; everything it ran when there is no baseline. */
  ownLines(spec: string): LineHits {
    const hits = this.#bySpec.get(spec) ?? new Map();
    return this.#baseline ? beyondBaseline(hits, this.#baseline) : hits;
  }
}

/** Every file run, with its executable lines (luac) and 0 for those never run. */
export async function coverageReport(hits: LineHits): Promise<FileCoverage[]> {
  return fileCoverages(hits, await executableLines([...hits.keys()]));
}
