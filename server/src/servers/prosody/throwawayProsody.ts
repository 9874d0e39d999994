// A throwaway Prosody from a config file, used unchanged: for `scansion-run --prosody-config`,
// the extension's Prosody target, the tests, the demo, the benchmark and the conformance run.
// A generated wrapper config in a scratch folder sets loopback interfaces, free ports (client
// and HTTP; no s2s, components or HTTPS) and the data path, then `Include`s the real config.
// Readiness = a pid file AND the client port answers a stream header; then the listeners are
// checked to be on loopback only. Stop = SIGTERM to the process group (serverProcess.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isLoopbackAddress } from "../../network/loopback";
import { listeningAddresses } from "../listeningSockets";
import { followFile } from "../logFollower";
import { defaultProsodyFor, describeProsody, findExecutable, PROSODY_INSTALL_HINT, type ProsodyExecutable } from "./prosodyInstall";
import { answersXmpp, describeExit, logTail, onForcedExit, readPid, readTextOrEmpty, ServerProcess, waitUntilReady, type ThrowawayServer } from "../serverProcess";
import { serviceAccount } from "../serviceAccount";
import { wrapperConfig } from "./wrapperConfig";
import { collectorEnvironment, collectorFile, HITS_FILE_NAME, readServerCoverage, type ServerCoverage } from "./coverage/collector";

import { freeLoopbackPorts } from "../freePorts";

export { freeLoopbackPort, freeLoopbackPorts } from "../freePorts";
export { PROSODY_INSTALL_HINT } from "./prosodyInstall";

const LOOPBACK = "127.0.0.1";
const LOG_LINES_IN_ERRORS = 12;

export interface StartProsodyOptions {
  /** Config to run, unchanged (absolute or relative to the current directory); default: the project's testFixture/prosody/prosody.cfg.lua. */
  readonly configPath?: string;
  /** The `prosody` launcher; default: `./prosody` of the built source tree the config lies in, else `prosody` on PATH. */
  readonly executable?: string;
  /** Give up when the server is not ready within this time. Default 10 000 ms. */
  readonly startTimeoutMs?: number;
  /** stop() sends SIGKILL when SIGTERM has not ended the server within this time. Default 5 000 ms. */
  readonly stopTimeoutMs?: number;
  /** Extra environment for the server (SCS_C2S_PORT, SCS_HTTP_PORT, SCS_PROSODY_LOG and PROSODY_LOGFILE are always set). */
  readonly env?: Readonly<Record<string, string>>;
  /** Aborting it while the server starts stops it and rejects. */
  readonly signal?: AbortSignal;
  /** Receives the server's log as it is written, until it has stopped (its console output while the log is empty). */
  readonly onLog?: (text: string) => void;
  /** Folders where Prosody looks for modules before its own (`plugin_paths`, set by the wrapper). */
  readonly pluginPaths?: readonly string[];
  /** Modules (names without `mod_`) the start fails without: one that did not load fails it with Prosody's own error line. */
  readonly requiredModules?: readonly string[];
  /** A generated config: written into the server's scratch folder as prosody.cfg.lua and run (instead of configPath). */
  readonly configText?: string;
  /**
   * Count the Lua lines the server runs (coverage/collector.ts): stop() then ends it with SIGTERM
   * and reads the counts before the scratch folder goes (`coverage`). Without it nothing is injected.
   */
  readonly collectCoverage?: boolean;
}

export interface ThrowawayProsody extends ThrowawayServer {
  /** Prosody's log (PROSODY_LOGFILE / SCS_PROSODY_LOG, and the wrapper's default `log`). */
  readonly logFile: string;
  /** What Prosody wrote to stdout and stderr. */
  readonly consoleFile: string;
  /** The config as given (absolute). */
  readonly configPath: string;
  /** The launcher started. */
  readonly executable: string;
  /** "13.0.1", "0.12.3", … or "unknown". */
  readonly version: string;
  /** With collectCoverage: the lines it ran, settled once stop() has ended it. */
  readonly coverage: Promise<ServerCoverage> | undefined;
}

/** Start failure; the process is ended, the folder (and its log) kept for inspection. */
export class ProsodyStartError extends Error {
  override readonly name = "ProsodyStartError";
  constructor(
    message: string,
    /** One line: why, and where the log is. */
    readonly summary: string,
    readonly logFile: string,
    readonly directory: string,
    /** Prosody's pid, when it had written one. */
    readonly pid: number | undefined,
  ) {
    super(message);
  }
}

