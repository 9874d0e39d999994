// The sequence diagram of a spec in a real VS Code: "Scansion: Show Sequence Diagram" opens the
// expected flow beside the spec and follows an edit; a click on an arrow reveals its line; after a
// failed run the diagram shows what happened with the stanza that never came in red, and the
// failure's peek offers "Accept the received stanza", which edits the spec; while the spec is debugged, the rows of the
// current step are highlighted and follow a step. Each state is saved as a screenshot in
// artifacts/e2e/ before it is asserted.
// Run with `npm run test:e2e` (not part of `npm test`: the file is not named *.test.ts).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FrameLocator } from "playwright-core";
import { readFixture } from "../support/e2e/codeServer";
import { startProsodyWorkbench, type ProsodyWorkbench } from "../support/e2e/workbenchSession";
import type { Workbench } from "../support/e2e/workbench";

const FAILING = "failing/version_mismatch.scs";
const FAILING_TEXT = readFixture(FAILING);
const LINES = FAILING_TEXT.split("\n");
/** 1-based lines of the fixture's actions. */
const SENDS_LINE = LINES.findIndex((line) => line.startsWith("Romeo sends")) + 1;
const RECEIVES_LINE = LINES.findIndex((line) => line.startsWith("Romeo receives")) + 1;
const CONNECTS_LINE = LINES.findIndex((line) => line.startsWith("Romeo connects")) + 1;

