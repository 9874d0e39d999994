import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DocumentFormattingRequest } from "vscode-languageserver/node";
import { startLspTestSession, type LspTestSession } from "../support/lsp/lspTestClient";
import { BALCONY, BALCONY_URI } from "../support/lsp/lspFixtures";
import { applyTextEdits } from "../support/features/edits";

const UNUSED_OFF = { diagnostics: { unusedClient: false } };
const UNUSED_ON = { diagnostics: { unusedClient: true } };

async function codesPublished(session: LspTestSession, version = 1): Promise<string[]> {
  return (await session.nextDiagnostics(BALCONY_URI, version)).diagnostics.map((d) => String(d.code));
}

describe("the language server over LSP: settings", () => {
  let session: LspTestSession | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it("reads scansion.diagnostics.unusedClient=false through workspace/configuration before its first diagnostics", async () => {
    session = await startLspTestSession({ settings: UNUSED_OFF });
    session.open(BALCONY_URI, BALCONY);
    assert.deepEqual(await codesPublished(session), [], "not even a first publish with the default setting");
  });

  it("pulls the settings again on didChangeConfiguration and republishes the open documents", async () => {
    session = await startLspTestSession({ settings: UNUSED_OFF });
    session.open(BALCONY_URI, BALCONY);
    assert.deepEqual(await codesPublished(session), []);
    session.changeConfiguration(UNUSED_ON);
    assert.deepEqual(await codesPublished(session), ["client-unused"]);
    session.changeConfiguration(UNUSED_OFF);
    assert.deepEqual(await codesPublished(session), []);
  });

  it("takes pushed settings from didChangeConfiguration when the client cannot answer workspace/configuration", async () => {
    session = await startLspTestSession({ settings: UNUSED_OFF, pullConfiguration: false });
    session.open(BALCONY_URI, BALCONY);
    assert.deepEqual(await codesPublished(session), []);
    session.changeConfiguration(UNUSED_ON);
    assert.deepEqual(await codesPublished(session), ["client-unused"]);
  });

  it("keeps the defaults for malformed settings", async () => {
    session = await startLspTestSession({ settings: { diagnostics: { unusedClient: "no" }, format: { indent: 4 } } });
    session.open(BALCONY_URI, BALCONY);
    assert.deepEqual(await codesPublished(session), ["client-unused"]);
  });

  it("indents stanza blocks with spaces when scansion.format.indent is 'spaces', tabSize at a time", async () => {
    session = await startLspTestSession({ settings: { format: { indent: "spaces" } } });
    session.open(BALCONY_URI, BALCONY);
    await session.nextDiagnostics(BALCONY_URI, 1);
    const edits = (await session.client.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: BALCONY_URI },
      options: { tabSize: 2, insertSpaces: false },
    })) ?? [];
    const formatted = applyTextEdits(BALCONY, edits);
    assert.equal(formatted, BALCONY.replace(/^\t\t/gm, "    ").replace(/^\t/gm, "  "));
  });
});
