/**
 * A named target (targetEntries.ts) as what a run session opens: its RunTarget, and the run's
 * settings with the entry's own (timeout, certificate, plain SASL) on top.
 */
import type { RunSettings } from "../runner/settings";
import type { MatrixTarget } from "./matrixRun";
import type { RunTarget } from "./runTarget";
import type { TargetEntry } from "./targetEntries";

export function runTargetOfEntry(entry: TargetEntry): RunTarget {
  const server = entry.server;
  switch (server.kind) {
    case "address": return { kind: "address", host: server.host, port: server.port };
    case "prosody": return { kind: "prosody", config: server.config, executable: server.executable };
    case "ejabberd": return { kind: "ejabberd", config: server.config };
  }
}

export function matrixTargetOf(entry: TargetEntry, runSettings: RunSettings): MatrixTarget {
  return {
    name: entry.name,
    target: runTargetOfEntry(entry),
    settings: {
      ...runSettings,
      ...(entry.timeoutMs !== undefined ? { receiveTimeoutMs: entry.timeoutMs } : {}),
      ...(entry.acceptSelfSignedCertificate ? { acceptSelfSignedCertificate: true } : {}),
      ...(entry.allowPlain ? { allowPlainOnNonLoopback: true } : {}),
    },
  };
}
