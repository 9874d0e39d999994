import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseSpec } from "./parser";
import { blockOf, findByLine, locateAt, type Located } from "./locate";
import { withCursor } from "@support/features/cursor";
import { sampleSpecs } from "@support/features/sampleSpecs";

const SPEC = `# Locating things

[Client] Juliet
	jid: juliet@localhost
	password: password

[Client] Juliet's phone
	jid: juliet@localhost/phone

-----

# Juliet connects
Juliet connects

Juliet's phone sends:
	<message to="\${Juliet's full JID}" type="chat">
		<body>Hello</body>
		<delay xmlns='urn:xmpp:delay' stamp='{scansion:any}'/>
	</message>
`;

/** Where the single `|` in the marked copy of SPEC stands, located. */
function locate(marked: string): Located | undefined {
  const { text, position } = withCursor(marked);
  assert.equal(text, SPEC, "the marked text must be SPEC with one cursor added");
  return locateAt(parseSpec(text), position);
}

/** Asserts what was found and narrows to it. */
function expectKind<K extends Located["kind"]>(found: Located | undefined, kind: K, message?: string): Extract<Located, { kind: K }> {
  assert.equal(found?.kind, kind, message);
  return found as Extract<Located, { kind: K }>;
}

function mark(find: string, marked: string): string {
  assert.ok(SPEC.includes(find), `SPEC contains ${find}`);
  return SPEC.replace(find, () => marked);
}

