/**
 * Runner benchmarks against a throwaway Prosody: the 15 conformance specs in
 * one run, the runner's own overhead per step, what `receives: nothing`
 * costs (and whether the ping barrier alone would do), and memory over
 * 1,000 runs of the deregister spec. Targets are in docs/PERFORMANCE.md.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseSpec } from "@server/language/parser";
import { clearStanzaBlockCache } from "@server/language/blockCache";
import { isProsodyInstalled, startProsody, type ThrowawayProsody } from "@server/servers/prosody/throwawayProsody";
import { runSettingsAt } from "@server/session/runSession";
import { DEFAULT_RUN_SETTINGS } from "@server/runner/settings";
import { runSpec } from "@server/runner/specRunner";
import { runSuite } from "@server/runner/suite";
import { discoverSpecFiles } from "@server/runner/specFiles";
import { connectXmppStream } from "@server/runner/xmppConnector";
import type { Connector, ClientConnection } from "@server/runner/connectionContract";
import { collectGarbage, figure, percentile, skipped, type BenchFigure } from "./figures";
import { CONFORMANCE_DIRECTORY, REPOSITORY_ROOT } from "./specs";

const TARGET = { conformanceWallMs: 3000, memoryGrowthMb: 10 } as const;
const DEREGISTER_SPEC = join(REPOSITORY_ROOT, "testFixture", "specs", "muc_members_only_deregister.scs");
const CONFORMANCE_CONFIG = join(CONFORMANCE_DIRECTORY, "..", "prosody.cfg.lua");
const MEMORY_RUNS = 1000;
const MEMORY_WARM_UP = 50;
const NOTHING_TRIALS = 30;

/** Wraps the real connector and adds up the time spent inside connection calls (waiting for the server). */
function timedConnector(): { connector: Connector; waitedMs: () => number; reset: () => void } {
  let waited = 0;
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try { return await work(); } finally { waited += performance.now() - started; }
  };
  const connector: Connector = async (request) => {
    const connection = await timed(() => connectXmppStream(request));
    const wrapped: ClientConnection = {
      get fullJid() { return connection.fullJid; },
      get lostReason() { return connection.lostReason; },
      send: (stanza) => timed(() => connection.send(stanza)),
      nextStanza: (timeoutMs, signal) => timed(() => connection.nextStanza(timeoutMs, signal)),
      queued: () => connection.queued(),
      barrier: (timeoutMs, signal) => timed(() => connection.barrier(timeoutMs, signal)),
      close: () => timed(() => connection.close()),
      destroy: () => connection.destroy(),
    };
    return wrapped;
  };
  return { connector, waitedMs: () => waited, reset: () => { waited = 0; } };
}

async function conformanceFigures(): Promise<BenchFigure[]> {
  const name = "15 conformance specs, one scansion-run (spawn to exit)";
  if (!existsSync(CONFORMANCE_DIRECTORY)) return [skipped(name, "ms", TARGET.conformanceWallMs, "../shared is not present")];
  const server = await startProsody({ configPath: CONFORMANCE_CONFIG });
  try {
    const cli = join(REPOSITORY_ROOT, "dist", "cli.js");
    const started = performance.now();
    const exitCode = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [cli, "--host", server.host, "--port", String(server.c2sPort), "--reporter", "json", CONFORMANCE_DIRECTORY], { stdio: "ignore" })
        .on("exit", (code) => resolve(code));
    });
    const wall = performance.now() - started;
    return [figure(name, wall, "ms", TARGET.conformanceWallMs, `exit status ${exitCode}; includes Node start-up`)];
  } finally {
    await server.stop();
  }
}

/** The conformance run in-process, on a fresh server (specs leave state behind), split into waiting and overhead. */
async function overheadFigures(): Promise<BenchFigure[]> {
  if (!existsSync(CONFORMANCE_DIRECTORY)) return [skipped("runner overhead per step", "ms", undefined, "../shared is not present")];
  const server = await startProsody({ configPath: CONFORMANCE_CONFIG });
  try {
    const figures: BenchFigure[] = [];
    const timing = timedConnector();
    const overheads: number[] = [];
    const files = discoverSpecFiles([CONFORMANCE_DIRECTORY]);
    const suiteStarted = performance.now();
    let lastWaited = 0;
    const outcome = await runSuite(files, { settings: runSettingsAt(server), tagFilter: { onlyTags: [], skipTags: [] }, bail: false }, (event) => {
      if (event.type === "step-started") lastWaited = timing.waitedMs();
      if (event.type === "step-passed") overheads.push(event.durationMs - (timing.waitedMs() - lastWaited));
    }, undefined, timing.connector);
    const inProcess = performance.now() - suiteStarted;
    const passed = outcome.results.filter((r) => r.status === "passed").length;
    figures.push(figure("15 conformance specs in-process (runSuite)", inProcess, "ms", TARGET.conformanceWallMs, `${passed}/15 passed; ${overheads.length} steps`));
    figures.push(figure("runner overhead per step (median)", percentile(overheads, 50), "ms", undefined, "step duration minus time inside connection calls (connect, send, receive, ping, close)"));
    figures.push(figure("runner overhead per step (p95)", percentile(overheads, 95), "ms", undefined, "same"));
    figures.push(figure("runner overhead, whole conformance run", overheads.reduce((a, b) => a + b, 0), "ms", undefined, "sum over all steps"));
    return figures;
  } finally {
    await server.stop();
  }
}

