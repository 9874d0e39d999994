// One spec, several servers, side by side in a real VS Code (issue 19): scansion.targets names a
// throwaway Prosody and a throwaway ejabberd; "Run on every target" runs two specs written for
// ejabberd on both, one TestRun per target named after it; a failure's inline message says on
// which targets the spec failed and passed, and a failure recorded in scansion.expectations
// reads as a known one. Each check saves a screenshot into artifacts/e2e/ before it asserts.
// Run with `npm run test:e2e` (not part of `npm test`: the file is not named *.test.ts).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ejabberdUnavailable } from "@server/servers/ejabberd/throwawayEjabberd";
import { isProsodyInstalled, projectProsodyConfig } from "@server/servers/prosody/throwawayProsody";
import { readFixture } from "../support/e2e/codeServer";
import { startWorkbenchSession, type WorkbenchSession } from "../support/e2e/workbenchSession";
import type { Workbench } from "../support/e2e/workbench";

// Passes on Prosody; on ejabberd the server's name differs: a failure recorded as known.
const VERSION = "interop/version.scs";
// Passes on ejabberd; Prosody's MUC answers differ.
const MUC = "interop/message-and-muc.scs";
const VERSION_TEXT = readFixture("ejabberd/version-mismatch.scs");
const MUC_TEXT = readFixture("ejabberd/message-and-muc.scs");
const VERSION_DIFFERENCE = 'iq/query{jabber:iq:version}/name: expected text "Prosody", received "ejabberd"';
/** 1-based line of the action under a fixture's `# probe:` comment. */
const probeLine = (text: string) => text.split("\n").findIndex((line) => line.startsWith("# probe:")) + 2;

const unavailable = !isProsodyInstalled() ? "Prosody is not installed" : ejabberdUnavailable();

describe("Run on every target: a throwaway Prosody and a throwaway ejabberd side by side", { timeout: 900_000, skip: unavailable ?? false }, () => {
  let session: WorkbenchSession | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startWorkbenchSession({
      [VERSION]: VERSION_TEXT,
      [MUC]: MUC_TEXT,
      "ci/known.json": JSON.stringify({ ejabberd: { [`../${VERSION}`]: VERSION_DIFFERENCE } }, null, 2),
      ".vscode/settings.json": JSON.stringify({
        "scansion.targets": [{ name: "prosody", prosody: { config: projectProsodyConfig() } }, { name: "ejabberd", ejabberd: {} }],
        "scansion.expectations": "ci/known.json",
        "scansion.timeout": 2000,
      }, null, 2),
    });
    ({ workbench } = session);
  });

  after(async () => {
    await session?.stop();
  });

  const row = (labelStart: string) => workbench!.page.locator(`.test-explorer .monaco-list-row[aria-label^="${labelStart.replaceAll('"', '\\"')}"]`);

  it("runs the folder on both targets from its profile: Test Results lists one run per target, named after it", async () => {
    const page = workbench!.page;
    await workbench!.showTestingView();
    const folder = row("interop (");
    await folder.waitFor();
    await folder.click({ button: "right" });
    const executeUsing = page.locator('.context-view .action-label[aria-label="Execute Using Profile..."]');
    await executeUsing.hover();
    await page.locator('.context-view .action-item.focused .action-label[aria-label="Execute Using Profile..."]').waitFor();
    await executeUsing.click();
    const everyTarget = page.locator('.quick-input-widget .monaco-list-row[aria-label^="Run on every target"]');
    await everyTarget.waitFor();
    const profiles = await page.locator(".quick-input-widget .monaco-list-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? ""));
    await workbench!.screenshot("every-target-profiles");
    for (const label of ["Run on prosody", "Run on ejabberd", "Run on every target"]) assert.ok(profiles.some((one) => one.startsWith(label)), `${label} in ${JSON.stringify(profiles)}`);
    await everyTarget.click();

    // Test Results lists a run per target, named after it (the server's output channel may take the panel as a run starts).
    await expectRunsOfBothTargets(workbench!);
    await workbench!.screenshot("every-target-results-started");
  });

  it("a known failure says so in its message and names where the spec passed; the line shows every target's outcome", async () => {
    const page = workbench!.page;
    await workbench!.runCommand("View: Show Explorer");
    await workbench!.openFile(VERSION);
    const failing = probeLine(VERSION_TEXT);
    await workbench!.moveCursorTo(failing);
    // Failures are shown once both targets have run the spec: VS Code's marker at the line, our outcomes after it.
    const marker = page.locator(".editor-group-container.active .test-error-content-widget");
    await marker.waitFor({ timeout: 120_000 });
    const outcome = await workbench!.afterTexts(await workbench!.lineRow(failing));
    await workbench!.screenshot("every-target-known-failure-inline");
    assert.ok(outcome.some((text) => /^prosody ✓ \d+ ms · ejabberd ✗ iq\/query/.test(text)), `line ${failing} shows ${JSON.stringify(outcome)}`);
    const message = await peekText(workbench!, marker, "every-target-known-failure-peek");
    assert.ok(message.startsWith(`Known failure on ejabberd (ci/known.json). ${VERSION_DIFFERENCE} (Romeo waited 2000 ms`), message.slice(0, 600));
    assert.ok(message.includes("— failed on ejabberd (known failure); passed on prosody"), message.slice(0, 600));
    await page.keyboard.press("Escape");
  });

  it("a failure on one target only names the target it passed on", async () => {
    const page = workbench!.page;
    await workbench!.openFile(MUC);
    // Prosody's answer differs first at Romeo's version query (its own name, not ejabberd's).
    await workbench!.moveCursorTo(MUC_TEXT.split("\n").findIndex((line) => line.startsWith("Romeo receives:")) + 1);
    const marker = page.locator(".editor-group-container.active .test-error-content-widget");
    await marker.waitFor({ timeout: 120_000 });
    const message = await peekText(workbench!, marker, "every-target-failure-on-prosody");
    assert.match(message, /— failed on prosody; passed on ejabberd/);
    assert.doesNotMatch(message, /Known failure/);
    await page.keyboard.press("Escape");

    // Both runs, side by side in Test Results, each with its own failure.
    await expectRunsOfBothTargets(workbench!);
    await workbench!.screenshot("every-target-results");
  });
});

/** Opens the failure's peek from its marker and returns the peek's text (a screenshot first). */
async function peekText(workbench: Workbench, marker: ReturnType<Workbench["page"]["locator"]>, screenshot: string): Promise<string> {
  await marker.click();
  const peek = workbench.page.locator(".editor-group-container.active .peekview-widget");
  await peek.waitFor();
  await peek.locator(".monaco-diff-editor").first().waitFor();
  await workbench.screenshot(screenshot);
  return (await peek.innerText()).replace(/\s+/g, " ");
}

/** Shows the Test Results tab until it lists a run named "prosody" and one named "ejabberd". */
async function expectRunsOfBothTargets(workbench: Workbench): Promise<void> {
  const page = workbench.page;
  const runNamed = (name: string) => page.locator(".part.panel .monaco-list-row").filter({ hasText: new RegExp(`^\\s*${name}\\s*$`, "m") }).first();
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.locator(".part.panel .composite-bar .action-label", { hasText: "Test Results" }).click();
    try {
      await runNamed("prosody").waitFor({ timeout: 5_000 });
      await runNamed("ejabberd").waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}
