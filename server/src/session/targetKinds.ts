/**
 * One strategy per kind of target: how the run's first server starts (if there is one), and
 * whether each spec gets a fresh server of its own. A new kind of target (a Prosody with a
 * community module loaded, ejabberd) is one more case here, not another copy of the run.
 * The servers' code is loaded on first use (the extension bundles each on its own).
 */
import { ServerStartError } from "../servers/serverStartError";
import { moduleRunPlan } from "./moduleRun";
import { readinessAddress, type ClientAddress, type ProsodyModuleTarget, type RunTarget, type StartCommandTarget, type ThrowawayEjabberdTarget } from "./runTarget";
import type { ServerHandle } from "./serverHandle";

export interface StartContext {
  /** Aborting it while the server starts stops it and rejects. */
  readonly signal: AbortSignal;
  /** The server's output as it is written (Prosody's log, a start command's output); undefined: nobody follows it. */
  readonly onOutput?: ((text: string) => void) | undefined;
}

/** The servers of one target. Starts reject with a ServerStartError (one line, the log), or an Error when nothing could be started. */
export interface TargetServers {
  /** Where clients connect when no server of the run chose it. */
  readonly address: ClientAddress;
  /** The run's first server, started before any spec; undefined: a server someone else runs. */
  startFirst(context: StartContext): Promise<ServerHandle | undefined>;
  /** A fresh server for one spec (the first spec takes the first server); undefined: every spec shares one server. */
  readonly startForSpec: ((context: StartContext) => Promise<ServerHandle>) | undefined;
}

/** `collectCoverage`: every Prosody the run starts counts its Lua lines (servers/prosody/coverage). */
export function serversFor(target: RunTarget, collectCoverage = false): TargetServers {
  switch (target.kind) {
    case "address":
      return { address: { host: target.host, port: target.port }, startFirst: async () => undefined, startForSpec: undefined };
    case "prosody":
      return throwawayProsodies({ configPath: target.config }, target.executable, collectCoverage);
    case "prosody-module":
      return moduleProsodies(target, collectCoverage);
    case "command":
      return startCommandServer(target);
    case "ejabberd":
      return throwawayEjabberds(target);
  }
}

/** What a throwaway Prosody starts from: a config file, or a generated one with its module. */
interface ProsodyStart {
  readonly configPath?: string | undefined;
  readonly configText?: string | undefined;
  readonly pluginPaths?: readonly string[];
  readonly requiredModules?: readonly string[];
  /** A module run's module and config, for the announcement. */
  readonly module?: { readonly name: string; readonly folder: string; readonly config: string } | undefined;
}

/** A module's specs: a throwaway Prosody like any other, from the plan (moduleRun.ts) made once for the run. */
function moduleProsodies(target: ProsodyModuleTarget, collectCoverage: boolean): TargetServers {
  let servers: TargetServers | undefined;
  const planned = (): TargetServers => {
    if (!servers) {
      const plan = moduleRunPlan(target);
      servers = throwawayProsodies({
        configPath: plan.configPath, configText: plan.configText, pluginPaths: plan.pluginPaths, requiredModules: plan.requiredModules,
        module: { name: target.module, folder: target.folder, config: plan.configDescription },
      }, target.executable, collectCoverage);
    }
    return servers;
  };
  return {
    address: {},
    startFirst: (context) => planned().startFirst(context),
    startForSpec: (context) => planned().startForSpec!(context),
  };
}

