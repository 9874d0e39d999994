/**
 * One run against one target, for every front end (CLI, Test Explorer, bench, scripts, tests):
 * the session starts the target's first server and announces it, decides where clients connect
 * (the one place a run's host and port are set), gives each spec a fresh server when the target
 * asks for it (the first spec takes the first server), runs the specs (runner/suite.ts), and
 * stops every server it started exactly once: after its spec, or at close(), whatever happened.
 *
 * A run over several targets opens one session per target; see docs/ARCHITECTURE.md.
 */
import { availableParallelism } from "node:os";
import { jobsFor, runSuite, type SpecServerLease, type SpecSource, type SpecToServe, type SuiteOutcome } from "../runner/suite";
import type { AttemptPlan } from "../runner/attempts";
import type { JobPool } from "../runner/jobPool";
import { specAccounts } from "../runner/specAccounts";
import { DEFAULT_RUN_SETTINGS, type RunSettings } from "../runner/settings";
import type { RunListener } from "../runner/specResult";
import type { Shard, TagFilter } from "../runner/specFiles";
import type { ClientAddress, RunTarget } from "./runTarget";
import type { ServerHandle } from "./serverHandle";
import { serversFor, type TargetServers } from "./targetKinds";
import { readTextOrEmpty } from "../servers/serverProcess";
import { RunCoverage } from "./runCoverage";

export interface SessionEvents {
  /** A server of the run is ready: the first one (front ends announce it), or a spec's own. */
  readonly serverStarted?: (server: ServerHandle, start: { readonly first: boolean; readonly durationMs: number }) => void;
  /** The first server's output as it is written (Prosody's log; a start command's output, also while it stops). */
  readonly serverOutput?: (text: string) => void;
  /** A server of the run has stopped (once for each). */
  readonly serverStopped?: (server: ServerHandle) => void;
}

export interface SessionRunOptions {
  readonly tagFilter: TagFilter;
  readonly shard?: Shard | undefined;
  /** Stop after the first spec that fails. */
  readonly bail: boolean;
  /** How many specs run at once (jobs()). */
  readonly jobs: number;
  /** Retries of a failed spec, repeats (runner/attempts.ts); default: once. */
  readonly attempts?: AttemptPlan | undefined;
  /** Slots shared with the other sessions of a run over several targets (matrixRun.ts). */
  readonly pool?: JobPool | undefined;
}

export interface SessionOptions {
  /**
   * Count the Lua lines of every Prosody the run starts (a Prosody target only): `coverage` then
   * gathers them per spec, and the first server only starts and stops, for the start-up lines.
   */
  readonly coverage?: boolean;
}

export class RunSession {
  readonly #servers: TargetServers;
  readonly #settings: RunSettings;
  readonly #events: SessionEvents;
  /** Servers started and not yet asked to stop. */
  readonly #live = new Set<ServerHandle>();
  readonly #stops = new Map<ServerHandle, Promise<void>>();
  /** The first server until a spec takes it. */
  #unusedFirst: ServerHandle | undefined;
  #closed = false;
  /** With SessionOptions.coverage: the lines each spec's server ran, and the start-up baseline. */
  readonly coverage: RunCoverage | undefined;

  private constructor(servers: TargetServers, settings: RunSettings, events: SessionEvents, readonly firstServer: ServerHandle | undefined, coverage: boolean) {
    this.#servers = servers;
    this.#settings = settings;
    this.#events = events;
    this.#unusedFirst = firstServer;
    if (firstServer) this.#live.add(firstServer);
    if (coverage && firstServer?.coverage) {
      // The first server is no spec's: its lines are start-up, which a spec's own view leaves out.
      this.coverage = new RunCoverage();
      this.coverage.expectBaseline(firstServer.coverage);
      this.#unusedFirst = undefined;
      void this.#stop(firstServer);
    }
  }

  /**
   * Starts the target's first server (none for a server someone else runs) and announces it.
   * Rejects with a ServerStartError (one line, and the log file when there is one), or an Error
   * when nothing could be started (no such config or executable); nothing is left running then.
   */
  static async open(
    target: RunTarget, settings: RunSettings, events: SessionEvents = {}, signal: AbortSignal = new AbortController().signal, options: SessionOptions = {},
  ): Promise<RunSession> {
    if (options.coverage && target.kind !== "prosody" && target.kind !== "prosody-module") {
      throw new Error("coverage needs a server the run starts (a Prosody target): the Lua lines of a server someone else runs cannot be counted");
    }
    const servers = serversFor(target, options.coverage === true);
    const started = performance.now();
    const first = await servers.startFirst({ signal, onOutput: events.serverOutput });
    const session = new RunSession(servers, settings, events, first, options.coverage === true);
    if (first) events.serverStarted?.(first, { first: true, durationMs: performance.now() - started });
    return session;
  }