describe("locateAt", () => {
  it("finds the name of a client definition, including names with spaces, at any point of the name", () => {
    for (const marked of ["[Client] |Juliet's phone", "[Client] Juliet's ph|one", "[Client] Juliet's phone|"]) {
      const found = expectKind(locate(mark("[Client] Juliet's phone", marked)), "clientName");
      assert.equal(found.span.text, "Juliet's phone");
    }
  });

  it("finds the class of a definition", () => {
    const found = expectKind(locate(mark("[Client] Juliet\n", "[Cli|ent] Juliet\n")), "clientClass");
    assert.equal(found.span.text, "Client");
  });

  it("finds a property's key and its value", () => {
    const key = expectKind(locate(mark("\tjid: juliet@localhost/phone", "\tj|id: juliet@localhost/phone")), "property");
    assert.equal(key.part, "key");
    assert.equal(key.span.text, "jid");
    const value = expectKind(locate(mark("\tjid: juliet@localhost/phone", "\tjid: juliet@local|host/phone")), "property");
    assert.equal(value.part, "value");
    assert.equal(value.span.text, "juliet@localhost/phone");
    assert.equal(value.client.name.text, "Juliet's phone");
  });

  it("finds the client name of an action line, taking the longest defined name", () => {
    const found = expectKind(locate(mark("Juliet's phone sends:", "Juliet's p|hone sends:")), "actionClient");
    assert.equal(found.span.text, "Juliet's phone");
  });

  it("finds the verb of an action line", () => {
    const found = expectKind(locate(mark("Juliet's phone sends:", "Juliet's phone se|nds:")), "verb");
    assert.equal(found.span.text, "sends");
    assert.equal(found.action.kind, "sends");
  });

  it("tells a variable's client part from its kind part and from its delimiters", () => {
    const client = expectKind(locate(mark("${Juliet's full JID}", "${Jul|iet's full JID}")), "variable");
    assert.equal(client.part, "client");
    assert.equal(client.span.text, "Juliet");
    const kind = expectKind(locate(mark("${Juliet's full JID}", "${Juliet's full |JID}")), "variable");
    assert.equal(kind.part, "kind");
    assert.equal(kind.span.text, "full JID");
    const delimiter = expectKind(locate(mark("${Juliet's full JID}", "$|{Juliet's full JID}")), "variable");
    assert.equal(delimiter.part, "delimiter");
    assert.equal(delimiter.span.text, "${Juliet's full JID}");
  });

  it("finds an xmlns value with its element and its role as a namespace declaration", () => {
    const found = expectKind(locate(mark("xmlns='urn:xmpp:delay'", "xmlns='urn:xm|pp:delay'")), "attributeValue");
    assert.equal(found.span.text, "urn:xmpp:delay");
    assert.equal(found.element.name, "delay");
    assert.equal(found.attribute.name, "xmlns");
    assert.equal(found.role, "namespaceDeclaration");
  });

  it("finds ordinary attribute names and values", () => {
    const value = expectKind(locate(mark("stamp='{scansion:any}'", "stamp='{scansion:|any}'")), "attributeValue");
    assert.equal(value.role, "attribute");
    assert.equal(value.attribute.name, "stamp");
    const name = expectKind(locate(mark('type="chat"', 'ty|pe="chat"')), "attributeName");
    assert.equal(name.span.text, "type");
    assert.equal(name.element.name, "message");
  });

  it("finds element names in start tags and in end tags", () => {
    const start = expectKind(locate(mark("<body>", "<bo|dy>")), "elementName");
    assert.equal(start.tag, "start");
    assert.equal(start.element.name, "body");
    const end = expectKind(locate(mark("</message>", "</mess|age>")), "elementName");
    assert.equal(end.tag, "end");
    assert.equal(end.element.name, "message");
    assert.equal(end.span.text, "message");
  });

  it("finds the end tag of an element closed just before its parent's end tag on the same line", () => {
    const { text, position } = withCursor("[Client] Romeo\n-----\nRomeo receives:\n\t<iq type='result'><query xmlns='q'>\n\t</qu|ery></iq>\n");
    const found = expectKind(locateAt(parseSpec(text), position), "elementName");
    assert.equal(found.element.name, "query");
    assert.equal(found.tag, "end");
    const { text: text2, position: position2 } = withCursor("[Client] Romeo\n-----\nRomeo receives:\n\t<iq type='result'><query xmlns='q'>\n\t</query></i|q>\n");
    assert.equal(expectKind(locateAt(parseSpec(text2), position2), "elementName").element.name, "iq");
  });

  it("finds nothing in text content, comments, blank lines and the separator", () => {
    assert.equal(locate(mark("Hello</body>", "Hel|lo</body>")), undefined);
    assert.equal(locate(mark("# Juliet connects", "# Juliet con|nects")), undefined);
    assert.equal(locate(mark("-----", "--|---")), undefined);
    assert.equal(locate(mark("\n\nJuliet's phone sends:", "\n|\nJuliet's phone sends:")), undefined);
  });

  it("finds every action's client and every variable's client in the sample specs", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    for (const sample of samples) {
      const doc = parseSpec(sample.text);
      for (const action of doc.actions) {
        const found = expectKind(locateAt(doc, action.client.range.start), "actionClient", `${sample.name}:${action.lineRange.start.line + 1}`);
        assert.equal(found.span.text, action.client.text);
        for (const variable of blockOf(action)?.variables ?? []) {
          const inVariable = expectKind(locateAt(doc, variable.client.range.end), "variable", `${sample.name}:${variable.range.start.line + 1}`);
          assert.equal(inVariable.part, "client");
          assert.equal(inVariable.variable, variable);
        }
      }
    }
  });
});

describe("findByLine", () => {
  it("finds the same item as a linear search over sorted, disjoint line ranges", () => {
    const layouts = fc.array(fc.tuple(fc.nat(3), fc.nat(4)), { maxLength: 40 });
    fc.assert(
      fc.property(layouts, fc.nat(200), (gapsAndHeights, line) => {
        let next = 0;
        const items = gapsAndHeights.map(([gap, height]) => {
          const start = next + gap;
          next = start + height + 1;
          return { start: { line: start, character: 0 }, end: { line: start + height, character: 1 } };
        });
        const expected = items.find((range) => range.start.line <= line && line <= range.end.line);
        assert.equal(findByLine(items, line, (range) => range), expected);
      }),
    );
  });
});
