// Running specs in a real VS Code, the way a person does: the Test Explorer lists the fixture
// specs by title, a spec run from its row against a throwaway Prosody turns green, and a failing
// spec run from the editor shows its difference inline at the failing `receives` line and as a
// diff in the peek. Each check saves a screenshot into artifacts/e2e/ before it asserts.
// Run with `npm run test:e2e` (not part of `npm test`: the file is not named *.test.ts).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acceptsTcp } from "@server/servers/serverProcess";
import { after, before, describe, it } from "node:test";
import { findProsody, freeLoopbackPorts, projectProsodyConfig, type ThrowawayProsody } from "@server/servers/prosody/throwawayProsody";
import { readFixture } from "../support/e2e/codeServer";
import { startProsodyWorkbench, startWorkbenchSession, type ProsodyWorkbench, type WorkbenchSession } from "../support/e2e/workbenchSession";
import type { Workbench } from "../support/e2e/workbench";

const PASSING = "specs/muc_members_only_deregister.scs";
const FAILING = "failing/version_mismatch.scs";
const BROKEN = "language/broken-xml.scs";
const WAITING = "slow/waits.scs";
const WATCHED = "watch/ping.scs";
const FILES: Record<string, string> = {
  [PASSING]: readFixture(PASSING),
  [FAILING]: readFixture(FAILING),
  [BROKEN]: readFixture(BROKEN),
  // Waits for a message nobody sends: the run is still going when the test cancels it.
  [WAITING]: "# Romeo waits for a message nobody sends\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n\nRomeo receives:\n\t<message from='nobody@localhost'/>\n",
  // Watched in a continuous run: the test edits the expected reply's type (line 17) and saves.
  [WATCHED]: "# Romeo pings the server while it is watched\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n\n"
    + "Romeo sends:\n\t<iq type='get' id='watch-1' to='localhost'>\n\t\t<ping xmlns='urn:xmpp:ping'/>\n\t</iq>\n\nRomeo receives:\n\t<iq type='result' id='watch-1' from='localhost'/>\n\nRomeo disconnects\n",
};

