// Debugging a spec in a real VS Code, the way a person does: a breakpoint on an action line, the
// "Debug spec" lens, the run pausing there with Juliet's queue in the Variables view, a `${…}`
// evaluated in the Debug Console, then Continue to the end and the Test Explorer shows it passed.
// Each state is saved as a screenshot in artifacts/e2e/ before it is asserted.
// Run with `npm run test:e2e` (not part of `npm test`: the file is not named *.test.ts).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readFixture } from "./codeServer";
import { startProsodyWorkbench, type ProsodyWorkbench } from "./prosodyWorkbench";
import type { Workbench } from "./workbench";

const SPEC = "specs/muc_members_only_deregister.scs";
const SPEC_TEXT = readFixture(SPEC);
const SPEC_LINES = SPEC_TEXT.split("\n");
const TITLE = SPEC_LINES[0]!.replace(/^#\s*/, "");
/** Juliet's `jid:` in the fixture's header. */
const JULIET_JID = /\[Client\] Juliet\n\tjid: (\S+)/.exec(SPEC_TEXT)![1]!;
/** 1-based line of the first `Juliet receives:` after she joins the room: her join presences are queued by then. */
const BREAKPOINT_LINE = SPEC_LINES.findIndex((line, index) => line.startsWith("Juliet receives:") && SPEC_LINES.slice(0, index).some((l) => l.startsWith("Juliet sends:"))) + 1;

describe("debugging a spec", { timeout: 600_000 }, () => {
  let session: ProsodyWorkbench | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startProsodyWorkbench({ [SPEC]: SPEC_TEXT });
    workbench = session.workbench;
  });

  after(async () => {
    await session?.stop();
  });

  it("stops at a breakpoint on an action line and shows Juliet's queued stanzas", async () => {
    const page = workbench!.page;
    assert.ok(BREAKPOINT_LINE > 0, "the fixture has a Juliet receives after Juliet sends");
    await workbench!.openFile(SPEC);
    await workbench!.waitForLanguageMode("Scansion");
    await workbench!.moveCursorTo(BREAKPOINT_LINE);
    await workbench!.runCommand("Debug: Toggle Breakpoint");
    await page.locator(".editor-group-container.active .codicon-debug-breakpoint").first().waitFor();

    await workbench!.moveCursorTo(1); // the lenses stand above the title
    await page.locator(".editor-group-container.active .codelens-decoration a", { hasText: "Debug spec" }).click();
    // Paused: the editor marks the action the run stands before, and the toolbar offers Continue.
    await page.locator(".editor-group-container.active .codicon-debug-stackframe").first().waitFor();
    await page.locator('.debug-toolbar .action-label[aria-label^="Continue"]').waitFor();
    const stoppedAt = await page.locator("#status\\.editor\\.selection").innerText();
    await workbench!.screenshot("debug-paused-at-breakpoint");
    assert.match(stoppedAt, new RegExp(`^Ln ${BREAKPOINT_LINE},`), `the editor shows the paused line (${stoppedAt})`);

    const variables = page.locator(".debug-pane .debug-variables .monaco-list-row");
    const clients = variables.filter({ hasText: /^Clients/ }).first();
    if ((await clients.getAttribute("aria-expanded")) !== "true") await clients.click();
    const juliet = variables.filter({ hasText: /^Juliet/ }).first();
    await juliet.waitFor();
    const summary = (await juliet.innerText()).replace(/\s+/g, " ");
    assert.match(summary, new RegExp(`connected as ${JULIET_JID}/\\S+; \\d+ stanzas? queued`), summary);
    if ((await juliet.getAttribute("aria-expanded")) !== "true") await juliet.click();
    const queued = variables.filter({ hasText: /^queued/ }).first();
    await queued.waitFor();
    if ((await queued.getAttribute("aria-expanded")) !== "true") await queued.click();
    const firstQueued = variables.filter({ hasText: /^\[1\]/ }).first();
    await firstQueued.waitFor();
    await workbench!.screenshot("debug-juliet-queue");
    assert.match((await firstQueued.innerText()).replace(/\s+/g, " "), /<presence/, "Juliet's queue holds her join presence");
  });

  it("evaluates a ${…} variable in the Debug Console", async () => {
    const page = workbench!.page;
    await workbench!.runCommand("Debug Console: Focus on Debug Console View");
    await page.locator(".repl-input-wrapper .monaco-editor").click();
    await workbench!.type("${Juliet's full JID}");
    await page.keyboard.press("Enter");
    const answer = page.locator(".repl .monaco-list-row", { hasText: new RegExp(`^${JULIET_JID}/\\S+$`) }).last();
    await answer.waitFor();
    await workbench!.screenshot("debug-console-variable");
    assert.match(await answer.innerText(), new RegExp(`^${JULIET_JID}/`));
  });

  it("continues to the end, closes the session and reports the spec passed in the Test Explorer", async () => {
    const page = workbench!.page;
    await page.locator('.debug-toolbar .action-label[aria-label^="Continue"]').click();
    await page.locator(".debug-toolbar").waitFor({ state: "hidden" });
    await workbench!.runCommand("Testing: Focus on Test Explorer View");
    const folder = page.locator('.test-explorer .monaco-list-row[aria-label^="specs ("]');
    if ((await folder.getAttribute("aria-expanded")) !== "true") await folder.locator(".monaco-tl-twistie").click();
    const spec = page.locator(`.test-explorer .monaco-list-row[aria-label^="${TITLE} ("]`);
    await spec.waitFor();
    // The row's label says its state; wait until it says how the debugged run ended.
    await page.locator(`.test-explorer .monaco-list-row[aria-label^="${TITLE} (Passed)"], .test-explorer .monaco-list-row[aria-label^="${TITLE} (Failed)"], .test-explorer .monaco-list-row[aria-label^="${TITLE} (Errored)"], .test-explorer .monaco-list-row[aria-label^="${TITLE} (Skipped)"]`).waitFor();
    await workbench!.screenshot("debug-spec-passed");
    assert.match((await spec.getAttribute("aria-label")) ?? "", /\(Passed\)/);
  });
});
