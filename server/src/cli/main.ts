/**
 * `scansion-run`: runs specs headless, for CI and the terminal. The same
 * runner as the editor's Test Explorer; this file only turns flags into a
 * run and results into output and an exit status.
 */
import { COVERAGE_NEEDS_OWN_SERVER, parseCliArguments, USAGE, type CliOptions } from "./arguments";
import { cliRunTarget } from "./moduleTarget";
import { PrettyReporter } from "./reporters/pretty";
import { EXIT_PASSED, EXIT_USAGE_OR_INFRASTRUCTURE, loadExpectations, reportOutcome } from "./runReport";
import { runOnTargets } from "./targetsRun";
import { discoverSpecFiles, filesOfShard, SpecPathError } from "../runner/specFiles";
import { isServerStartError } from "../servers/serverStartError";
import { RunSession } from "../session/runSession";
import type { RunTarget } from "../session/runTarget";
import type { RunCoverage } from "../session/runCoverage";
import { writeRunCoverage } from "./coverageOutput";
import { announcement } from "./serverAnnouncement";

declare const SCANSION_VERSION: string | undefined;

export { EXIT_FAILED, EXIT_PASSED, EXIT_USAGE_OR_INFRASTRUCTURE } from "./runReport";

/** 128 + the signal's number, as shells report a process ended by it. */
const EXIT_ON_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

async function run(options: CliOptions): Promise<number> {
  let files: string[];
  try {
    files = discoverSpecFiles(options.paths);
  } catch (error) {
    if (error instanceof SpecPathError) {
      process.stderr.write(`scansion-run: ${error.message}\n`);
      return EXIT_USAGE_OR_INFRASTRUCTURE;
    }
    throw error;
  }
  if (files.length === 0) {
    process.stderr.write(`scansion-run: no .scs files found in ${options.paths.join(", ")}\n`);
    return EXIT_USAGE_OR_INFRASTRUCTURE;
  }

  // A machine-readable report without --output owns stdout; otherwise stdout shows progress.
  const progressToStdout = options.reporter === "pretty" || options.reporter === "github" || options.output !== undefined;
  const judgeResults = loadExpectations(options);
  if (typeof judgeResults === "string") {
    process.stderr.write(`scansion-run: ${judgeResults}\n`);
    return EXIT_USAGE_OR_INFRASTRUCTURE;
  }
  const pretty = new PrettyReporter({
    color: options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR),
    verbose: options.verbose,
    write: (text) => process.stdout.write(text),
  });

  const interrupt = new AbortController();
  let stoppedBy: keyof typeof EXIT_ON_SIGNAL = "SIGINT";
  const onSigint = () => { stoppedBy = "SIGINT"; interrupt.abort(); };
  const onSigterm = () => { stoppedBy = "SIGTERM"; interrupt.abort(); };
  process.once("SIGINT", onSigint);
  process.once("SIGTERM", onSigterm);
  let session: RunSession | undefined;
  try {
    if (options.matrix.targetsFile !== undefined) {
      const outcome = await runOnTargets(options, options.matrix.targetsFile, files, progressToStdout ? pretty : undefined, interrupt.signal);
      if (typeof outcome === "string") {
        process.stderr.write(`scansion-run: ${outcome}\n`);
        return EXIT_USAGE_OR_INFRASTRUCTURE;
      }
      return reportOutcome(options, outcome, judgeResults, pretty, progressToStdout, interrupt.signal.aborted ? EXIT_ON_SIGNAL[stoppedBy] : undefined);
    }
    const say = (line: string) => (progressToStdout ? process.stdout : process.stderr).write(`${line}\n`);
    const target: RunTarget | string = cliRunTarget(options, files);
    if (typeof target === "string") {
      process.stderr.write(`scansion-run: ${target} (see scansion-run --help)\n`);
      return EXIT_USAGE_OR_INFRASTRUCTURE;
    }
    if (options.coverage !== undefined && target.kind !== "prosody" && target.kind !== "prosody-module") {
      process.stderr.write(`scansion-run: ${COVERAGE_NEEDS_OWN_SERVER} (see scansion-run --help)\n`);
      return EXIT_USAGE_OR_INFRASTRUCTURE;
    }
    try {
      session = await RunSession.open(target, options.settings, { serverStarted: (server, start) => { if (start.first) say(announcement(server)); } }, interrupt.signal,
        { coverage: options.coverage !== undefined });
    } catch (error) {
      process.stderr.write(`scansion-run: ${interrupt.signal.aborted ? "interrupted while Prosody started" : startFailure(error)}\n`);
      return interrupt.signal.aborted ? EXIT_ON_SIGNAL[stoppedBy] : EXIT_USAGE_OR_INFRASTRUCTURE;
    }
    // Own servers: one per spec, so any number at once gives the sequential results. One shared server: sequential unless asked.
    const jobs = session.jobs(options.jobs);
    if (session.freshServerPerSpec) {
      say(`Each spec runs on a fresh Prosody started the same way, ${jobs} at a time (--jobs).`);
    } else if (jobs > 1) {
      process.stderr.write(`scansion-run: warning: --jobs ${jobs} runs specs at the same time on one server: they share its accounts (JIDs) and data, so results can differ from a sequential run (--prosody-config gives each spec its own server)\n`);
    }
    // One live progress line on a terminal; plain lines in CI and when stdout is a file or a pipe.
    if (progressToStdout && process.stdout.isTTY === true && !runsInCi(process.env)) {
      pretty.startProgress(options.shard ? filesOfShard(files, options.shard).length : files.length);
    }
    const outcome = await session.run(files, {
      tagFilter: { onlyTags: options.onlyTags, skipTags: options.skipTags },
      shard: options.shard,
      bail: options.bail,
      jobs,
      attempts: { retries: options.matrix.retries, repeat: options.matrix.repeat },
    }, progressToStdout ? (event) => pretty.onEvent(event) : undefined, interrupt.signal);

    pretty.endProgress();
    const status = reportOutcome(options, outcome, judgeResults, pretty, progressToStdout, interrupt.signal.aborted ? EXIT_ON_SIGNAL[stoppedBy] : undefined);
    if (session.coverage && options.coverage !== undefined) {
      const written = await writeCoverage(session.coverage, options.coverage, interrupt.signal.aborted, progressToStdout);
      if (!written && !interrupt.signal.aborted) return EXIT_USAGE_OR_INFRASTRUCTURE;
    }
    return status;
  } finally {
    pretty.endProgress();
    await session?.close();
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
  }
}

