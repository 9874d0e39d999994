// Until issue 11's `--prosody-config` lands (branch issue-11-prosody): runs Prosody 13.0.1
// from the project's cache with a checkout's spec/scansion/prosody.cfg.lua, unchanged,
// included by a wrapper that only sets loopback listeners and ports (../shared/docs/pitfalls.md).
// Used by the 13.0.1 conformance runs, the bench and the tests of runs with a server per spec.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SpecServerFactory } from "../runner/suite";
import { startProsody, type ThrowawayProsody } from "./throwawayProsody";

const PROSODY_13_BIN = process.env.SCANSION_PROSODY_13_BIN ?? "/var/cache/vscode-scansion-prosody/13.0.1/usr/bin";

/** The 13.0.1 conformance set laid out as in a checkout (../shared), if present. */
export const CONFORMANCE_13 = path.join(__dirname, "..", "..", "..", "..", "shared", "conformance", "prosody-13.0.1", "spec", "scansion");

export function isProsody13Installed(): boolean {
  return fs.existsSync(path.join(PROSODY_13_BIN, "prosody"));
}

/** Writes the wrapper config for `config` (readable by the `prosody` account) and returns its path. */
function wrapperFor(config: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-wrapper-"));
  fs.chmodSync(dir, 0o755);
  const wrapper = path.join(dir, "wrapper.cfg.lua");
  fs.writeFileSync(wrapper, [
    `local function port(var) return tonumber(os.getenv(var)) end`,
    `interfaces = { "127.0.0.1" }; c2s_ports = { port("SCS_C2S_PORT") }; c2s_direct_tls_ports = {}`,
    `s2s_ports = {}; component_ports = {}; http_ports = { port("SCS_HTTP_PORT") }; http_interfaces = { "127.0.0.1" }; https_ports = {}`,
    `data_path = "."`,
    `Include ${JSON.stringify(path.resolve(config))}`,
  ].join("\n"));
  return wrapper;
}

/** Starts Prosody 13.0.1 with the checkout config `config`; `onStarted` sees each server. */
export function prosody13Servers(config: string, onStarted?: (server: ThrowawayProsody) => void): SpecServerFactory {
  const wrapper = wrapperFor(config);
  if (!(process.env.PATH ?? "").startsWith(PROSODY_13_BIN)) process.env.PATH = `${PROSODY_13_BIN}${path.delimiter}${process.env.PATH ?? ""}`;
  return async () => {
    const server = await startProsody({ configPath: wrapper });
    onStarted?.(server);
    return { host: server.host, port: server.c2sPort, stop: () => server.stop() };
  };
}
