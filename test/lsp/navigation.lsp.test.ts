import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  DefinitionRequest,
  ErrorCodes,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type LocationLink,
  type Position,
} from "vscode-languageserver/node";
import { startLspTestSession, type LspTestSession } from "../support/lsp/lspTestClient";
import { BALCONY, BALCONY_URI, positionOf, spanIn, textIn } from "../support/lsp/lspFixtures";
import { applyTextEdits } from "../support/features/edits";

const at = (position: Position) => ({ textDocument: { uri: BALCONY_URI }, position });

describe("the language server over LSP: definition, references and rename", () => {
  let session: LspTestSession;
  before(async () => {
    session = await startLspTestSession();
    session.open(BALCONY_URI, BALCONY);
    await session.nextDiagnostics(BALCONY_URI, 1);
  });
  after(() => session.close());

  it("goes from an action's client name to the [Client] definition", async () => {
    const links = (await session.client.sendRequest(DefinitionRequest.type, at(positionOf(BALCONY, "Juliet receives", 2)))) as LocationLink[];
    assert.equal(links.length, 1);
    const [link] = links;
    assert.equal(link?.targetUri, BALCONY_URI);
    assert.deepEqual(link?.targetSelectionRange, spanIn(BALCONY, "[Client] Juliet", "[Client] ".length, "Juliet".length));
    assert.equal(textIn(BALCONY, link!.targetRange), "[Client] Juliet\n\tjid: juliet@localhost/balcony\n\tpassword: password");
    assert.deepEqual(link?.originSelectionRange, spanIn(BALCONY, "Juliet receives", 0, "Juliet".length));
  });

  it("goes from the client inside a ${...} variable to its definition", async () => {
    const links = (await session.client.sendRequest(DefinitionRequest.type, at(positionOf(BALCONY, "${Romeo's full JID}", 3)))) as LocationLink[];
    assert.deepEqual(links.map((link) => textIn(BALCONY, link.targetSelectionRange)), ["Romeo"]);
    assert.deepEqual(links[0]?.targetSelectionRange.start, positionOf(BALCONY, "[Client] Romeo", "[Client] ".length));
  });

  it("answers no definition where there is no client name", async () => {
    const links = await session.client.sendRequest(DefinitionRequest.type, at(positionOf(BALCONY, "<body>", 2)));
    assert.deepEqual(links, []);
  });

  it("finds every reference of a client, with or without its declaration", async () => {
    const params = (includeDeclaration: boolean) => ({ ...at(positionOf(BALCONY, "Romeo connects")), context: { includeDeclaration } });
    const all = (await session.client.sendRequest(ReferencesRequest.type, params(true))) ?? [];
    const lines = BALCONY.split("\n");
    assert.deepEqual(all.map((location) => [location.uri, lines[location.range.start.line]]), [
      [BALCONY_URI, "[Client] Romeo"],
      [BALCONY_URI, "Romeo connects"],
      [BALCONY_URI, "Romeo sends:"],
      [BALCONY_URI, "\t<message type='chat' from=\"${Romeo's full JID}\">"],
      [BALCONY_URI, "Romeo disconnects"],
    ]);
    assert.ok(all.every((location) => textIn(BALCONY, location.range) === "Romeo"));
    const withoutDeclaration = (await session.client.sendRequest(ReferencesRequest.type, params(false))) ?? [];
    assert.deepEqual(withoutDeclaration, all.slice(1));
  });

  it("prepares a rename on a client name with its range and the name as placeholder", async () => {
    const prepared = await session.client.sendRequest(PrepareRenameRequest.type, at(positionOf(BALCONY, "${Juliet's full JID}", 4)));
    assert.deepEqual(prepared, { range: spanIn(BALCONY, "${Juliet's full JID}", 2, "Juliet".length), placeholder: "Juliet" });
  });

  it("renames a client in its definition, its actions and its variables, leaving a spec with the same diagnostics", async () => {
    const edit = await session.client.sendRequest(RenameRequest.type, { ...at(positionOf(BALCONY, "Juliet connects")), newName: "Juliet's phone" });
    const edits = edit?.changes?.[BALCONY_URI] ?? [];
    assert.equal(edits.length, 5); // definition, connects, variable, receives, disconnects
    const renamed = applyTextEdits(BALCONY, edits);
    assert.equal(renamed, BALCONY.replace(/\[Client\] Juliet\n/, "[Client] Juliet's phone\n")
      .replace("Juliet connects", "Juliet's phone connects")
      .replace("${Juliet's full JID}", "${Juliet's phone's full JID}")
      .replace("Juliet receives:", "Juliet's phone receives:")
      .replace("Juliet disconnects", "Juliet's phone disconnects"));

    const uri = "file:///lsp/renamed.scs";
    session.open(uri, renamed);
    const published = await session.nextDiagnostics(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ["client-unused"], "only Rosaline's hint, as before the rename");
  });

  it("refuses a rename on a verb with a ResponseError carrying a readable message", async () => {
    await assert.rejects(
      session.client.sendRequest(PrepareRenameRequest.type, at(positionOf(BALCONY, "sends:", 1))),
      (error: unknown) => {
        assert.ok(error instanceof ResponseError);
        assert.equal(error.code, ErrorCodes.InvalidRequest);
        assert.equal(error.message, '"sends" is a verb; only client names can be renamed.');
        return true;
      },
    );
  });

  it("refuses renaming a client to the name of another defined client", async () => {
    await assert.rejects(
      session.client.sendRequest(RenameRequest.type, { ...at(positionOf(BALCONY, "Romeo connects")), newName: "Juliet" }),
      (error: unknown) => error instanceof ResponseError && error.message === 'A client named "Juliet" is already defined.',
    );
  });
});