/** Path of the `prosody` executable on PATH, if there is one. */
export function findProsody(): string | undefined {
  return findExecutable("prosody");
}

export function isProsodyInstalled(): boolean {
  return findProsody() !== undefined;
}

/** The project's own server config (testFixture/prosody/prosody.cfg.lua), found from this module upwards. */
export function projectProsodyConfig(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "testFixture", "prosody", "prosody.cfg.lua");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`testFixture/prosody/prosody.cfg.lua not found above ${__dirname}`);
  }
}

/** Which Prosody a start with these options runs, or a one-line reason why there is none. */
export function resolveProsody(configPath: string, executable?: string): ProsodyExecutable | string {
  const launcher = executable ?? defaultProsodyFor(configPath);
  if (launcher === undefined) return PROSODY_INSTALL_HINT;
  const described = describeProsody(launcher);
  return described ?? `the Prosody executable ${launcher} does not exist or is not executable`;
}

export async function startProsody(options: StartProsodyOptions = {}): Promise<ThrowawayProsody> {
  const givenConfig = options.configText === undefined ? path.resolve(options.configPath ?? projectProsodyConfig()) : undefined;
  if (givenConfig !== undefined && !fs.existsSync(givenConfig)) throw new Error(`Prosody config not found: ${givenConfig}`);
  const prosody = resolveProsody(givenConfig ?? os.tmpdir(), options.executable);
  if (typeof prosody === "string") throw new Error(prosody);
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;

  // A missing or unreadable collector would make Lua refuse to start: checked here, said in one line.
  const collector = options.collectCoverage ? collectorFile() : undefined;
  if (options.collectCoverage && collector === undefined) throw new Error(`coverage needs coverage-collector.lua beside ${__dirname}, and it is missing or unreadable`);
  const [c2sPort, httpPort] = await freeLoopbackPorts(2) as [number, number];
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-prosody-"));
  const configPath = givenConfig ?? path.join(directory, "prosody.cfg.lua");
  if (options.configText !== undefined) fs.writeFileSync(configPath, options.configText);
  const pluginPaths = (options.pluginPaths ?? []).map((folder) => path.resolve(folder));
  const logFile = path.join(directory, "prosody.log");
  const consoleFile = path.join(directory, "prosody.console.log");
  const wrapperFile = path.join(directory, "wrapper.cfg.lua");
  // As root, run as the `prosody` account (Prosody complains about root) when it can read what it needs.
  const hitsFile = path.join(directory, HITS_FILE_NAME);
  const owner = serviceAccount([configPath, prosody.path, ...pluginPaths, ...(collector ? [collector] : [])]);
  const runAsRoot = owner === undefined && process.getuid?.() === 0;
  fs.writeFileSync(wrapperFile, wrapperConfig({ configPath, directory, c2sPort, httpPort, logFile, host: LOOPBACK, runAsRoot, pluginPaths }));
  fs.writeFileSync(logFile, "");
  fs.writeFileSync(consoleFile, "");
  if (owner) {
    fs.chownSync(directory, owner.uid, owner.gid);
    fs.chownSync(logFile, owner.uid, owner.gid);
    fs.chownSync(consoleFile, owner.uid, owner.gid);
  }
  const onLog = options.onLog;
  // The log file, and the console only while the log file is empty (a config that logs to the
  // console alone, or a start that fails before the log opens): 13's spec config logs to both.
  let logStarted = false;
  const followers = onLog ? [
    followFile(logFile, (text) => { logStarted = true; onLog(text); }),
    followFile(consoleFile, (text) => { if (!logStarted) onLog(text); }),
  ] : [];
  const stopFollowing = () => { for (const follower of followers) follower.close(); };
  const runuser = owner ? findExecutable("runuser") : undefined;
  const prosodyArgs = [...(prosody.interpreter ? [prosody.interpreter] : []), prosody.path, "--config", wrapperFile, "-F"];
  const [command, args] = owner && runuser ? [runuser, ["-u", owner.name, "--", ...prosodyArgs]] : [prosodyArgs[0]!, prosodyArgs.slice(1)];
  const server = ServerProcess.start({
    command, args,
    cwd: prosody.cwd ?? directory,
    env: {
      ...process.env, ...options.env, ...(collector ? collectorEnvironment(collector, hitsFile) : {}),
      SCS_C2S_PORT: String(c2sPort), SCS_HTTP_PORT: String(httpPort), SCS_PROSODY_LOG: logFile, PROSODY_LOGFILE: logFile,
    },
    output: { file: consoleFile, ...(owner ? { owner } : {}) },
  });
  onForcedExit(server, () => fs.rmSync(directory, { recursive: true, force: true }));
  server.gentleOnHandledSignal = collector !== undefined;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const described = `Prosody ${prosody.version} (${prosody.path}, config ${configPath})`;

  let pid: number | undefined;
  const fail = async (reason: string): Promise<never> => {
    await server.stop(stopTimeoutMs);
    stopFollowing();
    // A config that does not load ends before any log is opened: its error is on the console.
    const log = readTextOrEmpty(logFile).trim() === "" ? consoleFile : logFile;
    const summary = `${described} ${reason}; log: ${log}`;
    throw new ProsodyStartError(`${summary}\n${logTail([logFile, consoleFile], LOG_LINES_IN_ERRORS)}`, summary, log, directory, pid);
  };
  const where = `${LOOPBACK}:${c2sPort}`;
  const outcome = await waitUntilReady(server, async (deadline) => {
    pid ??= readPidFile(directory);
    server.mainPid = pid;
    return pid !== undefined && answersXmpp(LOOPBACK, c2sPort, deadline);
  }, { timeoutMs: startTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  if (outcome === "exited") return fail(`${describeExit(server.exit!)} before it was ready`);
  if (outcome === "aborted") {
    // Nothing to inspect: the caller gave up on it.
    await fail("was stopped: the run was cancelled while it started").catch((error: unknown) => {
      fs.rmSync(directory, { recursive: true, force: true });
      throw error;
    });
  }
  if (outcome === "timeout") {
    const missing = pid === undefined ? `no pid file in ${directory}` : `nothing answers XMPP on ${where}`;
    return fail(`was not ready after ${startTimeoutMs} ms: ${missing}`);
  }
  if (readTextOrEmpty(logFile).includes("Failed to open server port")) return fail(`could not open its ports (c2s ${where}, http ${httpPort})`);
  // Prosody loads every host's modules before its loop answers a client: their errors are in the log by now.
  const loadError = moduleLoadError(readTextOrEmpty(logFile), options.requiredModules ?? []);
  if (loadError !== undefined) return fail(`did not load ${loadError}`);
  const exposed = (listeningAddresses([pid!]) ?? []).filter((listener) => !isLoopbackAddress(listener.address));
  if (exposed.length > 0) {
    const list = exposed.map((listener) => `${listener.address}:${listener.port}`).join(", ");
    return fail(`listened beyond loopback (${list}): the config sets its own interfaces or ports, so it was stopped`);
  }
  let stopping: Promise<void> | undefined;
  let collected: ((coverage: ServerCoverage) => void) | undefined;
  const coverage = collector ? new Promise<ServerCoverage>((resolve) => { collected = resolve; }) : undefined;
  return {
    host: LOOPBACK, c2sPort, httpPort, pid: pid!, directory, logFile, consoleFile, configPath,
    executable: prosody.path, version: prosody.version, coverage,
    stop: () => {
      stopping ??= server.stop(stopTimeoutMs).then(() => {
        stopFollowing();
        const ending = server.exit ? describeExit(server.exit) : "ended";
        collected?.(readServerCoverage(hitsFile, { cwd: prosody.cwd ?? directory, scratch: directory, configPath }, ending));
        fs.rmSync(directory, { recursive: true, force: true });
      });
      return stopping;
    },
  };
}

/**
 * Prosody's own line for a required module that did not load ("Unable to load module 'x': …",
 * "Error initializing module 'x' on 'host': …", 0.12 and 13), as `mod_x: <line>`; undefined: all loaded.
 */
export function moduleLoadError(log: string, modules: readonly string[]): string | undefined {
  for (const line of log.split("\n")) {
    const failed = /(?:Unable to load|Error initializing) module '([^']+)'/.exec(line)?.[1];
    if (failed !== undefined && modules.includes(failed)) return `mod_${failed}: ${line.replace(/^.*?\t(?:error)\t/, "").trim()}`;
  }
  return undefined;
}

/** The pid file Prosody wrote in its data folder (the wrapper's `prosody.pid`, or the config's own name). */
function readPidFile(directory: string): number | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(directory).filter((name) => name.endsWith(".pid"));
  } catch {
    return undefined;
  }
  for (const name of names) {
    const pid = readPid(path.join(directory, name));
    if (pid !== undefined) return pid;
  }
  return undefined;
}

