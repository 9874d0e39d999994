import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  SymbolKind,
  type DocumentSymbol,
  type SemanticTokensLegend,
} from "vscode-languageserver/node";
import { startLspTestSession, type LspTestSession } from "../support/lsp/lspTestClient";
import { BALCONY, BALCONY_URI, decodeTokens, positionOf } from "../support/lsp/lspFixtures";
import { applyTextEdits } from "../support/features/edits";

const document = { textDocument: { uri: BALCONY_URI } };
const lines = BALCONY.split("\n");
const lineOf = (text: string) => positionOf(BALCONY, text).line;

/** "name (detail)" per symbol, children indented below their parent. */
function outline(symbols: readonly DocumentSymbol[], indent = ""): string[] {
  return symbols.flatMap((symbol) => [
    `${indent}${symbol.name}${symbol.detail ? ` (${symbol.detail})` : ""}`,
    ...outline(symbol.children ?? [], `${indent}  `),
  ]);
}

describe("the language server over LSP: symbols, folding, semantic tokens and formatting", () => {
  let session: LspTestSession;
  let legend: SemanticTokensLegend;
  before(async () => {
    session = await startLspTestSession();
    legend = session.initializeResult.capabilities.semanticTokensProvider!.legend;
    session.open(BALCONY_URI, BALCONY);
    await session.nextDiagnostics(BALCONY_URI, 1);
  });
  after(() => session.close());

  it("answers document symbols: the title, the clients with their properties, the sections with their actions", async () => {
    const symbols = (await session.client.sendRequest(DocumentSymbolRequest.type, document)) as DocumentSymbol[];
    assert.deepEqual(outline(symbols), [
      "Balcony scene (Romeo and Juliet exchange a message.)",
      "  Romeo (romeo@localhost)",
      "    jid (romeo@localhost)",
      "    password (password)",
      "  Juliet (juliet@localhost/balcony)",
      "    jid (juliet@localhost/balcony)",
      "    password (password)",
      "  Rosaline (rosaline@localhost)",
      "    jid (rosaline@localhost)",
      "    password (password)",
      "  Actions",
      "    Romeo connects",
      "    Juliet connects",
      "  Romeo speaks",
      "    Romeo sends: <message type='chat' to=\"${Juliet's full JID}\"> (body jabber:client)",
      "    Juliet receives: <message type='chat' from=\"${Romeo's full JID}\"> (body jabber:client)",
      "    Juliet disconnects",
      "    Romeo disconnects",
    ]);
    assert.equal(symbols[0]?.children?.[0]?.kind, SymbolKind.Object);
    assert.deepEqual(symbols[0]?.children?.[0]?.selectionRange.start, positionOf(BALCONY, "[Client] Romeo", "[Client] ".length));
  });

  it("answers folding ranges for the description, the clients, the section and the stanza blocks", async () => {
    const ranges = (await session.client.sendRequest(FoldingRangeRequest.type, document)) ?? [];
    const folds = ranges.map((range) => `${lines[range.startLine]} .. ${lines[range.endLine]}`);
    assert.deepEqual(folds, [
      "# Balcony scene .. # Romeo and Juliet exchange a message.",
      "[Client] Romeo .. \tpassword: password",
      "[Client] Juliet .. \tpassword: password",
      "[Client] Rosaline .. \tpassword: password",
      "# Romeo speaks .. Romeo disconnects",
      "Romeo sends: .. \t</message>",
      "\t<message type='chat' to=\"${Juliet's full JID}\"> .. \t\t<body>Hello</body>",
      "Juliet receives: .. \t</message>",
      "\t<message type='chat' from=\"${Romeo's full JID}\"> .. \t\t<body>Hello</body>",
    ]);
    assert.equal(ranges[0]?.kind, "comment");
  });

  it("answers semantic tokens for the whole document: client names, verbs and variable kinds", async () => {
    const tokens = decodeTokens(BALCONY, (await session.client.sendRequest(SemanticTokensRequest.type, document))?.data ?? [], legend);
    const on = (line: number) => tokens.filter((token) => token.line === line).map((token) => `${token.text}:${token.type}${token.modifiers.map((m) => `+${m}`).join("")}`);
    assert.deepEqual(on(lineOf("[Client] Romeo")), ["Romeo:variable+declaration"]);
    assert.deepEqual(on(lineOf("Romeo sends:")), ["Romeo:variable", "sends:keyword"]);
    assert.deepEqual(on(lineOf("<message type='chat' to=")), ["Juliet:variable", "full JID:enumMember"]);
    assert.deepEqual(on(lineOf("Juliet disconnects")), ["Juliet:variable", "disconnects:keyword"]);
    assert.equal(tokens.length, 3 + 6 * 2 + 2 * 2, "3 definitions, 6 actions, 2 variables");
  });

  it("answers semantic tokens for a range with exactly the whole-document tokens on those lines", async () => {
    const full = decodeTokens(BALCONY, (await session.client.sendRequest(SemanticTokensRequest.type, document))?.data ?? [], legend);
    // From the sends line to the end of its block (the line before the blank line and "Juliet receives:").
    const blockEnd = lineOf("Juliet receives:") - 2;
    const range = { start: { line: lineOf("Romeo sends:"), character: 0 }, end: { line: blockEnd, character: lines[blockEnd]!.length } };
    const partial = decodeTokens(BALCONY, (await session.client.sendRequest(SemanticTokensRangeRequest.type, { ...document, range }))?.data ?? [], legend);
    assert.deepEqual(partial, full.filter((token) => token.line >= range.start.line && token.line <= range.end.line));
    assert.deepEqual(partial.map((token) => token.text), ["Romeo", "sends", "Juliet", "full JID"]);
  });

  it("formats a messy spec back to tab-indented blocks and trimmed lines", async () => {
    const uri = "file:///lsp/messy.scs";
    const messy = BALCONY
      .replace("\t<message type='chat' to=", "    <message type='chat' to=")
      .replace("\t\t<body>Hello</body>", "  <body>Hello</body>   ")
      .replace("Romeo connects", "Romeo connects  ");
    assert.notEqual(messy, BALCONY);
    session.open(uri, messy);
    await session.nextDiagnostics(uri, 1);
    const edits = (await session.client.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 4, insertSpaces: true },
    })) ?? [];
    assert.equal(applyTextEdits(messy, edits), BALCONY);
    const clean = (await session.client.sendRequest(DocumentFormattingRequest.type, { ...document, options: { tabSize: 4, insertSpaces: true } })) ?? [];
    assert.deepEqual(clean, [], "a formatted spec gets no edit");
  });
});
