// Starts a throwaway ejabberd 23.01 (Debian's `ejabberd`) for the integration test: free
// loopback ports, a scratch directory for HOME, spool (Mnesia) and log, no Erlang
// distribution (so no epmd and nothing on other interfaces), readiness = the pid file
// exists AND the HTTP API answers `status`, stop by process group. The process's life (stop,
// SIGKILL deadline, kill on exit) is serverProcess.ts's, as for every throwaway server.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { freeLoopbackPorts } from "../freePorts";
import { findExecutable } from "../prosody/prosodyInstall";
import { describeExit, logTail, onForcedExit, readPid, ServerProcess, waitUntilReady, type ThrowawayServer } from "../serverProcess";
import { serviceAccount } from "../serviceAccount";

export const EJABBERD_INSTALL_HINT =
  "ejabberd is not installed: install ejabberd 23.01 (Debian/Ubuntu: `sudo apt-get install ejabberd`, or run `node scripts/ensure-ejabberd.mjs` as root) and try again.";

const LOOPBACK = "127.0.0.1";
const SERVICE_USER = "ejabberd";
/** Made by Debian's package when it is installed; the default config (throwaway-ejabberd.yml) serves it. */
const PACKAGE_CERTIFICATE = "/etc/ejabberd/ejabberd.pem";
/** Where Debian's package keeps ejabberd's Erlang applications. */
const ERL_LIBS = "/usr/lib/x86_64-linux-gnu";

/** ejabberd's client port requires STARTTLS and offers SCRAM only; its HTTP port is the API (registration). */
export interface ThrowawayEjabberd extends ThrowawayServer {
  /** Milliseconds from spawn to ready. */
  readonly startupMs: number;
  /** Registers `user@host` (default: localhost) through the HTTP API (as `ejabberdctl register` would). */
  register(user: string, password: string, host?: string): Promise<void>;
}

export class EjabberdStartError extends Error {
  override readonly name = "EjabberdStartError";
}

/** Why ejabberd cannot be started here, or undefined when it can. */
export function ejabberdUnavailable(): string | undefined {
  if (!findExecutable("ejabberdctl") || !findExecutable("erl")) return EJABBERD_INSTALL_HINT;
  if (!safeReaddir(ERL_LIBS).some((name) => name.startsWith("ejabberd-"))) {
    return `ejabberdctl is there but ejabberd's Erlang application is not under ${ERL_LIBS} (only Debian's package layout is supported)`;
  }
  // As root the server runs as the ejabberd user, whose group reads the certificate; otherwise we must.
  if (!serviceAccount([], SERVICE_USER) || process.getuid?.() !== 0) {
    try {
      fs.accessSync(PACKAGE_CERTIFICATE, fs.constants.R_OK);
    } catch {
      return `cannot read ${PACKAGE_CERTIFICATE} (the package's self-signed certificate): run as root or as a member of the ejabberd group`;
    }
  }
  return undefined;
}

const DEFAULT_CONFIG_FILE_NAME = "throwaway-ejabberd.yml";

/**
 * The config a throwaway ejabberd gets when its target names none: beside this module in the
 * sources, beside the bundle in dist/ (scripts/build.mjs copies it there; both packages ship it).
 */
export function defaultEjabberdConfig(): string {
  return path.join(__dirname, DEFAULT_CONFIG_FILE_NAME);
}

export interface StartEjabberdOptions {
  /**
   * The config (default: defaultEjabberdConfig(), throwaway-ejabberd.yml). It is included by a
   * wrapper that defines the macros C2S_PORT and HTTP_PORT (free loopback ports): its client
   * listener must use C2S_PORT, and HTTP_PORT must serve mod_http_api with `register` and
   * `status` allowed from loopback.
   */
  readonly configPath?: string;
  readonly startTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
  /** Aborting it while ejabberd starts stops it and rejects. */
  readonly signal?: AbortSignal;
}

