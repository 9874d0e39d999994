import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { LinkedEditingRangeRequest, type Position } from "vscode-languageserver/node";
import { startLspTestSession, type LspTestSession } from "../support/lsp/lspTestClient";
import { BALCONY, BALCONY_URI, positionOf, textIn } from "../support/lsp/lspFixtures";
import { CLOSING_TAG_REQUEST, type ClosingTag } from "@server/features/tagEditing";

const at = (uri: string, position: Position) => ({ textDocument: { uri }, position });

describe("the language server over LSP: tags edited together and closed when typed", () => {
  let session: LspTestSession;
  before(async () => {
    session = await startLspTestSession();
    session.open(BALCONY_URI, BALCONY);
    await session.nextDiagnostics(BALCONY_URI, 1);
  });
  after(() => session.close());

  it("advertises linked editing ranges", () => {
    assert.equal(session.initializeResult.capabilities.linkedEditingRangeProvider, true);
  });

  it("links the name in <message …> with the name in </message>", async () => {
    const answer = await session.client.sendRequest(LinkedEditingRangeRequest.type, at(BALCONY_URI, positionOf(BALCONY, "<message type='chat' from=", 3)));
    assert.ok(answer, "an answer with ranges");
    assert.deepEqual(answer.ranges.map((range) => textIn(BALCONY, range)), ["message", "message"]);
    assert.deepEqual(answer.ranges.map((range) => range.start.line), [positionOf(BALCONY, "<message type='chat' from=").line, positionOf(BALCONY, "</message>", 0, 2).line]);
    assert.ok(answer.wordPattern && new RegExp(answer.wordPattern).test("stream:features"));
  });

  it("answers null where no tag name is", async () => {
    assert.equal(await session.client.sendRequest(LinkedEditingRangeRequest.type, at(BALCONY_URI, positionOf(BALCONY, "Romeo connects", 2))), null);
  });

  it("answers scansion/closingTag with the end tag of a start tag just typed, and null once it is closed", async () => {
    const uri = "file:///lsp/typing.scs";
    const before = "# Typing\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\n-----\n\nRomeo connects\n\nRomeo sends:\n\t<message to='juliet@localhost'";
    session.open(uri, before);
    await session.nextDiagnostics(uri, 1);
    const afterTyping = { line: 11, character: "\t<message to='juliet@localhost'>".length };
    session.change(uri, 2, [{ range: { start: { line: 11, character: afterTyping.character - 1 }, end: { line: 11, character: afterTyping.character - 1 } }, text: ">" }]);
    const typed = await session.client.sendRequest<ClosingTag | null>(CLOSING_TAG_REQUEST, at(uri, afterTyping));
    assert.deepEqual(typed, { snippet: "$0</message>" });

    session.change(uri, 3, [{ range: { start: afterTyping, end: afterTyping }, text: "</message>" }]);
    assert.equal(await session.client.sendRequest<ClosingTag | null>(CLOSING_TAG_REQUEST, at(uri, afterTyping)), null);
  });

  it("answers null for a document it does not have", async () => {
    assert.equal(await session.client.sendRequest<ClosingTag | null>(CLOSING_TAG_REQUEST, at("file:///lsp/unknown.scs", { line: 0, character: 0 })), null);
  });
});
