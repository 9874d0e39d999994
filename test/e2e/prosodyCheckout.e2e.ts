// A Prosody checkout opened in a real VS Code with no settings: the workspace has the built
// tree's ./prosody and spec/scansion/ with Prosody 13.0.1's own config and specs. The target
// "Prosody (spec/scansion/prosody.cfg.lua)" is the current one, Run All passes against a
// throwaway Prosody started with that config unchanged, its log is in the "Scansion Server"
// output channel, and nothing of it is left afterwards; a config that does not load errors
// the specs with the reason and a notification that opens Prosody's log.
// Run with `npm run test:e2e` (or this file alone: see the README's e2e line).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { liveProcesses } from "@server/servers/processState";
import { prosody13Suite, type Prosody13Suite } from "../support/prosodySuite";
import type { WorkbenchSession } from "../support/e2e/workbenchSession";
import type { Workbench } from "../support/e2e/workbench";
import { specTitle, startCheckoutWorkbench } from "../support/e2e/prosodyWorkspace";

// The source tree scripts/ensure-prosody.mjs built, else ../shared's specs with the unpacked package.
const suite = prosody13Suite();
// keep_full_sub_req.scs resets the server inside the spec unless the runner holds it (runner/serverHold.ts).
const RUN = ["basic.scs", "keep_full_sub_req.scs", "version.scs", "server_contact_info.scs", "muc_create_destroy.scs", "pep_publish_subscribe.scs"];
const skip = "missing" in suite ? suite.missing : false;
/** The suite's spec title; only called when the suite is there (the tests are skipped otherwise). */
const titleOf = (file: string) => specTitle(suite as Prosody13Suite, file);

/** Live processes started from this workspace's ./prosody. */
function prosodyProcessesOf(workspace: string): number[] {
  const launcher = path.join(workspace, "prosody");
  return liveProcesses().filter((info) => info.commandLine.includes(launcher)).map((info) => info.pid);
}

describe("a Prosody checkout with no settings", { timeout: 600_000, skip }, () => {
  let session: WorkbenchSession | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startCheckoutWorkbench(suite as Prosody13Suite, RUN);
    workbench = session.workbench;
  });

  after(async () => {
    await session?.stop();
  });

  it("runs every spec with Run All against a throwaway Prosody 13.0.1, shows its log, and leaves nothing behind", async () => {
    const page = workbench!.page;
    await page.locator(".statusbar-item", { hasText: "Prosody (spec/scansion/prosody.cfg.lua)" }).waitFor();
    await workbench!.runCommand("Testing: Focus on Test Explorer View");
    await page.locator(".test-explorer").waitFor();
    await workbench!.runCommand("Test: Run All Tests");
    await workbench!.screenshot("prosody-checkout-running");
    // The specs sit in the group spec/scansion: open it when closed.
    for (const group of ["spec/scansion ("]) {
      const row = page.locator(`.test-explorer .monaco-list-row[aria-label^="${group}"]`).first();
      await row.waitFor();
      if ((await row.getAttribute("aria-expanded")) !== "true") await row.locator(".monaco-tl-twistie").click();
    }
    for (const file of RUN) {
      const passed = page.locator(`.test-explorer .monaco-list-row[aria-label^="${titleOf(file).replaceAll('"', '\\"')} (Passed)"]`);
      await workbench!.waitOrExplain(passed, `${file} passed`);
    }
    await workbench!.screenshot("prosody-checkout-run-all");

    await page.locator(".part.panel .action-label", { hasText: /^Output$/ }).click();
    const output = page.locator(".part.panel .output-view .view-lines");
    const filter = page.locator(".part.panel").getByPlaceholder(/^Filter/);
    // Prosody's log streams in up to its shutdown; the filter brings back lines that scrolled away.
    await filter.fill("Shutdown complete");
    await workbench!.waitOrExplain(output.filter({ hasText: "Shutdown complete" }), "showed Prosody's shutdown in the output channel");
    await filter.fill("Prosody 13.0.1");
    await output.filter({ hasText: `Prosody 13.0.1 (${path.join(session!.workspace, "prosody")})` }).waitFor();
    await workbench!.screenshot("prosody-checkout-output");
    await filter.fill("");

    await waitUntilNoProsody(session!.workspace);
  });

  it("when Prosody cannot start, the spec errors with the reason and a notification opens its log", async () => {
    const page = workbench!.page;
    // Another layout's config, named in the workspace settings: this one does not load.
    fs.writeFileSync(path.join(session!.workspace, "broken.cfg.lua"), "this is not lua {\n");
    fs.mkdirSync(path.join(session!.workspace, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(session!.workspace, ".vscode", "settings.json"), JSON.stringify({ "scansion.prosody.config": "broken.cfg.lua" }));
    await page.locator(".statusbar-item", { hasText: "Prosody (broken.cfg.lua)" }).waitFor();
    await workbench!.runCommand("Test: Run All Tests");
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Prosody did not start" });
    await workbench!.waitOrExplain(toast, "showed the start failure");
    const first = page.locator(`.test-explorer .monaco-list-row[aria-label^="${titleOf(RUN[0]!).replaceAll('"', '\\"')} (Errored)"]`);
    await workbench!.waitOrExplain(first, "marked the spec errored");
    await workbench!.screenshot("prosody-checkout-start-failure");
    const logFile = /exited with code \d+ before it was ready; log: (\S+)/.exec(await toast.innerText())?.[1];
    assert.ok(logFile, "the notification says where the log is");
    await toast.locator(".monaco-button", { hasText: "Open Log File" }).click();
    await page.locator(".editor-group-container.active .tab.active[data-resource-name^='prosody']").waitFor();
    await page.locator(".editor-group-container.active .view-lines", { hasText: "broken.cfg.lua" }).waitFor();
    await workbench!.screenshot("prosody-checkout-start-failure-log");
    await waitUntilNoProsody(session!.workspace);
    // A failed start keeps its scratch folder for the log: this test has read it.
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  });
});

/** The server is stopped after a run, in the background: wait for its end. */
async function waitUntilNoProsody(workspace: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (prosodyProcessesOf(workspace).length > 0) {
    assert.ok(Date.now() < deadline, `Prosody still runs: ${prosodyProcessesOf(workspace).join(", ")}`);
    // A process's end sends us no event: look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
