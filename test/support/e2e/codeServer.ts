/**
 * A real VS Code for end-to-end tests: code-server (VS Code served to a browser) with the packaged
 * extension installed, started on a free loopback port. Pair it with workbench.ts, which drives
 * the page through Debian's Chromium. Needs `npm run e2e:setup` once (Node 24, chromium,
 * code-server, all cached under ~/.cache/vscode-scansion-e2e).
 *
 * Writing a new e2e test (e.g. the Test Explorer's):
 *
 *   // test/e2e/<feature>.e2e.ts   (not *.test.ts: `npm test` must not collect it)
 *   const workspace = makeWorkspace(fixtureSpecs());     // or { "a.scs": readFixture("specs/...") }
 *   const server = await startCodeServer({ workspace, settings: { "scansion.some.setting": 1 } });
 *   const workbench = await openWorkbench(server);        // from ./workbench
 *   try { ... } finally { await workbench.close(); await server.stop(); }
 *
 * - `packageExtension()` gives the .vsix: SCANSION_E2E_VSIX when set (`npm run test:e2e` packages
 *   once and sets it), otherwise it runs `npm run package` itself, once per process.
 * - `startCodeServer` installs the .vsix into a fresh user-data-dir and extensions-dir, writes
 *   settings.json (the options' settings on top of E2E_SETTINGS), resolves once code-server says
 *   it listens, and `stop()` ends its process group by pid and removes the temp folders. A test
 *   process that dies early still kills the group (exit and signal handlers).
 * - `server.log()` is everything code-server printed: put it in assertion messages.
 * - Set SCANSION_E2E_KEEP=1 to keep the temp folders (extension host logs are under
 *   <userDataDir>/logs).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { promisify } from "node:util";

export const REPOSITORY_ROOT = resolve(dirname(__filename), "../../..");
export const CODE_SERVER_VERSION = "4.139.1";
const CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "vscode-scansion-e2e");
export const NODE24 = join(CACHE_DIR, "node24/node_modules/node/bin/node");
export const CODE_SERVER_ENTRY = join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}/node_modules/code-server/out/node/entry.js`);
export const CHROMIUM = "/usr/bin/chromium";

/** Without these the window opens in Restricted Mode, shows a welcome page and the chat panel takes the focus. */
export const E2E_SETTINGS: Readonly<Record<string, unknown>> = {
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  // Pinned so that colours and screenshots do not follow the browser's light/dark preference.
  "workbench.colorTheme": "Default Dark Modern",
};

const run = promisify(execFile);

/** Throws one clear line when the tools that `npm run e2e:setup` installs are missing. */
export function requireE2eTools(): void {
  const missing = [NODE24, CODE_SERVER_ENTRY, CHROMIUM].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`e2e tools missing (${missing.join(", ")}): run \`npm run e2e:setup\` first`);
  }
}

let packaged: Promise<string> | undefined;

/** The extension as a .vsix, the way a person installs it. */
export function packageExtension(): Promise<string> {
  const given = process.env.SCANSION_E2E_VSIX;
  if (given) return Promise.resolve(resolve(REPOSITORY_ROOT, given));
  packaged ??= (async () => {
    const vsix = join(REPOSITORY_ROOT, "dist/vscode-scansion.vsix");
    await run("npm", ["run", "--silent", "package"], { cwd: REPOSITORY_ROOT, timeout: 300_000, env: { ...process.env, CI: "true" } });
    if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
    return vsix;
  })();
  return packaged;
}

/** A fixture spec's text, by its path under testFixture/. */
export function readFixture(pathUnderTestFixture: string): string {
  return readFileSync(join(REPOSITORY_ROOT, "testFixture", pathUnderTestFixture), "utf8");
}

/** Every fixture spec (every .scs file under testFixture/), by its path under testFixture/, e.g. "language/broken-xml.scs". */
export function fixtureSpecs(): Record<string, string> {
  const root = join(REPOSITORY_ROOT, "testFixture");
  const specs: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, encoding: "utf8" })) {
    if (entry.endsWith(".scs")) specs[entry.split(sep).join("/")] = readFileSync(join(root, entry), "utf8");
  }
  return specs;
}

