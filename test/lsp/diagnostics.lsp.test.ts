import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DiagnosticSeverity, TextDocumentSyncKind } from "vscode-languageserver/node";
import { startLspTestSession, type LspTestSession } from "../support/lsp/lspTestClient";
import { BALCONY, BALCONY_URI, messageOf, positionOf, rangeOf } from "../support/lsp/lspFixtures";
import { COMPLETION_TRIGGER_CHARACTERS } from "@server/features/completion";
import { semanticTokensLegend } from "@server/features/semanticTokens";

const FIXTURES = join(__dirname, "../../testFixture");

const ONE_STANZA = `[Client] Romeo
	jid: romeo@localhost
	password: password

-----

Romeo connects

Romeo sends:
	<presence/>

Romeo disconnects
`;

describe("the language server over LSP: initialize and diagnostics", () => {
  let session: LspTestSession;
  before(async () => {
    session = await startLspTestSession();
  });
  after(() => session.close());

  it("advertises every feature it implements in the initialize result", () => {
    const { capabilities, serverInfo } = session.initializeResult;
    assert.equal(serverInfo?.name, "scansion-language-server");
    assert.equal(capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, [...COMPLETION_TRIGGER_CHARACTERS]);
    assert.ok(capabilities.completionProvider?.triggerCharacters?.includes("{"), "`${` triggers completion");
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.deepEqual(capabilities.documentSymbolProvider, { label: "Scansion" });
    assert.equal(capabilities.foldingRangeProvider, true);
    assert.deepEqual(capabilities.semanticTokensProvider, { legend: semanticTokensLegend(), full: true, range: true });
    assert.equal(capabilities.documentFormattingProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ["quickfix"] });
  });

  it("publishes diagnostics on didOpen, with version, source, code and the exact position of broken XML", async () => {
    const uri = "file:///lsp/broken-xml.scs";
    const text = readFileSync(join(FIXTURES, "language/broken-xml.scs"), "utf8");
    session.open(uri, text, 7);
    const published = await session.nextDiagnostics(uri);
    assert.equal(published.version, 7);
    const malformed = published.diagnostics.filter((d) => d.code === "xml-malformed");
    assert.ok(malformed.every((d) => d.severity === DiagnosticSeverity.Error && d.source === "scansion"));
    // "element never closed": the unclosed <iq> start tag, at its "<".
    const neverClosed = malformed.find((d) => messageOf(d).includes("never closed"));
    assert.deepEqual(neverClosed?.range.start, positionOf(text, "<iq type='get' id='1'>"));
    // "mismatched end tag": at the </iq> that comes too early.
    const mismatched = malformed.find((d) => messageOf(d).includes("expected </query>"));
    assert.deepEqual(mismatched?.range.start, positionOf(text, "</iq>", 0, 1));
    assert.equal(positionOf(text, "</iq>").line, positionOf(text, "<iq type='result'>").line);
    session.closeDocument(uri);
    assert.deepEqual((await session.nextDiagnostics(uri)).diagnostics, [], "closing a document clears its diagnostics");
  });

  it("republishes fresh diagnostics for each version after one-character incremental edits", async () => {
    const uri = "file:///lsp/one-stanza.scs";
    session.open(uri, ONE_STANZA, 1);
    assert.deepEqual((await session.nextDiagnostics(uri, 1)).diagnostics, []);

    // Delete the "/" of <presence/>: the element is never closed.
    const slash = positionOf(ONE_STANZA, "/>");
    session.change(uri, 2, [{ range: { start: slash, end: { line: slash.line, character: slash.character + 1 } }, text: "" }]);
    const broken = await session.nextDiagnostics(uri, 2);
    assert.deepEqual(broken.diagnostics.map((d) => [d.code, d.range.start]), [["xml-malformed", positionOf(ONE_STANZA, "<presence")]]);

    // Type it back: clean again, and the diagnostics say which version they describe.
    session.change(uri, 3, [{ range: { start: slash, end: slash }, text: "/" }]);
    const fixed = await session.nextDiagnostics(uri, 3);
    assert.equal(fixed.version, 3);
    assert.deepEqual(fixed.diagnostics, []);
  });

  it("applies the changes of one didChange in order, as later ones see the earlier ones' result", async () => {
    const uri = "file:///lsp/two-changes.scs";
    session.open(uri, ONE_STANZA, 1);
    await session.nextDiagnostics(uri, 1);
    const connects = rangeOf(ONE_STANZA, "Romeo connects");
    // First rename the action's client to Mercutio, then shorten it to "Merc" (range of the new text).
    session.change(uri, 2, [
      { range: { start: connects.start, end: { line: connects.start.line, character: 5 } }, text: "Mercutio" },
      { range: { start: { line: connects.start.line, character: 4 }, end: { line: connects.start.line, character: 8 } }, text: "" },
    ]);
    const published = await session.nextDiagnostics(uri, 2);
    const undefinedClient = published.diagnostics.find((d) => d.code === "action-undefined-client");
    assert.match(undefinedClient ? messageOf(undefinedClient) : "", /No client named "Merc" is defined/);
    assert.deepEqual(undefinedClient?.range, { start: connects.start, end: { line: connects.start.line, character: 4 } });
  });

  it("hints at a defined but unused client with the 'unnecessary' tag by default", async () => {
    session.open(BALCONY_URI, BALCONY, 1);
    const published = await session.nextDiagnostics(BALCONY_URI, 1);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity, d.tags, d.range]), [
      ["client-unused", DiagnosticSeverity.Hint, [1], rangeOf(BALCONY, "Rosaline")],
    ]);
  });

  it("reports no error on the fixture spec taken from Prosody's suite", async () => {
    const uri = "file:///lsp/muc_members_only_deregister.scs";
    session.open(uri, readFileSync(join(FIXTURES, "specs/muc_members_only_deregister.scs"), "utf8"));
    const published = await session.nextDiagnostics(uri);
    assert.deepEqual(published.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error), []);
  });
});
