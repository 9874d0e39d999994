/**
 * `scansion-run --targets <file>`: every spec on every chosen target in one run
 * (session/matrixRun.ts), the pretty progress naming each result's target, and each target's
 * server announced as it starts.
 */
import { availableParallelism } from "node:os";
import { runMatrix } from "../session/matrixRun";
import { matrixTargetOf } from "../session/targetRuns";
import type { CliOptions } from "./arguments";
import type { PrettyReporter } from "./reporters/pretty";
import type { RunOutcome } from "./runReport";
import { readTargetsFile } from "./targetsFile";
import { announcement } from "./serverAnnouncement";

/** The run's outcome, or a one-line problem with the targets file. */
export async function runOnTargets(
  options: CliOptions, targetsFile: string, files: readonly string[], pretty: PrettyReporter | undefined, signal: AbortSignal,
): Promise<RunOutcome | string> {
  const entries = readTargetsFile(targetsFile, options.matrix.targetNames);
  if (typeof entries === "string") return entries;
  const say = (line: string) => (pretty ? process.stdout : process.stderr).write(`${line}\n`);
  const jobs = options.jobs ?? availableParallelism();
  say(`Running ${files.length} spec${files.length === 1 ? "" : "s"} on ${entries.length} target${entries.length === 1 ? "" : "s"} (${entries.map((entry) => entry.name).join(", ")}), ${jobs} at a time (--jobs).`);
  const targets = entries.map((entry) => matrixTargetOf(entry, options.settings));
  return runMatrix(targets, files, {
    tagFilter: { onlyTags: options.onlyTags, skipTags: options.skipTags },
    shard: options.shard,
    bail: options.bail,
    jobs,
    attempts: { retries: options.matrix.retries, repeat: options.matrix.repeat },
  }, pretty ? (_target, event) => pretty.onEvent(event) : undefined, signal, (target) => ({
    // The first server of each target; every spec then gets a fresh one started the same way.
    serverStarted: (server, start) => { if (start.first) say(`${target}: ${announcement(server)}; each spec runs on a fresh one`); },
  }));
}
