// Run with Coverage in a real VS Code, on a Prosody checkout: the Coverage profile of the target
// "Prosody (spec/scansion/prosody.cfg.lua)" runs the specs on throwaway Prosody servers that
// count their Lua lines; the coverage view lists the server's files, the editor shows covered
// and uncovered lines of plugins/muc/muc.lib.lua, and filtering the coverage to one spec shows
// what that spec ran beyond start-up.
// Run alone: `npm run package`, then SCANSION_E2E_VSIX=dist/vscode-scansion.vsix node --import tsx --test --test-concurrency=1 test/e2e/coverage.e2e.ts
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { prosody13Suite, type Prosody13Suite } from "@support/prosodySuite";
import type { WorkbenchSession } from "../support/e2e/workbenchSession";
import { specTitle, startCheckoutWorkbench } from "../support/e2e/prosodyWorkspace";
import type { Workbench } from "../support/e2e/workbench";

const suite = prosody13Suite();
const RUN = ["muc_create_destroy.scs", "version.scs"];
const skip = "missing" in suite ? suite.missing : false;
/** The suite's spec title; only called when the suite is there (the tests are skipped otherwise). */
const titleOf = (file: string) => specTitle(suite as Prosody13Suite, file);

describe("Run with Coverage on a Prosody checkout", { timeout: 600_000, skip }, () => {
  let session: WorkbenchSession | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startCheckoutWorkbench(suite as Prosody13Suite, RUN);
    workbench = session.workbench;
  });

  after(async () => {
    await session?.stop();
  });

  it("shows the Lua lines the specs' servers ran, covered and uncovered, for the run and for one spec", async () => {
    const page = workbench!.page;
    await page.locator(".statusbar-item", { hasText: "Prosody (spec/scansion/prosody.cfg.lua)" }).waitFor();
    await workbench!.runCommand("Testing: Focus on Test Explorer View");
    await page.locator(".test-explorer").waitFor();
    await workbench!.runCommand("Test: Run All Tests with Coverage");
    const group = page.locator('.test-explorer .monaco-list-row[aria-label^="spec/scansion ("]').first();
    await group.waitFor();
    if ((await group.getAttribute("aria-expanded")) !== "true") await group.locator(".monaco-tl-twistie").click();
    for (const file of RUN) {
      await workbench!.waitOrExplain(page.locator(`.test-explorer .monaco-list-row[aria-label^="${titleOf(file)} (Passed)"]`), `${file} passed`);
    }
    // The coverage view lists the server's files with their share of lines run.
    const coverageView = page.locator(".pane", { hasText: /Test Coverage/i });
    await workbench!.waitOrExplain(coverageView.locator(".monaco-list-row", { hasText: "modulemanager.lua" }).first(), "listed core/modulemanager.lua in the coverage view");
    await workbench!.screenshot("coverage-view");

    // Quick Open: the checkout's root holds more entries than the Explorer renders at once.
    await page.keyboard.press("Control+P");
    await page.locator(".quick-input-widget .quick-input-box input").fill("plugins/muc/muc.lib.lua");
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "muc.lib.lua" }).first().click();
    await page.locator('.editor-group-container.active .tab.active[data-resource-name="muc.lib.lua"]').waitFor();
    const editor = page.locator(".editor-group-container.active .monaco-editor");
    const source = fs.readFileSync(path.join(session!.workspace, "plugins/muc/muc.lib.lua"), "utf8").split("\n");
    const lineOf = (start: string) => source.findIndex((line) => line.startsWith(start)) + 1;
    const goToLine = async (line: number) => {
      await page.keyboard.press("Control+G");
      await page.locator(".quick-input-widget .quick-input-box input").fill(`:${line}`);
      await page.keyboard.press("Enter");
    };
    // The specs send a groupchat message (its handler ran); nothing declines a mediated invitation.
    const groupchat = lineOf("function room_mt:handle_groupchat_to_room");
    await goToLine(groupchat + 3);
    await workbench!.waitOrExplain(editor.locator(".coverage-deco-hit").first(), "marked lines run in muc.lib.lua");
    await workbench!.screenshot("coverage-muc-lib-run");
    await goToLine(lineOf("function room_mt:handle_mediated_decline") + 2);
    await workbench!.waitOrExplain(editor.locator(".coverage-deco-miss").first(), "marked lines never run in muc.lib.lua");
    await workbench!.screenshot("coverage-muc-lib-never-run");

    // One spec's own lines: VS Code asks the profile for that spec's details (loadDetailedCoverageForTest).
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget .quick-input-box input");
    await input.fill(">Filter Coverage by Test");
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Filter Coverage by Test" }).first().click();
    const offered = page.locator(".quick-input-widget .monaco-list-row", { hasText: titleOf("muc_create_destroy.scs") });
    await workbench!.waitOrExplain(offered.first(), "offered the MUC spec as a test to filter the coverage to");
    await offered.first().click();
    await page.locator(".quick-input-widget").waitFor({ state: "hidden" });
    // The spec sends a groupchat message: the room's handler is among its own lines.
    await goToLine(groupchat + 3);
    await workbench!.waitOrExplain(editor.locator(".coverage-deco-hit").first(), "marked the MUC spec's own lines");
    await workbench!.screenshot("coverage-muc-lib-one-spec");
  });
});