export async function startEjabberd(options: StartEjabberdOptions = {}): Promise<ThrowawayEjabberd> {
  const unavailable = ejabberdUnavailable();
  if (unavailable) throw new Error(unavailable);
  const erl = findExecutable("erl")!;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const started = Date.now();

  const [c2sPort, httpPort] = await freeLoopbackPorts(2) as [number, number];
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-ejabberd-"));
  // A copy of our config beside the wrapper, so the service user can read it wherever the repository is.
  const configPath = path.resolve(options.configPath ?? defaultEjabberdConfig());
  if (!fs.existsSync(configPath)) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw new Error(`ejabberd config not found: ${configPath}`);
  }
  fs.copyFileSync(configPath, path.join(directory, "scansion.yml"));
  const wrapper = path.join(directory, "ejabberd.yml");
  fs.writeFileSync(wrapper, [
    "define_macro:",
    `  C2S_PORT: ${c2sPort}`,
    `  HTTP_PORT: ${httpPort}`,
    `include_config_file: ${JSON.stringify(path.join(directory, "scansion.yml"))}`,
    "",
  ].join("\n"));
  const logFile = path.join(directory, "ejabberd.log");
  const consoleLog = path.join(directory, "console.log");
  const pidFile = path.join(directory, "ejabberd.pid");
  const owner = serviceAccount([], SERVICE_USER);
  if (owner) {
    for (const file of [directory, wrapper, path.join(directory, "scansion.yml")]) fs.chownSync(file, owner.uid, owner.gid);
  }
  // `erl` directly rather than `ejabberdctl foreground`: the latter names the node, which
  // starts epmd (listening on every interface, and outliving the test).
  const erlArgs = ["-noinput", "-noshell", "-mnesia", "dir", JSON.stringify(path.join(directory, "spool")), "-s", "ejabberd"];
  const runuser = owner ? findExecutable("runuser") : undefined;
  const [command, args] = owner && runuser
    ? [runuser, ["-u", SERVICE_USER, "--", "env", `HOME=${directory}`, erl, ...erlArgs]]
    : [erl, erlArgs];
  const server = ServerProcess.start({
    command,
    args,
    cwd: directory,
    env: {
      ...process.env,
      HOME: directory,
      EJABBERD_CONFIG_PATH: wrapper,
      EJABBERD_LOG_PATH: logFile,
      EJABBERD_PID_PATH: pidFile,
      ERL_LIBS,
      ERL_CRASH_DUMP: path.join(directory, "erl_crash.dump"),
    },
    output: { file: consoleLog, ...(owner ? { owner } : {}) },
  });
  onForcedExit(server, () => fs.rmSync(directory, { recursive: true, force: true }));
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const stop = async () => {
    await server.stop(stopTimeoutMs);
    fs.rmSync(directory, { recursive: true, force: true });
  };

  let pid: number | undefined;
  const outcome = await waitUntilReady(server, async () => {
    pid ??= readPid(pidFile);
    // SIGTERM to the VM itself: runuser, signalled, waits 2 s before it passes the signal on.
    server.mainPid = pid;
    return pid !== undefined && (await apiCall(httpPort, "status", {})).ok;
  }, { timeoutMs: startTimeoutMs, pollMs: 100, ...(options.signal ? { signal: options.signal } : {}) });
  if (outcome !== "ready") {
    await server.stop(1000);
    if (outcome === "aborted") {
      fs.rmSync(directory, { recursive: true, force: true });
      throw new EjabberdStartError("ejabberd's start was cancelled");
    }
    const log = fs.existsSync(logFile) ? logFile : consoleLog;
    const reason = outcome === "exited"
      ? `${describeExit(server.exit!)} before it was ready`
      : `was not ready after ${startTimeoutMs} ms: ${pid === undefined ? "no pid file" : `its HTTP API on ${LOOPBACK}:${httpPort} does not answer`}`;
    throw new EjabberdStartError(`ejabberd ${reason}; log ${log} ends with:\n${logTail([log])}`);
  }
  return {
    host: LOOPBACK, c2sPort, httpPort, pid: pid!, directory, logFile, startupMs: Date.now() - started,
    register: async (user, password, host = "localhost") => {
      const answer = await apiCall(httpPort, "register", { user, host, password });
      if (!answer.ok) throw new Error(`ejabberd refused to register ${user}@${host}: ${answer.body}`);
    },
    stop,
  };
}

function apiCall(port: number, command: string, body: object): Promise<{ ok: boolean; body: string }> {
  return new Promise((resolve) => {
    const request = http.request({ host: LOOPBACK, port, method: "POST", path: `/api/${command}`, timeout: 2000,
      headers: { "content-type": "application/json" } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => { text += chunk; });
      response.on("end", () => resolve({ ok: response.statusCode === 200, body: text }));
    });
    request.on("timeout", () => request.destroy());
    request.on("error", (error) => resolve({ ok: false, body: error.message }));
    request.end(JSON.stringify(body));
  });
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
