// What a person sees of the scansion language in a real VS Code: the language mode, the
// colours, the problems of a broken stanza and the variable completions. Each check saves a
// screenshot into artifacts/e2e/ before it asserts, so a failure can be looked at.
// Run with `npm run test:e2e` (not part of `npm test`: the file is not named *.test.ts).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixtureSpecs } from "../support/e2e/codeServer";
import { probePositions } from "../support/features/expectations";
import type { Workbench } from "../support/e2e/workbench";
import { startWorkbenchSession, type WorkbenchSession } from "../support/e2e/workbenchSession";

const SPECS = fixtureSpecs();
const ALL_CONSTRUCTS = "language/all-constructs.scs";
const BROKEN_XML = "language/broken-xml.scs";
const TWO_CLIENTS = "specs/muc_members_only_deregister.scs";
const EVERY_VERB = "runner/every-verb.scs";
const SCHEMA_TYPOS = "schema/typos.scs";
const SCHEMA_PROBES = "schema/probes.scs";

/** 1-based number of the first line of a fixture that satisfies `test` (after `afterLine`, if given). */
function lineOf(path: string, test: (line: string) => boolean, afterLine = 0): number {
  const lines = SPECS[path]!.split("\n");
  const index = lines.findIndex((line, i) => i >= afterLine && test(line));
  assert.ok(index >= 0, `fixture ${path} no longer has the line this test needs`);
  return index + 1;
}