/** The title line of a fixture, without its `# `. */
function titleOf(path: string): string {
  return FILES[path]!.split("\n")[0]!.replace(/^#\s*/, "");
}

/** 1-based line of the failing fixture's `Romeo receives:`, where the failure must be shown. */
const FAILING_LINE = FILES[FAILING]!.split("\n").findIndex((line) => line.startsWith("Romeo receives")) + 1;
const DIFFERENCE = `expected text "Openfire", received "Prosody"`;
/** 1-based line of the watched spec's expected reply, which the continuous-run check edits. */
const WATCHED_LINE = FILES[WATCHED]!.split("\n").findIndex((line) => line.startsWith("\t<iq type='result'")) + 1;

describe("running specs from the Test Explorer and the editor", { timeout: 600_000 }, () => {
  let session: ProsodyWorkbench | undefined;
  let prosody: ThrowawayProsody | undefined;
  let workspace: string;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startProsodyWorkbench(FILES, (server) => ({ "scansion.targets": [{ name: "second prosody", host: server.host, port: server.c2sPort }] }));
    ({ prosody, workspace, workbench } = session);
  });

  after(async () => {
    await session?.stop();
  });

  const row = (labelStart: string) => workbench!.page.locator(`.test-explorer .monaco-list-row[aria-label^="${labelStart.replaceAll('"', '\\"')}"]`);

  it("lists every spec by its title under its directory, a broken one with its error, and the current target in the status bar", async () => {
    const page = workbench!.page;
    await workbench!.showTestingView();
    for (const directory of ["failing", "language", "slow", "specs", "watch"]) {
      const group = row(`${directory} (`);
      if ((await group.getAttribute("aria-expanded")) !== "true") await group.locator(".monaco-tl-twistie").click();
    }
    for (const path of [PASSING, FAILING, BROKEN]) await row(titleOf(path)).waitFor();
    const brokenError = page.locator('.test-explorer .monaco-list-row[aria-label^="line 13: "]');
    await brokenError.waitFor();
    const target = page.locator(".statusbar-item", { hasText: `${prosody!.host}:${prosody!.c2sPort}` });
    await target.waitFor();
    await workbench!.screenshot("test-explorer-specs");

    const labels = await page.locator(".test-explorer .monaco-list-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? ""));
    for (const path of [PASSING, FAILING, BROKEN]) {
      assert.ok(labels.some((label) => label.startsWith(titleOf(path))), `no row titled "${titleOf(path)}" in ${JSON.stringify(labels)}`);
    }
    assert.match((await brokenError.getAttribute("aria-label")) ?? "", /never closed/);
  });

  it("filters by a ## tag with @scansion:<tag>", async () => {
    const page = workbench!.page;
    // The filter box is a small editor: type into it as a person does.
    await page.locator(".testing-filter-action-item .monaco-editor").first().click();
    await page.keyboard.type("@scansion:fixture ");
    await row(titleOf(PASSING)).waitFor({ state: "detached" });
    await row(titleOf(FAILING)).waitFor();
    await workbench!.screenshot("test-explorer-tag-filter");
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Backspace");
    await row(titleOf(PASSING)).waitFor();
  });

  it("runs a spec from its row against the throwaway Prosody and shows it passed", async () => {
    const spec = row(titleOf(PASSING));
    await spec.hover();
    await spec.locator('.action-label[aria-label="Run Test"]').click();
    const passed = workbench!.page.locator(`.test-explorer .monaco-list-row[aria-label^="${titleOf(PASSING)} (Passed)"]`);
    await passed.waitFor();
    await workbench!.screenshot("test-explorer-passed");
    assert.match((await passed.getAttribute("aria-label")) ?? "", /\(Passed\), in \d+ms/);
  });

  it("cancelling a run ends it within half a second, while the spec is still waiting", async (t) => {
    const page = workbench!.page;
    const spec = row(titleOf(WAITING));
    await spec.hover();
    await spec.locator('.action-label[aria-label="Run Test"]').click();
    // The spinner shows the spec is running (its receive waits up to 4 s).
    const spinner = spec.locator(".computed-state.codicon-loading");
    await spinner.waitFor();
    const cancel = page.locator('.action-label[aria-label^="Cancel Test Run ("]').first();
    const started = Date.now();
    await cancel.click();
    await spinner.waitFor({ state: "detached" });
    const elapsed = Date.now() - started;
    t.diagnostic(`the run ended ${elapsed} ms after the click on Cancel`);
    await workbench!.screenshot("test-explorer-cancelled");
    const label = (await spec.getAttribute("aria-label")) ?? "";
    // The receive would wait 4 s; the browser round trips of this check take part of the budget.
    assert.ok(elapsed < 1000, `the run ended ${elapsed} ms after the click on Cancel (${label})`);
    assert.doesNotMatch(label, /\((Passed|Failed)\)/);
  });

  it("runs the open spec with \"Scansion: Run current spec\" and shows the difference at the failing receives line", async () => {
    const page = workbench!.page;
    await workbench!.runCommand("View: Show Explorer");
    await workbench!.openFile(FAILING);
    await workbench!.runCommand("Scansion: Run current spec");
    await workbench!.moveCursorTo(FAILING_LINE);

    // VS Code's own inline failure marker sits on the failing line, and so does our outcome text.
    const marker = page.locator(".editor-group-container.active .test-error-content-widget");
    await marker.waitFor();
    const failingRow = await workbench!.lineRow(FAILING_LINE);
    const lineTop = await failingRow.evaluate((element) => (element as unknown as PageElement).style.top);
    assert.equal(await marker.evaluate((element) => (element as unknown as PageElement).style.top), lineTop, `the failure marker is on line ${FAILING_LINE}`);
    const outcome = await workbench!.afterTexts(failingRow);
    await workbench!.screenshot("editor-failure-inline");
    assert.ok(outcome.some((text) => text.startsWith("✗") && text.includes(DIFFERENCE)), `line ${FAILING_LINE} shows ${JSON.stringify(outcome)}`);
    const connectRow = await workbench!.lineRow(FAILING_LINE - 10);
    assert.ok((await workbench!.afterTexts(connectRow)).some((text) => /^✓ \d+ ms$/.test(text)), "the passed connect line shows its time");

    // Clicking the marker opens the peek: the message names what never came, the diff shows both stanzas.
    await marker.click();
    const peek = page.locator(".editor-group-container.active .peekview-widget");
    await peek.waitFor();
    await peek.locator(".monaco-diff-editor").first().waitFor();
    await workbench!.screenshot("editor-failure-peek");
    // The received side is printed in the expected stanza's order: its first line starts as the expected one's
    // (the server's `to` comes last), so the diff marks the extra attribute and the <name> line, nothing else.
    const received = (await peek.locator(".monaco-diff-editor .editor.modified .view-lines").first().innerText()).replace(/\u00a0/g, " ");
    assert.match(received, /^<iq type='result' id='version-1' from='localhost' to='romeo@localhost\/[^']+'>/, received);
    assert.match(received, /^\s*<name>Prosody<\/name>$/m);
    // Without the side bar the diff is wide enough to show the marked characters: the `to` at the end of line 1, the name.
    const sideBar = page.locator("#workbench\\.parts\\.sidebar");
    await page.keyboard.press("Control+b");
    await sideBar.waitFor({ state: "hidden" });
    await workbench!.screenshot("editor-failure-diff-reordered");
    await page.keyboard.press("Control+b");
    await sideBar.waitFor();
    const peekText = (await peek.innerText()).replace(/\s+/g, " ");
    assert.match(peekText, /Romeo waited 4000 ms for <iq type='result' id='version-1' from='localhost'>/);
    assert.ok(peekText.includes(DIFFERENCE), `the peek shows the difference: ${peekText.slice(0, 400)}`);
    const peekTop = await peek.evaluate((element) => element.getBoundingClientRect().top);
    const lineBottom = await failingRow.evaluate((element) => element.getBoundingClientRect().bottom);
    assert.ok(Math.abs(peekTop - lineBottom) < 30, `the peek opens right below line ${FAILING_LINE} (peek top ${peekTop}, line bottom ${lineBottom})`);
  });

  it("keeps the tree current: a file written on disk appears, an unsaved edit of its title renames it", async () => {
    const page = workbench!.page;
    await page.keyboard.press("Escape"); // closes the previous check's peek
    writeFileSync(join(workspace, "specs/written_later.scs"), "# Written while VS Code runs\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n");
    await workbench!.showTestingView();
    await row("Written while VS Code runs (").waitFor();
    await quickOpen(workbench!, "written_later.scs");
    await workbench!.moveCursorTo(1);
    await page.keyboard.press("End");
    await workbench!.type(" and edited");
    await workbench!.waitOrExplain(page.locator(".editor-group-container.active .view-lines", { hasText: "runs and edited" }), "typed the title edit");
    await workbench!.showTestingView();
    await workbench!.waitOrExplain(row("Written while VS Code runs and edited ("), "renamed the spec after an unsaved edit");
    await workbench!.screenshot("test-explorer-unsaved-edit");
    assert.equal(await row("Written while VS Code runs (").count(), 0);
  });

  it("runs a watched spec again each time it is saved, until the watch is stopped", async () => {
    const page = workbench!.page;
    await page.keyboard.press("Escape");
    await workbench!.showTestingView();
    // Watching: the row then offers to stop it.
    await toggleContinuousRun(row(titleOf(WATCHED)), "on");
    await workbench!.screenshot("watch-started");

    // Expect an error reply instead of the result: saved, the spec runs again and fails.
    await workbench!.runCommand("View: Show Explorer");
    await workbench!.openFile(WATCHED);
    await workbench!.moveCursorTo(WATCHED_LINE, "\t<iq type='".length);
    await workbench!.selectRight("result".length);
    await workbench!.type("error");
    await page.keyboard.press("Control+s");
    await workbench!.waitOrExplain(page.locator(".editor-group-container.active .test-error-content-widget"), "ran the watched spec again after the save");
    const failedRow = await workbench!.lineRow(WATCHED_LINE - 1); // `Romeo receives:`, where outcomes are shown
    const outcome = await workbench!.afterTexts(failedRow);
    assert.ok(outcome.some((text) => text.startsWith("✗") && text.includes(`iq@type: expected "error", received "result"`)), `the failure of the new text is shown: ${JSON.stringify(outcome)}`);
    await workbench!.showTestingView();
    await row(`${titleOf(WATCHED)} (Failed)`).waitFor();
    await workbench!.screenshot("watch-rerun-failed");

    // Put it back and save: it runs again, and this result replaces the failure.
    await workbench!.runCommand("View: Show Explorer");
    await workbench!.openFile(WATCHED);
    await page.keyboard.press("Control+z");
    await page.locator(".editor-group-container.active .view-lines", { hasText: "<iq type='result' id='watch-1'" }).waitFor();
    await page.keyboard.press("Control+s");
    await page.locator(".editor-group-container.active .test-error-content-widget").waitFor({ state: "detached" });
    await workbench!.showTestingView();
    await row(`${titleOf(WATCHED)} (Passed)`).waitFor();
    await workbench!.screenshot("watch-rerun-passed");

    // Stopping the watch: the row offers to start it again…
    await toggleContinuousRun(row(titleOf(WATCHED)), "off");
    await workbench!.screenshot("watch-stopped");

    // …and a save no longer runs it: after a save and a run by command, Test Results holds one new run, not two
    // (a run the save started would have been listed 100 ms after the save, long before the 4 s failure).
    const olderResults = async () => Number(/(\d+) older results?/.exec(await page.locator(".part.panel .monaco-list-row", { hasText: /older result/ }).innerText())?.[1]);
    const before = await olderResults();
    await workbench!.runCommand("View: Show Explorer");
    await workbench!.openFile(WATCHED);
    await workbench!.moveCursorTo(WATCHED_LINE, "\t<iq type='".length);
    await workbench!.selectRight("result".length);
    await workbench!.type("error");
    await page.keyboard.press("Control+s");
    await workbench!.runCommand("Scansion: Run current spec");
    await page.locator(".editor-group-container.active .test-error-content-widget").waitFor();
    assert.equal(await olderResults(), before + 1);
  });

  it("switches the server target from the status bar; each named target also has its own run profile that runs against it", async () => {
    const page = workbench!.page;
    await page.locator(".statusbar-item", { hasText: `${prosody!.host}:${prosody!.c2sPort}` }).click();
    const pick = page.locator(".quick-input-widget .monaco-list-row");
    await pick.first().waitFor();
    const labels = await pick.evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? ""));
    await workbench!.screenshot("target-quick-pick");
    assert.ok(labels.some((label) => label.includes("Default server")) && labels.some((label) => label.includes("second prosody")), JSON.stringify(labels));
    await pick.filter({ hasText: "second prosody" }).click();
    await page.locator(".statusbar-item", { hasText: "second prosody" }).waitFor();

    await workbench!.showTestingView();
    await row(titleOf(PASSING)).click({ button: "right" });
    // The menu takes a click only once it is ready: hover until the item is focused, then click.
    const executeUsing = page.locator('.context-view .action-label[aria-label="Execute Using Profile..."]');
    await executeUsing.hover();
    await page.locator('.context-view .action-item.focused .action-label[aria-label="Execute Using Profile..."]').waitFor();
    await executeUsing.click();
    const profiles = page.locator(".quick-input-widget .monaco-list-row");
    await page.locator('.quick-input-widget .monaco-list-row[aria-label^="Run on second prosody"]').waitFor();
    const profileLabels = await profiles.evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? ""));
    await workbench!.screenshot("test-profiles");
    assert.ok(profileLabels.some((label) => label.startsWith("Run on second prosody")), JSON.stringify(profileLabels));
    // The profile runs against its own target: the run is named after it in Test Results.
    await page.locator('.quick-input-widget .monaco-list-row[aria-label^="Run on second prosody"]').click();
    await page.locator(".monaco-list-row", { hasText: "Scansion: second prosody" }).waitFor();
    await row(`${titleOf(PASSING)} (Passed)`).waitFor();
  });
});