const NOTHING_SPEC = (quietCheck: string) => `# receives: nothing probe
[Client] Romeo
	jid: romeo-quiet@localhost
	password: password
[Client] Juliet
	jid: juliet-quiet@localhost
	password: password
-----
Romeo connects
Juliet connects
${quietCheck}
`;

async function nothingFigures(server: ThrowawayProsody): Promise<BenchFigure[]> {
  // Cost: one `receives: nothing` on a quiet stream.
  const quiet = parseSpec(NOTHING_SPEC("Juliet receives: nothing"));
  const durations: number[] = [];
  for (let i = 0; i < NOTHING_TRIALS; i++) {
    const { result } = await runSpec(quiet, { file: "quiet", name: "quiet" }, runSettingsAt(server));
    durations.push(result.steps.at(-1)!.durationMs);
  }
  // Does the ping barrier alone (quiet period 1 ms) catch a stanza that another client's preceding send causes?
  const noisy = parseSpec(NOTHING_SPEC(`Romeo sends:\n\t<message to="\${Juliet's full JID}" type="chat"><body>hi</body></message>\n\nJuliet receives: nothing`));
  let caught = 0;
  for (let i = 0; i < NOTHING_TRIALS; i++) {
    const { result } = await runSpec(noisy, { file: "noisy", name: "noisy" }, runSettingsAt(server, { quietPeriodMs: 1 }));
    if (result.status === "failed") caught += 1;
  }
  return [
    figure("receives: nothing on a quiet stream (median)", percentile(durations, 50), "ms", DEFAULT_RUN_SETTINGS.quietPeriodMs + 20,
      `ping barrier + ${DEFAULT_RUN_SETTINGS.quietPeriodMs} ms quiet period; target = quiet period + 20 ms`),
    figure("ping barrier alone caught a message sent just before by another client", caught, "items", undefined,
      `${caught}/${NOTHING_TRIALS} trials with a 1 ms quiet period`),
  ];
}

async function memoryFigures(server: ThrowawayProsody): Promise<BenchFigure[]> {
  const text = readFileSync(DEREGISTER_SPEC, "utf8");
  // Runs differ in room and user names, which would fill the parser's bounded block memo;
  // it is emptied before each snapshot so the figure is the runner's own retention.
  const snapshotHeap = () => { clearStanzaBlockCache(); collectGarbage(); return process.memoryUsage(); };
  // Each run gets its own room and users: the server keeps state between runs.
  const specFor = (run: number) => parseSpec(text.replaceAll("room@", `room-${run}@`).replace("user@localhost", `user-${run}@localhost`).replace("user2@localhost", `user2-${run}@localhost`));
  let failures = 0;
  const runOnce = async (run: number) => {
    const { result } = await runSpec(specFor(run), { file: DEREGISTER_SPEC, name: "deregister" }, runSettingsAt(server));
    if (result.status !== "passed") failures += 1;
  };
  for (let run = 0; run < MEMORY_WARM_UP; run++) await runOnce(run);
  const before = snapshotHeap();
  const started = performance.now();
  for (let run = MEMORY_WARM_UP; run < MEMORY_WARM_UP + MEMORY_RUNS; run++) await runOnce(run);
  const elapsed = performance.now() - started;
  const after = snapshotHeap();
  const heapGrowth = (after.heapUsed - before.heapUsed) / 2 ** 20;
  const rssGrowth = (after.rss - before.rss) / 2 ** 20;
  return [
    figure(`heap growth over ${MEMORY_RUNS} runs of the deregister spec`, heapGrowth, "MB", TARGET.memoryGrowthMb,
      `after ${MEMORY_WARM_UP} warm-up runs, measured after a full GC; ${failures} of ${MEMORY_RUNS + MEMORY_WARM_UP} runs failed; ${(elapsed / MEMORY_RUNS).toFixed(1)} ms per run`),
    figure(`RSS growth over ${MEMORY_RUNS} runs of the deregister spec`, rssGrowth, "MB", undefined, "resident set, for information (the allocator keeps freed pages)"),
  ];
}

export async function benchmarks(): Promise<BenchFigure[]> {
  if (!isProsodyInstalled()) return [skipped("runner benchmarks", "ms", undefined, "Prosody is not installed (node scripts/ensure-prosody.mjs)")];
  const figures = [...(await conformanceFigures()), ...(await overheadFigures())];
  const server = await startProsody();
  try {
    figures.push(...(await nothingFigures(server)));
    figures.push(...(await memoryFigures(server)));
  } finally {
    await server.stop();
  }
  return figures;
}