describe("the scansion extension in a real VS Code", { timeout: 600_000 }, () => {
  let session: WorkbenchSession | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    session = await startWorkbenchSession(SPECS);
    workbench = session.workbench;
  });

  after(async () => {
    await session?.stop();
  });

  it("shows Scansion as the language mode of a .scs file opened from the Explorer", async () => {
    await workbench!.openFile(ALL_CONSTRUCTS);
    const mode = await workbench!.waitForLanguageMode("Scansion");
    await workbench!.screenshot("language-mode");
    assert.equal(mode, "Scansion");
  });

  it("colours a ${...} variable and an XML tag name, each unlike plain text and unlike each other", async () => {
    await workbench!.openFile(ALL_CONSTRUCTS);
    const line = lineOf(ALL_CONSTRUCTS, (text) => /^\s*<message [^>]*="\$\{[^}]+\}/.test(text));
    const lineText = SPECS[ALL_CONSTRUCTS]!.split("\n")[line - 1]!;
    const variableName = /\$\{([^'}]+)'s/.exec(lineText)![1]!;       // the client's name, e.g. "Juliet"
    await workbench!.moveCursorTo(line, lineText.indexOf("${") + 3);  // inside the variable, for the scope inspector

    const tokens = await workbench!.tokensOfLine(line);
    const plain = await workbench!.editorForeground();
    const variable = tokens.find((token) => token.text.includes(variableName.split(" ")[0]!));
    const tag = tokens.find((token) => token.text === "message");
    await workbench!.screenshot("language-highlighting");
    assert.ok(variable && tag, `line ${line} rendered as ${JSON.stringify(tokens)}`);
    assert.notEqual(variable.color, plain, `the variable is drawn in the plain text colour ${plain}`);
    assert.notEqual(tag.color, plain, `the tag name is drawn in the plain text colour ${plain}`);
    assert.notEqual(variable.color, tag.color, "the variable and the tag name look the same");

    // The colour comes from the extension's grammar: the scope inspector names its scopes.
    await workbench!.runCommand("Developer: Inspect Editor Tokens and Scopes");
    // It says "Loading..." until it has the token's theme and scopes.
    const inspector = workbench!.page.locator(".token-inspect-widget", { hasNotText: "Loading" });
    await inspector.waitFor();
    const scopes = await inspector.innerText();
    await workbench!.screenshot("language-token-scopes");
    await workbench!.page.keyboard.press("Escape");
    assert.match(scopes, /source\.scansion/);
  });

  it("reports a malformed stanza in the Problems panel at its line, with a squiggle there", async () => {
    await workbench!.openFile(BROKEN_XML);
    // The fixture's first probe: an <iq> that is never closed.
    const probe = lineOf(BROKEN_XML, (text) => text.includes("element never closed"));
    const line = lineOf(BROKEN_XML, (text) => /^\s+<iq\b/.test(text), probe);
    await workbench!.waitForProblemCounts((counts) => counts.errors > 0);
    const squiggle = await workbench!.waitForErrorSquiggle(line);
    const rows = await workbench!.problemRows();
    await workbench!.screenshot("language-problems");
    const atLine = rows.filter((row) => row.line === line);
    assert.ok(atLine.some((row) => row.severity === "Error" && row.message.includes("<iq>")),
      `no error about <iq> at line ${line}; the Problems panel shows ${JSON.stringify(rows)}`);
    assert.ok(squiggle, `no error squiggle drawn on line ${line}`);
  });

  it("offers Juliet's full JID when ${ is typed over an attribute value, and inserts it there", async () => {
    await workbench!.openFile(TWO_CLIENTS);
    const line = lineOf(TWO_CLIENTS, (text) => /^\s+<presence to="[^"]+"/.test(text));
    const lineText = SPECS[TWO_CLIENTS]!.split("\n")[line - 1]!;
    const value = /to="([^"]+)"/.exec(lineText)!;
    // Select the value, as a person replacing it would, and type the start of a variable over it.
    await workbench!.moveCursorTo(line, value.index + 'to="'.length);
    await workbench!.selectRight(value[1]!.length);
    await workbench!.type("${");
    const labels = await workbench!.waitForSuggestion("Juliet's full JID");
    await workbench!.screenshot("language-completion");
    assert.ok(labels.includes("Juliet's full JID"), `the suggest widget offers ${JSON.stringify(labels)}`);

    await workbench!.page.locator(".suggest-widget.visible .monaco-list-row", { hasText: "Juliet's full JID" }).first().click();
    await workbench!.page.locator(".suggest-widget.visible").waitFor({ state: "hidden" });
    const edited = await workbench!.lineText(line);
    await workbench!.screenshot("language-completion-inserted");
    assert.match(edited, /<presence to="\$\{Juliet's full JID\}">/);
  });

  it("closes <message> with </message> as the > is typed, and renames both tags together", async () => {
    await workbench!.openFile(EVERY_VERB);
    const line = lineOf(EVERY_VERB, (text) => /^\s+<presence to=.*type='subscribe'/.test(text));
    await workbench!.moveCursorTo(line);
    await workbench!.page.keyboard.press("End");
    await workbench!.page.keyboard.press("Enter");
    await workbench!.type("<message>");
    const editor = workbench!.page.locator(".editor-group-container.active .monaco-editor").first();
    const closed = await editor.locator(".view-line", { hasText: "<message></message>" }).waitFor().then(() => true, () => false);
    await workbench!.screenshot("language-auto-closed-tag");
    assert.ok(closed, `line ${line + 1} reads ${JSON.stringify(await workbench!.lineText(line + 1))}`);
    await workbench!.type("<body/>");
    // The editor renders the last typed character a moment after the key: wait for the line, then read it.
    await editor.locator(".view-line", { hasText: "<message><body/></message>" }).waitFor().catch(() => undefined);
    assert.equal((await workbench!.lineText(line + 1)).trim(), "<message><body/></message>", "the cursor stayed between the tags");
    // Undo takes back what was typed after the end tag came, then the end tag alone: the typed > stays.
    await workbench!.page.keyboard.press("Control+z");
    await workbench!.page.keyboard.press("Control+z");
    const undone = await editor.locator(".view-line", { hasText: /^\s*<message>\s*$/ }).waitFor().then(() => true, () => false);
    assert.ok(undone, `after two undos line ${line + 1} reads ${JSON.stringify(await workbench!.lineText(line + 1))}`);
    await workbench!.type("<body/></message>"); // the > of an end tag inserts nothing

    // Into the start tag's name: VS Code asks the server for the linked ranges and marks them.
    for (let step = 0; step < "<body/></message>".length + 1; step++) await workbench!.page.keyboard.press("ArrowLeft");
    const linked = await editor.locator(".linked-editing-decoration").nth(1).waitFor().then(() => true, () => false);
    for (let step = 0; step < "message".length; step++) await workbench!.page.keyboard.press("Shift+ArrowLeft");
    await workbench!.type("presence");
    const renamed = await editor.locator(".view-line", { hasText: "<presence><body/></presence>" }).waitFor().then(() => true, () => false);
    await workbench!.screenshot("language-linked-tag-rename");
    assert.ok(linked, "no linked-editing ranges were shown on <message> and </message>");
    assert.ok(renamed, `line ${line + 1} reads ${JSON.stringify(await workbench!.lineText(line + 1))}`);
  });

  it("warns about an iq type the schema does not allow, and its quick fix writes the closest allowed one", async () => {
    const page = workbench!.page;
    await workbench!.openFile(SCHEMA_TYPOS);
    const line = lineOf(SCHEMA_TYPOS, (text) => text.includes("<iq type='gett'"));
    await workbench!.waitForProblemCounts((counts) => counts.warnings > 0);
    const rows = await workbench!.problemRows();
    const warning = rows.find((row) => row.line === line && row.severity === "Warning");
    await workbench!.openFile(SCHEMA_TYPOS);
    const lineText = SPECS[SCHEMA_TYPOS]!.split("\n")[line - 1]!;
    await workbench!.moveCursorTo(line, lineText.indexOf("gett") + 1);
    await page.keyboard.press("Control+.");
    const fix = page.locator(".action-widget .monaco-list-row", { hasText: 'Change to "get"' });
    await workbench!.waitOrExplain(fix, "the quick fix Change to \"get\"");
    await workbench!.screenshot("language-schema-quick-fix");
    assert.match(warning?.message ?? "", /"gett" is not a valid type of <iq>; allowed: "get", "set", "result" or "error"/,
      `no schema warning at line ${line}; the Problems panel shows ${JSON.stringify(rows)}`);
    await fix.click();
    await page.locator(".editor-group-container.active .view-lines", { hasText: "<iq type='get' id='v1'" }).waitFor();
    await workbench!.screenshot("language-schema-quick-fix-applied");
    assert.match(await workbench!.lineText(line), /<iq type='get' id='v1' to='localhost'>/);
  });

  it("offers the iq types get, set, result and error as values after type='", async () => {
    await workbench!.openFile(SCHEMA_PROBES);
    const probe = probePositions(SPECS[SCHEMA_PROBES]!).get("iq type values")!;
    await workbench!.moveCursorTo(probe.line + 1, probe.character);
    await workbench!.triggerSuggest();
    const labels = await workbench!.waitForSuggestion("result");
    await workbench!.screenshot("language-schema-value-completion");
    for (const type of ["get", "set", "result", "error"]) assert.ok(labels.includes(type), `the suggest widget offers ${JSON.stringify(labels)}`);
  });
});