describe("the sequence diagram of a spec", { timeout: 600_000 }, () => {
  let session: ProsodyWorkbench | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startProsodyWorkbench({ [FAILING]: FAILING_TEXT }, () => ({ "files.autoSave": "off", "debug.saveBeforeStart": "none" }));
    workbench = session.workbench;
  });

  after(async () => {
    await session?.stop();
  });

  /** The diagram's page: the webview's iframe, and the page inside it. */
  const diagram = (): FrameLocator => workbench!.page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
  /** The text of an SVG element (innerText is for HTML elements only). */
  const svgText = (selector: string): Promise<string> => diagram().locator(selector).first().evaluate((element) => element.textContent ?? "");

  it("opens the spec's expected flow beside it, and follows an edit", async () => {
    assert.ok(SENDS_LINE > 0 && RECEIVES_LINE > SENDS_LINE && CONNECTS_LINE > 0, "the fixture connects, sends and receives");
    await workbench!.openFile(FAILING);
    await workbench!.waitForLanguageMode("Scansion");
    await workbench!.runCommand("Scansion: Show Sequence Diagram");
    const expected = diagram().locator('.sd[data-flow="expected"]');
    await workbench!.waitOrExplain(expected, "showed the expected flow");
    await diagram().locator(`.sd-x.sd-sent[data-line="${SENDS_LINE}"]`).waitFor();
    await workbench!.screenshot("diagram-expected-flow");
    assert.deepEqual(await diagram().locator(".sd-head text").evaluateAll((names) => names.map((name) => name.textContent)), ["server", "Romeo"]);
    assert.match(await svgText(`.sd-x.sd-sent[data-line="${SENDS_LINE}"] .sd-label`), /^iq get jabber:iq:version/);
    assert.match(await svgText(`.sd-x.sd-received[data-line="${RECEIVES_LINE}"] .sd-label`), /^iq result jabber:iq:version/);

    // A new action typed at the end shows up without saving (the fixture ends with one disconnect already).
    const disconnects = diagram().locator('.sd-x.sd-note:has-text("disconnects")');
    assert.equal(await disconnects.count(), 1);
    await workbench!.page.locator(".editor-group-container .monaco-editor .view-lines").first().click();
    await workbench!.page.keyboard.press("Control+End");
    await workbench!.type("\nRomeo disconnects\n");
    await disconnects.nth(1).waitFor();
    await workbench!.screenshot("diagram-follows-edit");
  });

  it("reveals an arrow's line in the spec when the arrow is clicked", async () => {
    await diagram().locator(`.sd-x.sd-received[data-line="${RECEIVES_LINE}"]`).click();
    await diagram().locator(`.sd-detail[data-i]:not([hidden]) .sd-xml`).waitFor();
    // The reveal leaves the focus where it is (the diagram, when its arrow was clicked), and the
    // status bar shows the cursor's line only for a focused text editor: focus the spec's editor.
    await workbench!.runCommand("View: Focus First Editor Group");
    await workbench!.waitOrExplain(workbench!.page.locator("#status\\.editor\\.selection", { hasText: new RegExp(`^Ln ${RECEIVES_LINE},`) }), `revealed line ${RECEIVES_LINE}`);
    await workbench!.screenshot("diagram-arrow-clicked");
    assert.match(await diagram().locator(".sd-detail:not([hidden]) .sd-xml").innerText(), /<name>Openfire<\/name>/);
  });

  it("after a failed run, draws what happened with the stanza that never came in red, and the peek offers to accept the received one", async () => {
    const page = workbench!.page;
    await workbench!.runCommand("Scansion: Run current spec");
    const actual = diagram().locator('.sd[data-flow="actual"]');
    await workbench!.waitOrExplain(actual, "showed the actual flow of the run");
    const missing = diagram().locator(`.sd-x.sd-missing[data-line="${RECEIVES_LINE}"]`);
    await missing.waitFor();
    await workbench!.screenshot("diagram-after-failed-run");
    const drawn = await svgText(`.sd-x.sd-missing[data-line="${RECEIVES_LINE}"]`);
    assert.match(drawn, /never came: iq result jabber:iq:version/);
    assert.match(drawn, /expected text "Openfire", received "Prosody"/);
    assert.ok(await diagram().locator(".sd-x.sd-received .sd-time").count() > 0, "received stanzas carry their time");

    await workbench!.moveCursorTo(RECEIVES_LINE);
    const marker = page.locator(".editor-group-container.active .test-error-content-widget");
    await marker.waitFor();
    await marker.click();
    const peek = page.locator(".editor-group-container.active .peekview-widget");
    await peek.waitFor();
    // "testing/message/content" puts the command on the message's diff as a floating button.
    const accept = peek.locator(".floating-click-widget", { hasText: "Accept the received stanza" }).first();
    await workbench!.waitOrExplain(accept, "offered Accept the received stanza on the failure peek");
    await workbench!.screenshot("diagram-failure-peek-accept");
    // In the narrow peek the diff's scrollbar covers the button's right end: click its left end, as a person would.
    await accept.click({ position: { x: 12, y: 8 } });
    // The expected <name>Openfire</name> becomes what Prosody sent; the diagram draws the edited text's own flow again.
    await page.locator(".editor-group-container .view-lines", { hasText: "Prosody</name>" }).first().waitFor();
    await diagram().locator('.sd[data-flow="expected"]').waitFor();
    await page.keyboard.press("Escape");
  });

  it("highlights the step a debug session stands at, and follows a step", async () => {
    const page = workbench!.page;
    await workbench!.moveCursorTo(SENDS_LINE);
    await workbench!.runCommand("Debug: Toggle Breakpoint");
    await page.locator(".editor-group-container.active .codicon-debug-breakpoint").first().waitFor();
    await workbench!.runCommand("Scansion: Debug current spec");
    await workbench!.waitOrExplain(page.locator('.debug-toolbar .action-label[aria-label^="Step Over"]'), "paused at the breakpoint");
    const current = diagram().locator(".sd-x.sd-current");
    await current.first().waitFor();
    await workbench!.screenshot("diagram-while-debugging");
    assert.deepEqual(await current.evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute("data-line")))]), [String(SENDS_LINE)]);

    await page.locator('.debug-toolbar .action-label[aria-label^="Step Over"]').click();
    await diagram().locator(`.sd-x.sd-current[data-line="${RECEIVES_LINE}"]`).first().waitFor();
    await workbench!.screenshot("diagram-after-a-step");
    assert.equal(await diagram().locator(`.sd-x.sd-current[data-line="${SENDS_LINE}"]`).count(), 0, "the previous step is no longer marked");
    await page.locator('.debug-toolbar .action-label[aria-label^="Stop"], .debug-toolbar .action-label[aria-label^="Disconnect"]').first().click();
    await page.locator(".debug-toolbar").waitFor({ state: "hidden" });
  });
});
