/**
 * The bundled server as other editors run it: `node dist/server.js --stdio`
 * in a child process, spoken to over its stdin/stdout. Used by the standalone
 * test and by the benchmarks (start-up time, memory).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createProtocolConnection, ExitNotification, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { initializeTestClient, type LspSessionOptions, type LspTestSession } from "./lspTestClient";

export const REPOSITORY_ROOT = resolve(__dirname, "../../..");
export const SERVER_BUNDLE = join(REPOSITORY_ROOT, "dist/server.js");

export interface SpawnedServer {
  readonly session: LspTestSession;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Milliseconds from spawn to the initialize result. */
  readonly startMs: number;
  /** Resolves with the exit code (or the signal's name) once the child has exited. */
  readonly exited: Promise<number | string>;
  /** What the server wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Kills the child by its pid if it is still running. */
  kill(): void;
  /** shutdown + exit, then waits for the child; kills it if it has not gone within `waitMs`. */
  stop(waitMs?: number): Promise<void>;
}

function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSourceTime(path) : stat.mtimeMs);
  }
  return newest;
}

/** The folders the server bundle is built from. */
const SERVER_SOURCES = ["server/src/lsp", "server/src/features", "server/src/language"].map((folder) => join(REPOSITORY_ROOT, folder));

function serverBundleIsFresh(): boolean {
  if (!existsSync(SERVER_BUNDLE)) return false;
  const built = statSync(SERVER_BUNDLE).mtimeMs;
  return SERVER_SOURCES.every((folder) => built >= newestSourceTime(folder));
}

/**
 * Runs scripts/build.mjs when dist/server.js is missing or older than its
 * sources. A failure in another bundle (extension, CLI) is tolerated as long
 * as the server bundle came out fresh.
 */
export function ensureServerBuilt(): void {
  if (serverBundleIsFresh()) return;
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: REPOSITORY_ROOT, encoding: "utf8" });
  if (!serverBundleIsFresh()) throw new Error(`node scripts/build.mjs did not produce a fresh dist/server.js:\n${build.stderr}${build.stdout}`);
}

/**
 * Spawns the bundled server with --stdio and initializes it. `session.close()`
 * sends shutdown and exit; await `exited` to see the child go.
 */
export async function spawnLspServer(options: LspSessionOptions = {}): Promise<SpawnedServer> {
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER_BUNDLE, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error("could not spawn the language server");
  const pid = child.pid;
  const exited = new Promise<number | string>((resolveExit) => {
    child.once("exit", (code, signal) => resolveExit(code ?? signal ?? "unknown"));
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

  const client = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const exitedEarly = exited.then((code): never => {
    throw new Error(`the language server exited (${code}) before answering initialize:\n${stderr}`);
  });
  exitedEarly.catch(() => undefined); // only the race below reads it; a later, normal exit is no error
  const session = await Promise.race([
    initializeTestClient(client, options, async () => {
      await client.sendNotification(ExitNotification.type);
      void exited.then(() => client.dispose());
    }),
    exitedEarly,
  ]);
  const startMs = performance.now() - started;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGKILL");
  };
  return {
    session,
    child,
    pid,
    startMs,
    exited,
    stderr: () => stderr,
    kill,
    async stop(waitMs = 5000) {
      let deadline: NodeJS.Timeout | undefined;
      const gone = await Promise.race([
        session.close().then(() => exited).then(() => true, () => false),
        new Promise<boolean>((resolveWait) => (deadline = setTimeout(() => resolveWait(false), waitMs))),
      ]);
      clearTimeout(deadline);
      if (!gone) kill();
    },
  };
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (Linux); undefined elsewhere. */
export function residentSetBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (Linux; 10 ms resolution). */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}
