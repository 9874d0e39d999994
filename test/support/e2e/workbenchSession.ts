/**
 * The setup every e2e file shares: a workspace of files, a VS Code (code-server + Chromium)
 * open on it, and `stop()` that ends all of it (browser, code-server by its process group, the
 * workspace folder, and whatever the caller hands in to stop too), also after a start that
 * failed half-way. `startProsodyWorkbench` adds a throwaway Prosody that the workspace settings
 * send every run to.
 */
import { rmSync } from "node:fs";
import { startProsody, type ThrowawayProsody } from "@server/servers/prosody/throwawayProsody";
import { makeWorkspace, startCodeServer, type CodeServer } from "./codeServer";
import { openWorkbench, type Workbench } from "./workbench";

export interface WorkbenchSession {
  readonly workspace: string;
  readonly server: CodeServer;
  readonly workbench: Workbench;
  stop(): Promise<void>;
}

export interface ProsodyWorkbench extends WorkbenchSession {
  readonly prosody: ThrowawayProsody;
}

/** `files` by path under the workspace; `alsoStop` runs after everything else has stopped. */
export async function startWorkbenchSession(files: Readonly<Record<string, string>>, alsoStop: () => Promise<void> | void = () => {}): Promise<WorkbenchSession> {
  const started: { workspace?: string; server?: CodeServer; workbench?: Workbench } = {};
  const stop = async (): Promise<void> => {
    await started.workbench?.close();
    await started.server?.stop();
    if (started.workspace) rmSync(started.workspace, { recursive: true, force: true });
    await alsoStop();
  };
  try {
    const workspace = (started.workspace = makeWorkspace(files));
    const server = (started.server = await startCodeServer({ workspace }));
    const workbench = (started.workbench = await openWorkbench(server));
    return { workspace, server, workbench, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A session whose workspace settings send every client to a throwaway Prosody, with a 4 s
 * receive timeout (failing runs stay quick), plus `settings(prosody)`.
 */
export async function startProsodyWorkbench(
  files: Readonly<Record<string, string>>,
  settings: (prosody: ThrowawayProsody) => Readonly<Record<string, unknown>> = () => ({}),
): Promise<ProsodyWorkbench> {
  const prosody = await startProsody();
  // A failed start stops what it started, the Prosody (alsoStop) included.
  const session = await startWorkbenchSession({
    ...files,
    // Workspace settings, as a project would keep them.
    ".vscode/settings.json": JSON.stringify({ "scansion.server.host": prosody.host, "scansion.server.port": prosody.c2sPort, "scansion.timeout": 4000, ...settings(prosody) }, null, 2),
  }, () => prosody.stop());
  return { ...session, prosody };
}
