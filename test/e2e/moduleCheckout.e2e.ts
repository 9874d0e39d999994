// A community modules' checkout opened in a real VS Code with no settings: the workspace holds
// copies of testFixture/modules' mod_hello (specs in tests/) and mod_muc_hello (specs in
// spec/scansion/). The Test Explorer groups the specs by module, the current target is
// "Prosody + each spec's module", and Run All passes: one run per module, each spec on a
// throwaway Prosody (the one on PATH) with its module loaded, announced in the "Scansion Server"
// output channel; nothing of them is left afterwards.
// Run with `npm run test:e2e` (or this file alone: see the README's e2e line).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { liveProcesses } from "@server/servers/processState";
import { startWorkbenchSession, type WorkbenchSession } from "../support/e2e/workbenchSession";
import type { Workbench } from "../support/e2e/workbench";

const FIXTURE = path.resolve(import.meta.dirname, "../../testFixture/modules");
const MODULES = { mod_hello: ["tests/hello.scs", "tests/disco.scs"], mod_muc_hello: ["spec/scansion/room_hello.scs"] } as const;

function titleOf(module: string, spec: string): string {
  return fs.readFileSync(path.join(FIXTURE, module, spec), "utf8").split("\n")[0]!.replace(/^#\s*/, "");
}

/** The module's files (its .lua and its specs) by path under the workspace. */
function moduleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [module, specs] of Object.entries(MODULES)) {
    for (const file of [`${module}.lua`, ...specs]) files[`${module}/${file}`] = fs.readFileSync(path.join(FIXTURE, module, file), "utf8");
  }
  return files;
}

/**
 * Live throwaway Prosodies whose plugin_paths is this workspace: the wrapper config named on
 * their command line says so (other Prosodies on this machine are not this test's).
 */
function moduleProsodiesOf(workspace: string): number[] {
  return liveProcesses().filter((info) => {
    // The command line's arguments are joined by NUL (/proc/<pid>/cmdline).
    const config = /--config\0([^\0]+)/.exec(info.commandLine)?.[1];
    if (config === undefined) return false;
    try {
      return fs.readFileSync(config, "utf8").includes(workspace);
    } catch {
      return false; // Its scratch folder is gone: it is stopping, and not ours to judge by its text.
    }
  }).map((info) => info.pid);
}

describe("a community modules' checkout with no settings", { timeout: 600_000 }, () => {
  let session: WorkbenchSession | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startWorkbenchSession(moduleFiles());
    workbench = session.workbench;
  });

  after(async () => {
    await session?.stop();
  });

  it("groups the specs by module, and Run All passes on throwaway Prosodies with each module loaded, leaving nothing behind", async () => {
    const page = workbench!.page;
    await page.locator(".statusbar-item", { hasText: "Prosody + each spec's module" }).waitFor();
    await workbench!.runCommand("Testing: Focus on Test Explorer View");
    await page.locator(".test-explorer").waitFor();
    for (const module of Object.keys(MODULES)) {
      const row = page.locator(`.test-explorer .monaco-list-row[aria-label^="${module} ("]`).first();
      await workbench!.waitOrExplain(row, `showed the module ${module} in the Test Explorer`);
      if ((await row.getAttribute("aria-expanded")) !== "true") await row.locator(".monaco-tl-twistie").click();
    }
    await workbench!.screenshot("module-checkout-tree");

    await workbench!.runCommand("Test: Run All Tests");
    for (const [module, specs] of Object.entries(MODULES)) {
      for (const spec of specs) {
        const passed = page.locator(`.test-explorer .monaco-list-row[aria-label^="${titleOf(module, spec).replaceAll('"', '\\"')} (Passed)"]`);
        await workbench!.waitOrExplain(passed, `${module}/${spec} passed`);
      }
    }
    await workbench!.screenshot("module-checkout-run-all");

    await page.locator(".part.panel .action-label", { hasText: /^Output$/ }).click();
    const output = page.locator(".part.panel .output-view .view-lines");
    const filter = page.locator(".part.panel").getByPlaceholder(/^Filter/);
    // The announcement of each module's run names the module, its folder and the generated config.
    for (const module of Object.keys(MODULES)) {
      await filter.fill(`with ${module} (`);
      await workbench!.waitOrExplain(output.filter({ hasText: `with ${module} (${path.join(session!.workspace, module)}) and the generated module config` }), `announced the run with ${module}`);
      await workbench!.screenshot(`module-checkout-output-${module}`);
    }
    await filter.fill("");

    await waitUntilNoProsody(session!.workspace);
  });
});

/** The servers are stopped after a run, in the background: wait for their end. */
async function waitUntilNoProsody(workspace: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (moduleProsodiesOf(workspace).length > 0) {
    assert.ok(Date.now() < deadline, `Prosody still runs: ${moduleProsodiesOf(workspace).join(", ")}`);
    // A process's end sends us no event: look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