function throwawayProsodies(from: ProsodyStart, launcher: string | undefined, collectCoverage: boolean): TargetServers {
  // Every spec's server runs what the first one ran, even when the default launcher was found by looking.
  let executable = launcher;
  const start = async (context: StartContext): Promise<ServerHandle> => {
    const { ProsodyStartError, startProsody } = await import("../servers/prosody/throwawayProsody");
    let server: Awaited<ReturnType<typeof startProsody>>;
    try {
      server = await startProsody({
        ...(from.configPath !== undefined ? { configPath: from.configPath } : {}),
        ...(from.configText !== undefined ? { configText: from.configText } : {}),
        ...(from.pluginPaths ? { pluginPaths: from.pluginPaths } : {}),
        ...(from.requiredModules ? { requiredModules: from.requiredModules } : {}),
        ...(executable !== undefined ? { executable } : {}),
        signal: context.signal,
        ...(context.onOutput ? { onLog: context.onOutput } : {}),
        collectCoverage,
      });
    } catch (error) {
      throw error instanceof ProsodyStartError ? new ServerStartError(error.summary, error.logFile) : error;
    }
    executable = server.executable;
    // A log someone follows is let run to its shutdown (SIGTERM). Nobody else needs a spec's server
    // once it is done (its data is in memory): SIGKILL at once, since a SIGTERM makes Prosody close
    // every session, and with mod_debug_reset loaded the last one resets every host first, CPU that
    // the next spec's server start needs. stop() then waits, as always, until no process is left.
    // A server that counts its lines gets SIGTERM: it writes them on the way out, at once (its
    // collector answers SIGTERM itself, before Prosody's shutdown and its resets).
    const killFirst = context.onOutput === undefined && server.coverage === undefined;
    return {
      identity: { kind: "prosody", version: server.version, executable: server.executable, configPath: server.configPath, module: from.module },
      address: { host: server.host, port: server.c2sPort },
      pid: server.pid,
      logFile: server.logFile,
      coverage: server.coverage,
      stop: () => {
        if (killFirst) {
          try {
            process.kill(server.pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
        return server.stop();
      },
    };
  };
  return { address: {}, startFirst: start, startForSpec: start };
}

function startCommandServer(target: StartCommandTarget): TargetServers {
  return {
    address: { host: target.host, port: target.port },
    startForSpec: undefined,
    startFirst: async (context) => {
      const { startServer } = await import("../servers/commandServer");
      const server = await startServer({
        startCommand: target.startCommand,
        stopCommand: target.stopCommand,
        cwd: target.cwd,
        ...readinessAddress(target),
        readyTimeoutMs: target.readyTimeoutMs,
        output: context.onOutput ?? (() => undefined),
      }, context.signal);
      return { identity: { kind: "command", startCommand: target.startCommand }, address: undefined, pid: server.pid, logFile: undefined, stop: () => server.stop() };
    },
  };
}

/**
 * A throwaway ejabberd for each spec, from its config on free loopback ports, every account the
 * spec's clients use registered before the spec (ejabberd creates none on login, unlike the
 * insecure auth of Prosody's test config), its self-signed certificate trusted (the run started
 * it), ended with SIGKILL after the spec (its Mnesia lives in a scratch folder that goes with it).
 */
function throwawayEjabberds(target: ThrowawayEjabberdTarget): TargetServers {
  const start = async (context: StartContext): Promise<ServerHandle> => {
    const { EjabberdStartError, defaultEjabberdConfig, startEjabberd } = await import("../servers/ejabberd/throwawayEjabberd");
    const configPath = target.config ?? defaultEjabberdConfig();
    let server: Awaited<ReturnType<typeof startEjabberd>>;
    try {
      server = await startEjabberd({ configPath, signal: context.signal });
    } catch (error) {
      // The start error ends with the log's tail: a run reports its first line.
      throw error instanceof EjabberdStartError ? new ServerStartError(error.message.split("\n")[0]!, logFileNamedIn(error.message)) : error;
    }
    return {
      identity: { kind: "ejabberd", configPath, startupMs: server.startupMs },
      address: { host: server.host, port: server.c2sPort },
      pid: server.pid,
      logFile: server.logFile,
      trustsOwnCertificate: true,
      prepareFor: async (accounts) => {
        for (const account of accounts) await server.register(account.user, account.password, account.domain);
      },
      stop: () => {
        try {
          process.kill(server.pid, "SIGKILL");
        } catch {
          // already gone
        }
        return server.stop();
      },
    };
  };
  return { address: {}, startFirst: start, startForSpec: start };
}

/** The log file an EjabberdStartError's message names ("…; log /tmp/…/ejabberd.log ends with:"). */
function logFileNamedIn(message: string): string | undefined {
  return /; log (\S+) ends with:/.exec(message)?.[1];
}