describe("a server started for the run by scansion.server.startCommand", { timeout: 600_000 }, () => {
  let session: WorkbenchSession | undefined;
  let dataDirectory: string;
  let c2sPort: number;
  let workbench: Workbench | undefined;

  before(async () => {
    let httpPort: number;
    [c2sPort, httpPort] = await freeLoopbackPorts(2) as [number, number];
    // Prosody with the project's test config, as a project would start it; its log goes to the output channel.
    dataDirectory = mkdtempSync(join(tmpdir(), "scansion-e2e-prosody-"));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(dataDirectory, Number(runId("-u", "prosody")), Number(runId("-g", "prosody")));
    const prosody = `${asRoot ? "runuser -u prosody -- " : ""}${findProsody() ?? "prosody"} --config ${projectProsodyConfig()}`;
    const startCommand = `cd ${dataDirectory} && SCS_C2S_PORT=${c2sPort} SCS_HTTP_PORT=${httpPort} SCS_PROSODY_LOG='*console' exec ${prosody}`;
    session = await startWorkbenchSession({
      [PASSING]: FILES[PASSING]!,
      ".vscode/settings.json": JSON.stringify({ "scansion.server.host": "127.0.0.1", "scansion.server.port": c2sPort, "scansion.server.startCommand": startCommand }, null, 2),
    }, () => rmSync(dataDirectory, { recursive: true, force: true }));
    workbench = session.workbench;
  });

  after(async () => {
    await session?.stop();
  });

  it("starts the server before the run, sends its output to the \"Scansion Server\" channel, and stops it after", async () => {
    const page = workbench!.page;
    assert.equal(await acceptsTcp("127.0.0.1", c2sPort), false, "no server before the run");
    await workbench!.showTestingView();
    const spec = page.locator(`.test-explorer .monaco-list-row[aria-label^="${titleOf(PASSING)} ("]`);
    const group = page.locator('.test-explorer .monaco-list-row[aria-label^="specs ("]');
    if ((await group.getAttribute("aria-expanded")) !== "true") await group.locator(".monaco-tl-twistie").click();
    await spec.hover();
    await spec.locator('.action-label[aria-label="Run Test"]').click();
    await page.locator(`.test-explorer .monaco-list-row[aria-label^="${titleOf(PASSING)} (Passed)"]`).waitFor();

    await page.locator('.part.panel .action-label', { hasText: /^Output$/ }).click();
    const output = page.locator(".part.panel .output-view .view-lines");
    await output.filter({ hasText: "has stopped" }).waitFor();
    await workbench!.screenshot("start-command-output");
    const end = (await output.innerText()).replace(/\u00a0/g, " ");
    assert.match(end, /Shutdown reason was: Received SIGTERM/, "Prosody's own output, up to its shutdown, reaches the channel");
    // The start of the channel has scrolled away: the Output view's filter brings the lines back.
    const filter = page.locator(".part.panel").getByPlaceholder(/^Filter/);
    await filter.fill("welcome");
    await output.filter({ hasText: "Hello and welcome to Prosody" }).waitFor();
    await filter.fill(`$ cd ${dataDirectory}`);
    await output.filter({ hasText: `$ cd ${dataDirectory}` }).waitFor();
    await workbench!.screenshot("start-command-filtered");
    await filter.fill("");
    assert.equal(await acceptsTcp("127.0.0.1", c2sPort), false, "the server is gone after the run");
  });
});

