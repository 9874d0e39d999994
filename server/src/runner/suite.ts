/**
 * Runs many specs one after another (specs are stateful: they share one
 * server). Used by the CLI and the Test Explorer alike.
 */
import { readFile } from "node:fs/promises";
import { parseSpec } from "../language/parser";
import type { SpecDocument } from "../language/syntaxTree";
import { summarize, type RunListener, type SpecResult, type SuiteSummary } from "./specResult";
import { filesOfShard, specName, tagSkipReason, type Shard, type TagFilter } from "./specFiles";
import { runSpec } from "./specRunner";
import type { RunSettings } from "./settings";
import type { Connector } from "./connectionContract";

export interface SuiteOptions {
  readonly settings: RunSettings;
  readonly tagFilter: TagFilter;
  readonly shard?: Shard;
  /** Stop after the first spec that fails. */
  readonly bail: boolean;
}

export interface SuiteOutcome {
  readonly results: readonly SpecResult[];
  readonly summary: SuiteSummary;
  /** Set when the run could not go on (e.g. the server is unreachable); one line. */
  readonly infrastructureError?: string;
}

export interface SpecSource {
  readonly file: string;
  /** Text to run instead of the file's content (unsaved editor buffers). */
  readonly text?: string;
}

function skippedResult(file: string, name: string, reason: string): SpecResult {
  return { spec: { file, name }, status: "skipped", durationMs: 0, steps: [], transcript: [], captures: {}, skipReason: reason };
}

function unreadableResult(file: string, message: string): SpecResult {
  const start = { line: 0, character: 0 };
  return {
    spec: { file, name: file },
    status: "error",
    durationMs: 0,
    failure: { kind: "parse", line: 1, client: "", action: "read", message, queued: [], range: { start, end: start } },
    steps: [],
    transcript: [],
    captures: {},
  };
}

export async function runSuite(
  sources: readonly (string | SpecSource)[],
  options: SuiteOptions,
  listener?: RunListener,
  signal?: AbortSignal,
  connector?: Connector,
): Promise<SuiteOutcome> {
  const started = performance.now();
  const all = sources.map((source) => (typeof source === "string" ? { file: source } : source));
  const selected = options.shard ? filesOfShard(all, options.shard) : all;
  const results: SpecResult[] = [];
  let infrastructureError: string | undefined;

  for (const source of selected) {
    if (signal?.aborted) break;
    let doc: SpecDocument;
    try {
      doc = parseSpec(source.text ?? (await readFile(source.file, "utf8")));
    } catch (error) {
      const result = unreadableResult(source.file, `cannot read ${source.file}: ${error instanceof Error ? error.message : String(error)}`);
      results.push(result);
      listener?.({ type: "spec-ended", result });
      infrastructureError ??= result.failure?.message;
      continue;
    }
    const name = specName(doc, source.file);
    const skipReason = tagSkipReason(doc, options.tagFilter);
    if (skipReason !== undefined) {
      const result = skippedResult(source.file, name, skipReason);
      results.push(result);
      listener?.({ type: "spec-ended", result });
      continue;
    }
    const outcome = await runSpec(doc, { file: source.file, name }, options.settings, listener, signal, connector);
    results.push(outcome.result);
    if (outcome.infrastructureError !== undefined) {
      // Every following spec would fail the same way; say it once and stop.
      infrastructureError = outcome.infrastructureError;
      break;
    }
    if (options.bail && outcome.result.status !== "passed") break;
  }
  return { results, summary: summarize(results, performance.now() - started), infrastructureError };
}
