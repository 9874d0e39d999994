import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SymbolKind, type DocumentSymbol, type Range } from "vscode-languageserver";
import { parseSpec } from "../language/parser";
import { comparePositions } from "../language/locate";
import { documentSymbols } from "./documentSymbols";
import { textAt } from "@support/features/cursor";
import { sampleSpecs } from "@support/features/sampleSpecs";

const SPEC = `# Roster pushes
# Checks that roster pushes reach every resource.

[Client] Romeo
	jid: romeo@localhost
	password: password

[Client] Juliet's phone
	password: password
	jid: juliet@localhost/phone

-----

Romeo connects

# Act 1
# The clients say hello

Romeo sends:
	<iq type="get" id="roster1">
		<query xmlns="jabber:iq:roster"/>
	</iq>

Romeo receives: nothing

# Act 2

Juliet's phone connects

Juliet's phone receives:
	<message type='chat' from='\${Romeo's full JID}' id='a-rather-long-identifier-that-goes-on-and-on'/>

Juliet's phone disconnects

# recording ended
`;

/** "name (detail)" of every child, for readable comparisons. */
function outline(symbols: readonly DocumentSymbol[] | undefined): string[] {
  return (symbols ?? []).map((symbol) => (symbol.detail ? `${symbol.name} (${symbol.detail})` : symbol.name));
}

const ACTION_KINDS: readonly SymbolKind[] = [SymbolKind.Method, SymbolKind.Event, SymbolKind.Operator, SymbolKind.Null];

function within(inner: Range, outer: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

describe("documentSymbols", () => {
  const [root] = documentSymbols(parseSpec(SPEC));
  const children = root?.children ?? [];

  it("has one root named by the title, with the description as detail, covering the whole document", () => {
    assert.equal(root?.name, "Roster pushes");
    assert.equal(root?.detail, "Checks that roster pushes reach every resource.");
    assert.equal(root?.kind, SymbolKind.File);
    assert.deepEqual(root?.range.start, { line: 0, character: 0 });
    assert.equal(root?.range.end.line, SPEC.split("\n").length - 1);
  });

  it("names the root 'Spec' when the spec has no title", () => {
    const [untitled] = documentSymbols(parseSpec("[Client] Romeo\n\tjid: romeo@localhost\n-----\nRomeo connects\n"));
    assert.equal(untitled?.name, "Spec");
  });

  it("lists the clients with their jid as detail and their properties as children", () => {
    const [romeo, phone] = children;
    assert.equal(romeo?.name, "Romeo");
    assert.equal(romeo?.kind, SymbolKind.Object);
    assert.equal(romeo?.detail, "romeo@localhost");
    assert.deepEqual(outline(romeo?.children), ["jid (romeo@localhost)", "password (password)"]);
    assert.equal(phone?.name, "Juliet's phone");
    assert.equal(phone?.detail, "juliet@localhost/phone");
    assert.equal(phone?.children?.[0]?.kind, SymbolKind.Property);
    assert.equal(textAt(SPEC, phone!.selectionRange), "Juliet's phone");
  });

  it("groups actions into sections named by the # comments before them, the first ones into 'Actions'", () => {
    const sections = children.slice(2);
    assert.deepEqual(outline(sections), ["Actions", "Act 1 (The clients say hello)", "Act 2", "recording ended"]);
    assert.ok(sections.every((section) => section.kind === SymbolKind.Namespace));
    assert.deepEqual(outline(sections[0]?.children), ["Romeo connects"]);
    assert.deepEqual(outline(sections[1]?.children), ['Romeo sends: <iq type="get" id="roster1"> (query jabber:iq:roster)', "Romeo receives: nothing"]);
    assert.deepEqual(sections[3]?.children, []);
  });

  it("does not take '#' lines inside a block for captions: the block's action stays whole in its section", () => {
    const text = "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n-----\n# Act 1\nRomeo sends:\n# the old one\n\t<iq type='get' id='1'>\n# inside\n\t</iq>\nRomeo disconnects\n";
    const sections = documentSymbols(parseSpec(text))[0]!.children!.filter((symbol) => symbol.kind === SymbolKind.Namespace);
    assert.deepEqual(sections.map((section) => [section.name, section.children?.length]), [["Act 1", 2]]);
    assert.deepEqual(sections[0]!.children![0]!.range, { start: { line: 5, character: 0 }, end: { line: 9, character: 6 } });
  });

  it("names actions after their first stanza's start tag, shortened, with a kind per verb", () => {
    const act2 = children[4]?.children ?? [];
    assert.deepEqual(outline(act2), [
      "Juliet's phone connects",
      "Juliet's phone receives: <message type='chat' from='${Romeo's full JID}' id='a-rathe…",
      "Juliet's phone disconnects",
    ]);
    assert.deepEqual(act2.map((symbol) => symbol.kind), [SymbolKind.Operator, SymbolKind.Event, SymbolKind.Operator]);
    assert.equal(children[3]?.children?.[0]?.kind, SymbolKind.Method);
  });

  it("selects an action's line and covers its block", () => {
    const sends = children[3]?.children?.[0];
    assert.equal(textAt(SPEC, sends!.selectionRange), "Romeo sends:");
    assert.equal(textAt(SPEC, sends!.range).split("\n").at(-1), "\t</iq>");
  });

  it("builds, for every sample spec, a well-formed tree: non-empty names, ranges nested, every action once", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    for (const sample of samples) {
      const doc = parseSpec(sample.text);
      const symbols = documentSymbols(doc);
      assert.equal(symbols.length, 1);
      let actionCount = 0;
      const check = (symbol: DocumentSymbol, parent: DocumentSymbol | undefined): void => {
        assert.ok(symbol.name.length > 0, sample.name);
        assert.ok(within(symbol.selectionRange, symbol.range), `${sample.name}: ${symbol.name}`);
        if (parent) assert.ok(within(symbol.range, parent.range), `${sample.name}: ${symbol.name} in ${parent.name}`);
        if (ACTION_KINDS.includes(symbol.kind)) actionCount++;
        for (const child of symbol.children ?? []) check(child, symbol);
      };
      check(symbols[0]!, undefined);
      assert.equal(actionCount, doc.actions.length, sample.name);
    }
  });
});
