import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CodeActionRequest,
  CompletionRequest,
  HoverRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
  type Position,
  type TextEdit,
} from "vscode-languageserver/node";
import { startLspTestSession, type LspTestSession } from "../support/lsp/lspTestClient";
import { messageOf } from "../support/lsp/lspFixtures";
import { applyTextEdits } from "../support/features/edits";
import { expectedDiagnostics, probePositions } from "../support/features/expectations";

const SCHEMA_FIXTURES = join(__dirname, "../../testFixture/schema");
const TYPOS_URI = "file:///lsp/schema/typos.scs";
const PROBES_URI = "file:///lsp/schema/probes.scs";

function itemsOf(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  return result === null ? [] : Array.isArray(result) ? result : result.items;
}

describe("the language server over LSP: XMPP schema diagnostics, quick fixes, completion and hover", () => {
  let session: LspTestSession;
  const typos = readFileSync(join(SCHEMA_FIXTURES, "typos.scs"), "utf8");
  const probesText = readFileSync(join(SCHEMA_FIXTURES, "probes.scs"), "utf8");
  const probes = probePositions(probesText);
  let typoDiagnostics: Diagnostic[] = [];

  before(async () => {
    session = await startLspTestSession();
    session.open(TYPOS_URI, typos);
    typoDiagnostics = (await session.nextDiagnostics(TYPOS_URI, 1)).diagnostics.filter((d) => String(d.code).startsWith("schema-"));
    session.open(PROBES_URI, probesText);
    await session.nextDiagnostics(PROBES_URI, 1);
  });
  after(() => session.close());

  const probe = (name: string): Position => {
    const position = probes.get(name);
    assert.ok(position, `testFixture/schema/probes.scs has no probe "${name}"`);
    return position;
  };
  const complete = async (name: string) =>
    itemsOf(await session.client.sendRequest(CompletionRequest.type, { textDocument: { uri: PROBES_URI }, position: probe(name) }));
  const hover = async (name: string) => {
    const result = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri: PROBES_URI }, position: probe(name) });
    return (result?.contents as MarkupContent | undefined)?.value ?? "";
  };

  it("publishes the schema warnings the fixture expects, with their codes, at their places", () => {
    const key = (code: unknown, range: Diagnostic["range"]) => `${String(code)}@${range.start.line}:${range.start.character}`;
    assert.deepEqual(
      typoDiagnostics.map((d) => key(d.code, d.range)).sort(),
      expectedDiagnostics(typos).map((e) => key(e.code, e.range)).sort(),
    );
    assert.ok(typoDiagnostics.every((d) => d.severity === 2 && d.source === "scansion"));
  });

  it("answers a code action request with the did-you-mean fix, which removes the warning once applied", async () => {
    const gett = typoDiagnostics.find((d) => messageOf(d).startsWith(`"gett"`));
    assert.ok(gett);
    const actions = await session.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: TYPOS_URI }, range: gett.range, context: { diagnostics: [gett] },
    }) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.title, `Change to "get"`);
    assert.equal(actions[0]!.kind, "quickfix");
    const fixed = applyTextEdits(typos, actions[0]!.edit!.changes![TYPOS_URI]! as TextEdit[]);
    assert.ok(fixed.includes("\t<iq type='get' id='v1' to='localhost'>"));

    session.change(TYPOS_URI, 2, [{ text: fixed }]);
    const after = (await session.nextDiagnostics(TYPOS_URI, 2)).diagnostics;
    assert.equal(after.some((d) => messageOf(d).includes("gett")), false);
    assert.equal(after.filter((d) => String(d.code).startsWith("schema-")).length, typoDiagnostics.length - 1);
  });

  it("offers no code action for diagnostics without a fix", async () => {
    const missing = typoDiagnostics.find((d) => d.code === "schema-missing-attribute")!;
    const actions = await session.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: TYPOS_URI }, range: missing.range, context: { diagnostics: [missing] },
    });
    assert.deepEqual(actions, []);
  });

  it("completes the iq types after type=', each documented", async () => {
    const items = await complete("iq type values");
    const types = items.filter((item) => item.detail === "iq type");
    assert.deepEqual(types.map((item) => item.label), ["get", "set", "result", "error"]);
    assert.match((types[0]!.documentation as MarkupContent).value, /A request for information/);
    assert.match((types[0]!.documentation as MarkupContent).value, /RFC 6120/);
  });

  it("completes the attributes of a roster <item>, the required jid first", async () => {
    const items = await complete("roster item attributes");
    const sorted = [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText)));
    assert.equal(sorted[0]!.label, "jid");
    assert.equal(sorted[0]!.detail, "required attribute of <item>");
    const subscription = items.find((item) => item.label === "subscription");
    assert.match((subscription?.documentation as MarkupContent).value, /`none`, `to`, `from`, `both`, `remove`/);
  });

  it("completes the children a roster <query> allows, declaring a namespace that differs", async () => {
    const items = await complete("roster query children");
    assert.deepEqual(items.map((item) => [item.label, (item.textEdit as TextEdit).newText]), [
      ["item", "item"],
      ["annotate", "annotate xmlns='urn:xmpp:mix:roster:0'"],
    ]);
  });

  it("links an element and a namespace to their XEP on hover", async () => {
    assert.match(await hover("element hover"), /Defined by \[XEP-0092: Software Version\]\(https:\/\/xmpp\.org\/extensions\/xep-0092\.html\)/);
    assert.match(await hover("namespace hover"), /Defined by \[XEP-0092: Software Version\]/);
  });

  it("explains MUC status code 110, a stanza error condition and an error type on hover", async () => {
    const status = await hover("MUC status code 110");
    assert.match(status, /MUC status code \*\*110\*\*: Inform user that presence refers to one of its own room occupants/);
    assert.match(status, /Stanza: presence; context: Any room presence/);
    assert.match(await hover("stanza error condition"), /The addressed JID or the requested item cannot be found\./);
    assert.match(await hover("error type"), /Do not retry: the error cannot be remedied\./);
  });
});
