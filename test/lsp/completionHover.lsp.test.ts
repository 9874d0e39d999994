import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CompletionRequest,
  CompletionTriggerKind,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
  type Position,
  type TextEdit,
} from "vscode-languageserver/node";
import { startLspTestSession, type LspTestSession } from "../support/lsp/lspTestClient";
import { BALCONY, BALCONY_URI, positionOf, spanIn } from "../support/lsp/lspFixtures";
import { applyTextEdits } from "../support/features/edits";

function itemsOf(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  return result === null ? [] : Array.isArray(result) ? result : result.items;
}

describe("the language server over LSP: completion and hover", () => {
  let session: LspTestSession;
  before(async () => {
    session = await startLspTestSession();
    session.open(BALCONY_URI, BALCONY);
    await session.nextDiagnostics(BALCONY_URI, 1);
  });
  after(() => session.close());

  const at = (uri: string, position: Position) => ({ textDocument: { uri }, position });

  it("offers the clients' JIDs, Juliet's full JID among them, after `${` typed one character at a time", async () => {
    const uri = "file:///lsp/typing.scs";
    const text = BALCONY.replace(`to="\${Juliet's full JID}"`, `to=""`);
    session.open(uri, text);
    await session.nextDiagnostics(uri, 1);
    const inQuotes = positionOf(text, `to=""`, `to="`.length);
    session.change(uri, 2, [{ range: { start: inQuotes, end: inQuotes }, text: "$" }]);
    const afterDollar = { line: inQuotes.line, character: inQuotes.character + 1 };
    session.change(uri, 3, [{ range: { start: afterDollar, end: afterDollar }, text: "{" }]);
    await session.nextDiagnostics(uri, 3);
    const cursor = { line: inQuotes.line, character: inQuotes.character + 2 };

    const items = itemsOf(await session.client.sendRequest(CompletionRequest.type, {
      ...at(uri, cursor),
      context: { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: "{" },
    }));
    const labels = items.map((item) => item.label);
    for (const expected of ["Romeo's JID", "Romeo's full JID", "Juliet's JID", "Juliet's full JID", "Rosaline's JID"]) {
      assert.ok(labels.includes(expected), `${expected} in ${JSON.stringify(labels)}`);
    }
    const julietFull = items.find((item) => item.label === "Juliet's full JID");
    assert.equal(julietFull?.detail, "juliet@localhost/balcony");
    const typed = applyTextEdits(BALCONY.replace(`to="\${Juliet's full JID}"`, `to="\${"`), [julietFull!.textEdit as TextEdit]);
    assert.equal(typed, BALCONY, "accepting the item writes the whole variable with its closing brace");
  });

  it("offers the verbs after a client name on a new action line", async () => {
    const uri = "file:///lsp/verbs.scs";
    const text = BALCONY.replace("Romeo disconnects\n", "Romeo disconnects\nJuliet \n");
    session.open(uri, text);
    await session.nextDiagnostics(uri, 1);
    const items = itemsOf(await session.client.sendRequest(CompletionRequest.type, at(uri, positionOf(text, "Juliet \n", "Juliet ".length))));
    assert.deepEqual(items.map((item) => item.label), ["connects", "disconnects", "sends:", "receives:", "receives: nothing"]);
  });

  it("shows a variable's value on hover over its client part", async () => {
    const hover = await session.client.sendRequest(HoverRequest.type, at(BALCONY_URI, positionOf(BALCONY, "${Juliet's full JID}", 4)));
    const contents = hover?.contents as MarkupContent;
    assert.equal(contents.kind, "markdown");
    assert.match(contents.value, /Full JID of \*\*Juliet\*\*: `juliet@localhost\/balcony`/);
    assert.deepEqual(hover?.range, spanIn(BALCONY, "${Juliet's full JID}", 2, "Juliet".length));
  });

  it("shows a client's properties on hover over its name in an action, never its password", async () => {
    const hover = await session.client.sendRequest(HoverRequest.type, at(BALCONY_URI, positionOf(BALCONY, "Romeo sends:", 1)));
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /\*\*\[Client\] Romeo\*\*, defined on line 4/);
    assert.match(value, /\| jid \| `romeo@localhost` \|/);
    assert.match(value, /\| password \| set \|/);
    assert.doesNotMatch(value, /\| password \| `password`/);
    assert.deepEqual(hover?.range, spanIn(BALCONY, "Romeo sends:", 0, "Romeo".length));
  });

  it("answers null where there is nothing to say", async () => {
    assert.equal(await session.client.sendRequest(HoverRequest.type, at(BALCONY_URI, { line: 2, character: 0 })), null);
  });

  it("answers empty results for a document it was never given", async () => {
    const uri = "file:///lsp/never-opened.scs";
    assert.deepEqual(itemsOf(await session.client.sendRequest(CompletionRequest.type, at(uri, { line: 0, character: 0 }))), []);
    assert.equal(await session.client.sendRequest(HoverRequest.type, at(uri, { line: 0, character: 0 })), null);
  });
});
