/**
 * The bundled `scansion-run` (dist/cli.js) as a user runs it: a child process
 * of `node`, its output collected, its exit awaited. Every child is tracked so
 * that a test's `after` can kill whatever is still running, by pid.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

export const REPOSITORY_ROOT = resolve(__dirname, "../..");
export const CLI_BUNDLE = join(REPOSITORY_ROOT, "dist/cli.js");

/** What the CLI bundle is built from. */
const CLI_SOURCES = ["server/src/cli", "server/src/session", "server/src/runner", "server/src/network", "server/src/language", "server/src/features", "server/src/servers", "scripts/build.mjs", "package.json"]
  .map((source) => join(REPOSITORY_ROOT, source));

function newestTime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith(".test.ts") ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestTime(join(path, entry))));
}

function cliBundleIsFresh(): boolean {
  return existsSync(CLI_BUNDLE) && statSync(CLI_BUNDLE).mtimeMs >= Math.max(...CLI_SOURCES.map(newestTime));
}

/**
 * Runs scripts/build.mjs when dist/cli.js is missing or older than its sources.
 * A failure in another bundle is tolerated as long as the CLI came out fresh.
 */
export async function ensureCliBuilt(): Promise<void> {
  if (cliBundleIsFresh()) return;
  const build = await runProcess([join(REPOSITORY_ROOT, "scripts/build.mjs")], { deadlineMs: 120_000 });
  if (!cliBundleIsFresh()) throw new Error(`node scripts/build.mjs did not produce a fresh dist/cli.js:\n${build.stderr}${build.stdout}`);
}

export interface CliExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** performance.now() when the process exited. */
  readonly exitedAt: number;
  /** Milliseconds from spawn to exit. */
  readonly durationMs: number;
}

const running = new Set<ChildProcess>();

/** Kills (SIGKILL, by pid) every child started here that has not exited yet. */
export function killRunningChildren(): void {
  for (const child of running) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // gone in the meantime
      }
    }
  }
  running.clear();
}

export interface CliProcess {
  readonly pid: number;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches (checked on every chunk); rejects if the process ends first. */
  stdoutMatches(pattern: RegExp): Promise<void>;
  /** Resolves after the exit, once both output streams are closed. */
  readonly finished: Promise<CliExit>;
}

export interface SpawnOptions {
  /** The process is killed and `finished` rejects when it has not ended by then. */
  readonly deadlineMs?: number;
  readonly cwd?: string;
  /** Extra environment for the process. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Spawns `node <args>` with piped output. */
export function startProcess(args: readonly string[], options: SpawnOptions = {}): CliProcess {
  const started = performance.now();
  const child = spawn(process.execPath, [...args], {
    cwd: options.cwd ?? REPOSITORY_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...options.env },
  });
  if (child.pid === undefined) throw new Error(`could not spawn node ${args.join(" ")}`);
  const pid = child.pid;
  running.add(child);
  let stdout = "";
  let stderr = "";
  const watchers = new Set<() => void>();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const watcher of watchers) watcher();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk; });

  let exitedAt = 0;
  child.once("exit", () => { exitedAt = performance.now(); });
  const finished = new Promise<CliExit>((resolveExit, rejectExit) => {
    const deadlineMs = options.deadlineMs ?? 30_000;
    const deadline = setTimeout(() => {
      process.kill(pid, "SIGKILL");
      rejectExit(new Error(`node ${args.join(" ")} did not end within ${deadlineMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, deadlineMs);
    child.once("close", (code, signal) => {
      clearTimeout(deadline);
      running.delete(child);
      for (const watcher of watchers) watcher();
      resolveExit({ code, signal, stdout, stderr, exitedAt, durationMs: exitedAt - started });
    });
  });

  return {
    pid,
    stdout: () => stdout,
    stderr: () => stderr,
    finished,
    stdoutMatches: (pattern) => new Promise<void>((resolveMatch, rejectMatch) => {
      const check = () => {
        if (pattern.test(stdout)) {
          watchers.delete(check);
          resolveMatch();
        } else if (exitedAt > 0 || child.exitCode !== null || child.signalCode !== null) {
          watchers.delete(check);
          rejectMatch(new Error(`the process ended before stdout matched ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }
      };
      watchers.add(check);
      check();
    }),
  };
}

function runProcess(args: readonly string[], options: SpawnOptions = {}): Promise<CliExit> {
  return startProcess(args, options).finished;
}

/** Runs `scansion-run <args>` from the repository root to its end. */
export function runCli(args: readonly string[], options: SpawnOptions = {}): Promise<CliExit> {
  return runProcess([CLI_BUNDLE, ...args], options);
}

export function startCli(args: readonly string[], options: SpawnOptions = {}): CliProcess {
  return startProcess([CLI_BUNDLE, ...args], options);
}

/** 1-based line of the action that a `# probe: the failing action` comment stands above. */
export function probeLine(file: string): number {
  const lines = readFileSync(resolve(REPOSITORY_ROOT, file), "utf8").split(/\r?\n/);
  const comment = lines.findIndex((line) => line.trim() === "# probe: the failing action");
  if (comment < 0) throw new Error(`${file} has no probe comment`);
  return comment + 2;
}
