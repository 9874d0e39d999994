/**
 * A named target (targetEntries.ts) as a matrix target (matrixRun.ts): what its run starts
 * and where its clients go. A server someone runs: nothing started, one spec at a time. A
 * throwaway Prosody or ejabberd: the first server started when the target opens (so that a
 * target that cannot start says so before any spec), then a fresh one for each spec.
 */
import { runSuite, type SpecServerFactory } from "../runner/suite";
import type { RunSettings } from "../runner/settings";
import { specAccounts } from "../runner/specAccounts";
import { ejabberdForSpec, startEjabberdServer } from "./ejabberdServers";
import type { MatrixTarget, TargetRun } from "./matrixRun";
import type { TargetEntry } from "./targetEntries";

export interface TargetEvents {
  /** What a target says when its first server is up, for the run's log. */
  readonly announce?: (target: string, line: string) => void;
  /** A throwaway ejabberd of the target is ready, `durationMs` after its start (the bench reports them apart). */
  readonly ejabberdStarted?: (target: string, durationMs: number) => void;
}

export function matrixTargetOf(entry: TargetEntry, runSettings: RunSettings, events: TargetEvents = {}): MatrixTarget {
  const announce = events.announce ?? (() => undefined);
  const startEjabberd = async (config: string | undefined, signal: AbortSignal) => {
    const server = await startEjabberdServer(config, signal);
    events.ejabberdStarted?.(entry.name, server.startupMs);
    return server;
  };
  const settings: RunSettings = {
    ...runSettings,
    ...(entry.timeoutMs !== undefined ? { receiveTimeoutMs: entry.timeoutMs } : {}),
    ...(entry.acceptSelfSignedCertificate ? { acceptSelfSignedCertificate: true } : {}),
    ...(entry.allowPlain ? { allowPlainOnNonLoopback: true } : {}),
  };
  const server = entry.server;
  switch (server.kind) {
    case "address":
      return { name: entry.name, open: async () => runOn({ ...settings, host: server.host, port: server.port }, undefined, async () => undefined) };
    case "prosody":
      return {
        name: entry.name,
        open: async (signal) => {
          const { ProsodyStartError, prosodyPerSpec, startProsody } = await import("../servers/prosody/throwawayProsody");
          const { specServerOf } = await import("../servers/prosody/specServer");
          const start = { configPath: server.config, ...(server.executable !== undefined ? { executable: server.executable } : {}) };
          let first;
          try {
            first = await startProsody({ ...start, signal });
          } catch (error) {
            throw error instanceof ProsodyStartError ? new Error(error.summary) : error;
          }
          announce(entry.name, `Prosody ${first.version} (${first.executable}) started with ${first.configPath}; each spec runs on a fresh one`);
          // Every spec's server runs what the first one ran, even when the default launcher was found by looking.
          const perSpec = prosodyPerSpec({ ...start, executable: first.executable }, specServerOf(first));
          return runOn(settings, perSpec, () => first.stop());
        },
      };
    case "ejabberd":
      return {
        name: entry.name,
        open: async (signal) => {
          const first = await startEjabberd(server.config, signal);
          announce(entry.name, `ejabberd started in ${first.startupMs} ms with ${server.config ?? "the project's config"}; each spec runs on a fresh one with its accounts registered`);
          let unused: typeof first | undefined = first;
          const perSpec: SpecServerFactory = async (specSignal, spec) => {
            const given = unused ?? await startEjabberd(server.config, specSignal);
            unused = undefined;
            return ejabberdForSpec(given, specAccounts(spec));
          };
          return runOn(settings, perSpec, () => first.stop());
        },
      };
  }
}

function runOn(settings: RunSettings, serverPerSpec: SpecServerFactory | undefined, stopFirst: () => Promise<void | undefined>): TargetRun {
  return {
    freshServerPerSpec: serverPerSpec !== undefined,
    run: (specs, options, listener, signal) => runSuite(specs, { settings, ...options, ...(serverPerSpec ? { serverPerSpec } : {}) }, listener, signal),
    close: async () => { await stopFirst(); },
  };
}