/** Writes --coverage's LCOV file and says so; false when it could not be written. */
async function writeCoverage(coverage: RunCoverage, file: string, interrupted: boolean, progressToStdout: boolean): Promise<boolean> {
  try {
    for (const line of await writeRunCoverage(coverage, file, interrupted)) {
      (line.startsWith("scansion-run:") || !progressToStdout ? process.stderr : process.stdout).write(`${line}\n`);
    }
    return true;
  } catch (error) {
    process.stderr.write(`scansion-run: cannot write the coverage to ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

/** One line: a server that did not start says why and where its log is; otherwise, why nothing could be started. */
function startFailure(error: unknown): string {
  if (isServerStartError(error)) return error.message;
  return `Prosody could not be started: ${error instanceof Error ? error.message : String(error)}`;
}

/** CI=true (or any value but "false" and "0"), as CI services set it. */
function runsInCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCliArguments(argv);
  switch (command.kind) {
    case "help":
      process.stdout.write(USAGE + "\n");
      return EXIT_PASSED;
    case "version":
      process.stdout.write(`${typeof SCANSION_VERSION === "string" ? SCANSION_VERSION : "development"}\n`);
      return EXIT_PASSED;
    case "usage-error":
      process.stderr.write(`scansion-run: ${command.message} (see scansion-run --help)\n`);
      return EXIT_USAGE_OR_INFRASTRUCTURE;
    case "run":
      return run(command.options);
    case "check":
      return (await import("./check")).runCheck(command.options);
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    // A bug of ours: still one line, but with enough to report it.
    process.stderr.write(`scansion-run: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_USAGE_OR_INFRASTRUCTURE;
  },
);