function runId(flag: string, user: string): string {
  return execFileSync("id", [flag, user], { encoding: "utf8" }).trim();
}

/** The little of the page's DOM these checks use (the project type-checks without the DOM library). */
interface PageElement {
  readonly textContent: string | null;
  readonly parentElement: PageElement | null;
  readonly style: { readonly top: string };
  querySelectorAll(selector: string): Iterable<PageElement>;
}


/** Opens a workspace file by name with Quick Open (the Explorer may not list a new file yet). */
async function quickOpen(workbench: Workbench, name: string): Promise<void> {
  await workbench.page.keyboard.press("Control+p");
  const input = workbench.page.locator(".quick-input-widget .quick-input-box input");
  await input.fill(name);
  await workbench.page.locator(`.quick-input-widget .monaco-list-row[aria-label^="${name}"]`).first().waitFor();
  await workbench.page.keyboard.press("Enter");
  await workbench.page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`).waitFor();
}

/** The rendered row of a 1-based line of the active editor (the line must be in view). */
/** Turns a Test Explorer row's continuous run on or off with its inline action, and waits until the row offers the opposite. */
async function toggleContinuousRun(row: ReturnType<Workbench["page"]["locator"]>, to: "on" | "off"): Promise<void> {
  const [offered, next] = to === "on" ? ["Turn on", "Turn off"] : ["Turn off", "Turn on"];
  await row.hover();
  await row.locator(`.action-label[aria-label="${offered} Continuous Run"]`).click();
  await row.hover();
  await row.locator(`.action-label[aria-label="${next} Continuous Run"]`).waitFor();
}
