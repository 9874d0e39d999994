// Recording a spec in a real VS Code, the way a person does: "Scansion: Record a spec" on a spec
// that only defines its clients, the steps picked from the list and a stanza typed into the
// prompt; what the clients send and receive is appended as scansion text, JIDs as variables, and
// the recorded spec then passes when run. Screenshots go to artifacts/e2e/ before each assertion.
// Run with `npm run test:e2e` (not part of `npm test`: the file is not named *.test.ts).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startProsodyWorkbench, type ProsodyWorkbench } from "../support/e2e/workbenchSession";
import type { Workbench } from "../support/e2e/workbench";

const SPEC = "recording/lovers.scs";
const TITLE = "Romeo writes to Juliet";
const HEADER = [
  `# ${TITLE}`, "",
  "[Client] Romeo", "\tjid: romeo-recorded@localhost", "\tpassword: password", "",
  "[Client] Juliet", "\tjid: juliet-recorded@localhost", "\tpassword: password", "",
  "-----", "",
].join("\n");
const STANZA = "<message to='${Juliet's full JID}' type='chat'><body>Hello Juliet</body></message>";

describe("recording a spec", { timeout: 600_000 }, () => {
  let session: ProsodyWorkbench | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startProsodyWorkbench({ [SPEC]: HEADER });
    workbench = session.workbench;
  });

  after(async () => {
    await session?.stop();
  });

  it("appends what the clients do as scansion text, with JIDs as variables", async () => {
    const page = workbench!.page;
    await workbench!.openFile(SPEC);
    await workbench!.waitForLanguageMode("Scansion");
    await workbench!.runCommand("Scansion: Record a spec");

    const lines = page.locator(".editor-group-container.active .view-lines");
    await pickStep(workbench!, "Romeo connects");
    await lines.filter({ hasText: "Romeo connects" }).waitFor();
    await pickStep(workbench!, "Juliet connects");
    await lines.filter({ hasText: "Juliet connects" }).waitFor();
    await pickStep(workbench!, "Romeo sends");
    const input = page.locator(".quick-input-widget .quick-input-box input");
    await input.fill(STANZA);
    await page.keyboard.press("Enter");
    await lines.filter({ hasText: "Juliet receives:" }).waitFor();
    await pickStep(workbench!, "Finish recording");
    await page.locator(".quick-input-widget").waitFor({ state: "hidden" });
    await workbench!.screenshot("recording-appended");

    const text = (await lines.innerText()).replace(/\u00a0/g, " ");
    assert.match(text, /Romeo sends:\s+<message to='\$\{Juliet's full JID\}' type='chat'>/, text);
    assert.match(text, /Juliet receives:\s+<message [^>]*from='\$\{Romeo's full JID\}'/, "the received stanza names Romeo by variable");
    assert.doesNotMatch(text, /romeo-recorded@localhost\//, "no literal full JID is left in the recorded steps");
  });

  it("the recorded spec passes when run", async () => {
    const page = workbench!.page;
    await page.keyboard.press("Control+s");
    await page.locator(".editor-group-container.active .tab.active.dirty").waitFor({ state: "detached" });
    await workbench!.runCommand("Scansion: Run current spec");
    await workbench!.runCommand("Testing: Focus on Test Explorer View");
    const group = page.locator('.test-explorer .monaco-list-row[aria-label^="recording ("]');
    if ((await group.getAttribute("aria-expanded")) !== "true") await group.locator(".monaco-tl-twistie").click();
    const row = page.locator(`.test-explorer .monaco-list-row[aria-label^="${TITLE} (Passed)"], .test-explorer .monaco-list-row[aria-label^="${TITLE} (Failed)"], .test-explorer .monaco-list-row[aria-label^="${TITLE} (Errored)"]`).first();
    await row.waitFor();
    await workbench!.screenshot("recording-spec-passes");
    assert.match((await row.getAttribute("aria-label")) ?? "", /\(Passed\)/);
  });
});

/** Picks the step whose label contains `label` as a keyboard user does: type to filter, Enter once it is the focused row. */
async function pickStep(workbench: Workbench, label: string): Promise<void> {
  const page = workbench.page;
  await page.locator(".quick-input-widget:not(.quick-input-widget-closing) .monaco-list-row", { hasText: label }).first().waitFor();
  await page.locator(".quick-input-widget .quick-input-box input").fill(label);
  await page.locator(".quick-input-widget .monaco-list-row.focused", { hasText: label }).waitFor();
  await page.keyboard.press("Enter");
}