/** A temp folder holding the given files (relative path -> text), to open as the workspace. */
export function makeWorkspace(files: Readonly<Record<string, string>>): string {
  const folder = mkdtempSync(join(tmpdir(), "scansion-e2e-workspace-"));
  for (const [path, text] of Object.entries(files)) {
    const target = join(folder, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return folder;
}

export interface CodeServerOptions {
  /** Folder opened as the workspace (see makeWorkspace). */
  readonly workspace: string;
  /** settings.json entries added to (or overriding) E2E_SETTINGS. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra environment for code-server and so for the extension host and language server. */
  readonly env?: Readonly<Record<string, string>>;
  /** The .vsix to install; packageExtension() when not given. */
  readonly vsix?: string;
}

export interface CodeServer {
  /** Loopback address of the served VS Code, ending with "/". */
  readonly url: string;
  /** The URL that opens the workspace folder in the browser. */
  readonly workspaceUrl: string;
  readonly workspace: string;
  readonly userDataDir: string;
  /** Everything code-server printed so far. */
  log(): string;
  /** Ends code-server's process group and removes its temp folders; safe to call twice. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  requireE2eTools();
  const vsix = options.vsix ?? (await packageExtension());
  const home = mkdtempSync(join(tmpdir(), "scansion-e2e-vscode-"));
  const userDataDir = join(home, "user-data");
  const extensionsDir = join(home, "extensions");
  const common = ["--user-data-dir", userDataDir, "--extensions-dir", extensionsDir,
    // Its own config file, so nothing is written to ~/.config/code-server.
    "--config", join(home, "config.yaml")];
  const env = { ...process.env, ...options.env };

  const installed = await run(NODE24, [CODE_SERVER_ENTRY, ...common, "--install-extension", vsix], { env, timeout: 120_000 });
  if (!/was successfully installed/.test(installed.stdout)) {
    throw new Error(`installing ${vsix} into code-server failed:\n${installed.stdout}${installed.stderr}`);
  }
  mkdirSync(join(userDataDir, "User"), { recursive: true });
  writeFileSync(join(userDataDir, "User/settings.json"), JSON.stringify({ ...E2E_SETTINGS, ...options.settings }, null, 2));

  // Port 0: code-server picks a free port and prints it, so two runs never race for one.
  const child = spawn(NODE24, [CODE_SERVER_ENTRY, ...common, "--auth", "none", "--bind-addr", "127.0.0.1:0",
    "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", options.workspace],
  { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const log = (): string => output.join("");
  const killOnExit = (): void => killGroup(child, "SIGKILL");
  const killOnSignal = (signal: NodeJS.Signals): void => { killGroup(child, "SIGKILL"); process.exit(128 + (signal === "SIGINT" ? 2 : 15)); };
  process.on("exit", killOnExit);
  process.once("SIGINT", killOnSignal);
  process.once("SIGTERM", killOnSignal);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => stopped ??= (async () => {
    await endProcessGroup(child);
    process.off("exit", killOnExit);
    process.off("SIGINT", killOnSignal);
    process.off("SIGTERM", killOnSignal);
    if (!process.env.SCANSION_E2E_KEEP) rmSync(home, { recursive: true, force: true });
  })();

  try {
    const url = await listeningUrl(child, log);
    const workspaceUrl = `${url}?folder=${encodeURIComponent(options.workspace)}`;
    return { url, workspaceUrl, workspace: options.workspace, userDataDir, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with the address from code-server's "HTTP server listening on ..." line. */
function listeningUrl(child: ChildProcess, log: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => finish(new Error(`code-server did not listen within ${STARTUP_TIMEOUT_MS / 1000}s:\n${log()}`)), STARTUP_TIMEOUT_MS);
    const onData = (): void => {
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log());
      if (match) finish(undefined, match[1]);
    };
    const onExit = (code: number | null): void => finish(new Error(`code-server exited (${code}) before listening:\n${log()}`));
    function finish(error: Error | undefined, url?: string): void {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (error) reject(error); else resolvePromise(url!);
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    onData();
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try { process.kill(-child.pid, signal); } catch { /* the group is already gone */ }
}

/** SIGTERM to code-server's process group (its extension host and our language server with it), SIGKILL if it lingers. */
async function endProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) { killGroup(child, "SIGKILL"); return; }
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  killGroup(child, "SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((done) => { timer = setTimeout(() => done("late"), STOP_TIMEOUT_MS); });
  await Promise.race([exited, late]);
  clearTimeout(timer);
  // Children that outlive code-server (or ignore SIGTERM) still share its group.
  killGroup(child, "SIGKILL");
  await exited;
}
