/**
 * The setup of the e2e files that run specs: a throwaway Prosody, a workspace of spec files
 * whose settings point runs at it, and a VS Code (code-server + Chromium) open on it.
 * `stop()` ends all of it (browser, code-server, Prosody by pid) and removes the workspace,
 * also after a start that failed half-way.
 */
import { rmSync } from "node:fs";
import { startProsody, type ThrowawayProsody } from "../../server/src/prosody/throwawayProsody";
import { makeWorkspace, startCodeServer, type CodeServer } from "./codeServer";
import { openWorkbench, type Workbench } from "./workbench";

export interface ProsodyWorkbench {
  readonly prosody: ThrowawayProsody;
  readonly workspace: string;
  readonly server: CodeServer;
  readonly workbench: Workbench;
  stop(): Promise<void>;
}

/**
 * `files` by path under the workspace; the workspace settings send every client to the
 * Prosody with a 4 s receive timeout (failing runs stay quick), plus `settings(prosody)`.
 */
export async function startProsodyWorkbench(
  files: Readonly<Record<string, string>>,
  settings: (prosody: ThrowawayProsody) => Readonly<Record<string, unknown>> = () => ({}),
): Promise<ProsodyWorkbench> {
  const started: { prosody?: ThrowawayProsody; workspace?: string; server?: CodeServer; workbench?: Workbench } = {};
  const stop = async (): Promise<void> => {
    await started.workbench?.close();
    await started.server?.stop();
    await started.prosody?.stop();
    if (started.workspace) rmSync(started.workspace, { recursive: true, force: true });
  };
  try {
    const prosody = (started.prosody = await startProsody());
    const workspace = (started.workspace = makeWorkspace({
      ...files,
      // Workspace settings, as a project would keep them.
      ".vscode/settings.json": JSON.stringify({ "scansion.server.host": prosody.host, "scansion.server.port": prosody.c2sPort, "scansion.timeout": 4000, ...settings(prosody) }, null, 2),
    }));
    const server = (started.server = await startCodeServer({ workspace }));
    const workbench = (started.workbench = await openWorkbench(server));
    return { prosody, workspace, server, workbench, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
