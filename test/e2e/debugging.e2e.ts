// Debugging a spec in a real VS Code, the way a person does: a breakpoint on an action line, the
// "Debug spec" lens, the run pausing there with Juliet's queue in the Variables view, a `${…}`
// evaluated in the Debug Console, then Continue to the end and the Test Explorer shows it passed.
// Each state is saved as a screenshot in artifacts/e2e/ before it is asserted.
// Run with `npm run test:e2e` (not part of `npm test`: the file is not named *.test.ts).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readFixture } from "../support/e2e/codeServer";
import { startProsodyWorkbench, type ProsodyWorkbench } from "../support/e2e/workbenchSession";
import type { Workbench } from "../support/e2e/workbench";

const SPEC = "specs/muc_members_only_deregister.scs";
const SPEC_TEXT = readFixture(SPEC);
const SPEC_LINES = SPEC_TEXT.split("\n");
const TITLE = SPEC_LINES[0]!.replace(/^#\s*/, "");
const FAILING = "failing/version_mismatch.scs";
const FAILING_TEXT = readFixture(FAILING);
const FAILING_TITLE = FAILING_TEXT.split("\n")[0]!.replace(/^#\s*/, "");
/** 1-based line of the failing `Romeo receives:`. */
const FAILING_LINE = FAILING_TEXT.split("\n").findIndex((line) => line.startsWith("Romeo receives")) + 1;
const DIFFERENCE = `expected text "Openfire", received "Prosody"`;
/** 1-based line of the expected `<name>Openfire</name>`, where the difference is. */
const DIFFERING_LINE = FAILING_TEXT.split("\n").findIndex((line) => line.includes("<name>Openfire</name>")) + 1;
/** A copy of FAILING that the last test edits without saving (a title of its own in the Test Explorer). */
const EDITED = "failing/unsaved_edit.scs";
const EDITED_TEXT = FAILING_TEXT.replace(/^#[^\n]*/, "# Failing on purpose, debugged with unsaved edits");
/** What the last test types above the spec: every line below moves down this many. */
const INSERTED_LINES = ["# Edited and not saved:", "# the debugger runs this text, not the file,", "# and its quick fixes point at these lines."];
/** Juliet's `jid:` in the fixture's header. */
const JULIET_JID = /\[Client\] Juliet\n\tjid: (\S+)/.exec(SPEC_TEXT)![1]!;
/** 1-based line of the first `Juliet receives:` after she joins the room: her join presences are queued by then. */
const BREAKPOINT_LINE = SPEC_LINES.findIndex((line, index) => line.startsWith("Juliet receives:") && SPEC_LINES.slice(0, index).some((l) => l.startsWith("Juliet sends:"))) + 1;

describe("debugging a spec", { timeout: 600_000 }, () => {
  let session: ProsodyWorkbench | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    // The last test debugs an edit that is not on disk: no auto save, and VS Code's save before a
    // debug session starts (debug.saveBeforeStart) turned off, as a person may have it.
    session = await startProsodyWorkbench({ [SPEC]: SPEC_TEXT, [FAILING]: FAILING_TEXT, [EDITED]: EDITED_TEXT }, () => ({ "files.autoSave": "off", "debug.saveBeforeStart": "none" }));
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
    // The lenses show once the extension is active; by then VS Code knows its debugger too, which
    // "Debug: Toggle Breakpoint" needs (on a code-server's very first start it may not yet).
    const debugLens = page.locator(".editor-group-container.active .codelens-decoration a", { hasText: "Debug spec" });
    await debugLens.waitFor();
    await workbench!.moveCursorTo(BREAKPOINT_LINE);
    await workbench!.runCommand("Debug: Toggle Breakpoint");
    await page.locator(".editor-group-container.active .codicon-debug-breakpoint").first().waitFor();

    await workbench!.moveCursorTo(1); // the lenses stand above the title
    await debugLens.click();
    // Paused: the editor marks the action the run stands before, and the toolbar offers Continue.
    await workbench!.waitOrExplain(page.locator(".editor-group-container.active .codicon-debug-stackframe").first(), "paused at the breakpoint");
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
    const label = await testExplorerState(workbench!, "specs", TITLE);
    await workbench!.screenshot("debug-spec-passed");
    assert.match(label, /\(Passed\)/);
  });

  it("stops a failing spec at the failing receives with the difference in the exception view", async () => {
    const page = workbench!.page;
    await workbench!.runCommand("View: Show Explorer");
    await workbench!.openFile(FAILING);
    await workbench!.moveCursorTo(1);
    await page.locator(".editor-group-container.active .codelens-decoration a", { hasText: "Debug spec" }).click();
    const exception = page.locator(".editor-group-container.active .exception-widget");
    await exception.waitFor();
    await workbench!.screenshot("debug-stopped-on-failure");
    const text = (await exception.innerText()).replace(/\s+/g, " ");
    assert.ok(text.includes(DIFFERENCE), `the exception view says the difference: ${text}`);
    // The frame points at what differs: the expected <name> inside the failing receive's stanza.
    assert.match(await page.locator("#status\\.editor\\.selection").innerText(), new RegExp(`^Ln ${DIFFERING_LINE},`), "paused at the differing element");

    await page.locator('.debug-toolbar .action-label[aria-label^="Continue"]').click();
    await page.locator(".debug-toolbar").waitFor({ state: "hidden" });
    assert.match(await testExplorerState(workbench!, "failing", FAILING_TITLE), /\(Failed\)/);
  });

  it("offers to accept the received stanza on the failing receives, and the accepted spec passes", async () => {
    const page = workbench!.page;
    await quickOpenFile(workbench!, FAILING);
    await workbench!.moveCursorTo(FAILING_LINE);
    await page.keyboard.press("Control+.");
    const accept = page.locator(".action-widget .monaco-list-row", { hasText: "Accept the received stanza" });
    await accept.waitFor();
    await workbench!.screenshot("quick-fix-accept-received");
    await accept.click();
    // The expected <name>Openfire</name> becomes what Prosody sent. (Waiting for "Prosody" alone
    // raced: the spec's comment line says Prosody before the fix is applied.)
    await page.locator(".editor-group-container.active .view-lines", { hasText: "Prosody</name>" }).waitFor();
    assert.doesNotMatch(await page.locator(".editor-group-container.active .view-lines").innerText(), /Openfire<\/name>/);
    await workbench!.runCommand("Scansion: Run current spec");
    // Before this run the row says Failed; only Passed tells the new run's outcome apart.
    const label = await testExplorerState(workbench!, "failing", FAILING_TITLE, ["Passed"]);
    await workbench!.screenshot("quick-fix-accepted-passes");
    assert.match(label, /\(Passed\)/);
  });

  it("debugs an edited, unsaved spec as the editor shows it, and its quick fix replaces the lines that ran", async () => {
    const page = workbench!.page;
    const moved = INSERTED_LINES.length;
    await quickOpenFile(workbench!, EDITED);
    await workbench!.moveCursorTo(1);
    await workbench!.type(INSERTED_LINES.map((line) => `${line}\n`).join(""));
    await page.locator(".editor-group-container.active .view-lines", { hasText: INSERTED_LINES[2]! }).waitFor();
    await workbench!.screenshot("debug-unsaved-edited");
    assert.equal(readFileSync(join(session!.workspace, EDITED), "utf8"), EDITED_TEXT, "the edit is not saved");
    await workbench!.moveCursorTo(1);
    await page.locator(".editor-group-container.active .codelens-decoration a", { hasText: "Debug spec" }).first().click();
    await page.locator(".editor-group-container.active .exception-widget").waitFor();
    await workbench!.screenshot("debug-unsaved-stopped-on-failure");
    assert.match(await page.locator("#status\\.editor\\.selection").innerText(), new RegExp(`^Ln ${DIFFERING_LINE + moved},`), "paused at the differing element of the text that ran");
    await page.locator('.debug-toolbar .action-label[aria-label^="Continue"]').click();
    await page.locator(".debug-toolbar").waitFor({ state: "hidden" });

    // The fix is offered on the failing receives where the editor has it (the file has it three lines up).
    await workbench!.moveCursorTo(FAILING_LINE + moved);
    await page.keyboard.press("Control+.");
    const accept = page.locator(".action-widget .monaco-list-row", { hasText: "Accept the received stanza" });
    await accept.waitFor();
    await accept.click();
    await page.locator(".editor-group-container.active .view-lines", { hasText: "Prosody</name>" }).waitFor();
    await workbench!.screenshot("debug-unsaved-quick-fix-applied");
    assert.doesNotMatch(await page.locator(".editor-group-container.active .view-lines").innerText(), /Openfire<\/name>/);
    assert.equal(await workbench!.lineText(FAILING_LINE + moved), "Romeo receives:", "the action line is untouched");
    await workbench!.moveCursorTo(1);
    assert.equal(await workbench!.lineText(1), INSERTED_LINES[0], "the unsaved lines are still there");
    assert.equal(readFileSync(join(session!.workspace, EDITED), "utf8"), EDITED_TEXT, "nothing was saved on the way");
  });
});

/** The Test Explorer row's aria-label (e.g. "Title (Passed), in 812ms") once it shows one of `states`, its folder group expanded. */
async function testExplorerState(workbench: Workbench, folder: string, title: string, states = ["Passed", "Failed", "Errored", "Skipped"]): Promise<string> {
  const page = workbench.page;
  await workbench.runCommand("Testing: Focus on Test Explorer View");
  const group = page.locator(`.test-explorer .monaco-list-row[aria-label^="${folder} ("]`);
  if ((await group.getAttribute("aria-expanded")) !== "true") await group.locator(".monaco-tl-twistie").click();
  const quoted = title.replaceAll('"', '\\"');
  const row = page.locator(states.map((state) => `.test-explorer .monaco-list-row[aria-label^="${quoted} (${state})"]`).join(", ")).first();
  try {
    await row.waitFor();
  } catch {
    const shown = await page.locator(`.test-explorer .monaco-list-row[aria-label^="${quoted}"]`).first().getAttribute("aria-label", { timeout: 1000 }).catch(() => null);
    throw new Error(`the Test Explorer row of "${title}" never showed ${states.join(" or ")}; it shows ${JSON.stringify(shown)}`);
  }
  return (await row.getAttribute("aria-label")) ?? "";
}

/** Opens a workspace file with Quick Open (Ctrl+P), whatever view the side bar shows. */
async function quickOpenFile(workbench: Workbench, relativePath: string): Promise<void> {
  await workbench.page.keyboard.press("Control+p");
  const input = workbench.page.locator(".quick-input-widget .quick-input-box input");
  await input.waitFor();
  await input.fill(relativePath);
  const name = relativePath.split("/").pop()!;
  // The row of that file, not merely the first row: the list may still show recently opened files
  // until the search for what was typed has answered.
  await workbench.page.locator(".quick-input-widget .monaco-list-row", { hasText: name }).first().click();
  await workbench.page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`).waitFor();
}