  /** Whether each spec runs on a fresh server of its own (then any number at once gives the sequential run's results). */
  get freshServerPerSpec(): boolean {
    return this.#servers.startForSpec !== undefined;
  }

  /** The settings of a run on the shared server: the first server's address, else the target's. */
  get settings(): RunSettings {
    return this.#settingsOn(this.firstServer);
  }

  /** How many specs run at once: as requested, else every CPU with a fresh server per spec, else one. */
  jobs(requested: number | undefined, cpus = availableParallelism()): number {
    return jobsFor(requested, this.freshServerPerSpec, cpus);
  }

  /** Runs the specs; every spec's own server is stopped by the time this settles. */
  run(specs: readonly (string | SpecSource)[], options: SessionRunOptions, listener?: RunListener, signal?: AbortSignal): Promise<SuiteOutcome> {
    return runSuite(specs, {
      settings: this.settings,
      tagFilter: options.tagFilter,
      ...(options.shard ? { shard: options.shard } : {}),
      bail: options.bail,
      jobs: options.jobs,
      ...(options.attempts ? { attempts: options.attempts } : {}),
      ...(options.pool ? { pool: options.pool } : {}),
      ...(this.freshServerPerSpec ? { serverPerSpec: (specSignal: AbortSignal, spec: SpecToServe) => this.#serverForSpec(specSignal, spec) } : {}),
    }, listener, signal);
  }

  /** Stops every server still running (idempotent); resolves once all have stopped. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unusedFirst = undefined;
    for (const server of this.#live) void this.#stop(server);
    await Promise.all(this.#stops.values());
  }

  /** Where `server` listens when it chose that, else where the target says. */
  #settingsOn(server: ServerHandle | undefined): RunSettings {
    const settings = settingsAt(server?.address ?? this.#servers.address, this.#settings);
    return server?.trustsOwnCertificate ? { ...settings, acceptSelfSignedCertificate: true } : settings;
  }

  async #serverForSpec(signal: AbortSignal, spec: SpecToServe): Promise<SpecServerLease> {
    let server = this.#unusedFirst;
    this.#unusedFirst = undefined;
    if (!server) {
      const started = performance.now();
      server = await this.#servers.startForSpec!({ signal });
      this.#live.add(server);
      this.#events.serverStarted?.(server, { first: false, durationMs: performance.now() - started });
      if (this.#closed) {
        await this.#stop(server);
        throw new Error("the run is over");
      }
    }
    const taken = server;
    if (taken.prepareFor) {
      try {
        await taken.prepareFor(specAccounts(spec.document));
      } catch (error) {
        await this.#stop(taken);
        throw error;
      }
    }
    if (taken.coverage) this.coverage?.expect(spec.file, taken.coverage);
    const logFile = taken.logFile;
    return { settings: this.#settingsOn(taken), release: () => this.#stop(taken), ...(logFile !== undefined ? { readLog: () => keptLog(logFile) } : {}) };
  }

  #stop(server: ServerHandle): Promise<void> {
    let stopping = this.#stops.get(server);
    if (!stopping) {
      this.#live.delete(server);
      stopping = server.stop().then(() => this.#events.serverStopped?.(server));
      this.#stops.set(server, stopping);
    }
    return stopping;
  }
}

/** Opens a session, lets `use` run specs in it, and closes it whatever happens. */
export async function withRunSession<T>(
  target: RunTarget, settings: RunSettings, events: SessionEvents, signal: AbortSignal | undefined, use: (session: RunSession) => Promise<T>, options: SessionOptions = {},
): Promise<T> {
  const session = await RunSession.open(target, settings, events, signal, options);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/** The one place a run's host and port are set: `address`, and each client's own for what it leaves out. */
function settingsAt(address: ClientAddress, settings: RunSettings): RunSettings {
  const { host: _host, port: _port, ...rest } = settings;
  return { ...rest, ...(address.host !== undefined ? { host: address.host } : {}), ...(address.port !== undefined ? { port: address.port } : {}) };
}

/** Default settings with every client sent to a throwaway server a test or the bench started itself to run specs on directly. */
export function runSettingsAt(server: { readonly host: string; readonly c2sPort: number }, overrides: Partial<Omit<RunSettings, "host" | "port">> = {}): RunSettings {
  return settingsAt({ host: server.host, port: server.c2sPort }, { ...DEFAULT_RUN_SETTINGS, ...overrides });
}

/** A failed spec's report keeps this much of its server's log: the end, where the failure is. */
const KEPT_LOG_LINES = 2000;

function keptLog(file: string): string | undefined {
  const lines = readTextOrEmpty(file).split("\n");
  if (lines.length === 1 && lines[0] === "") return undefined;
  return lines.length <= KEPT_LOG_LINES ? lines.join("\n") : [`… (${lines.length - KEPT_LOG_LINES} earlier lines left out)`, ...lines.slice(-KEPT_LOG_LINES)].join("\n");
}
