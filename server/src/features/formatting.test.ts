import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { FormattingOptions } from "vscode-languageserver";
import { parseSpec } from "../language/parser";
import { blockOf } from "../language/locate";
import type { SpecDocument, XmlNode } from "../language/syntaxTree";
import { formatDocument, indentUnit, type IndentSetting } from "./formatting";
import { applyTextEdits } from "@support/features/edits";
import { sampleSpecs } from "@support/features/sampleSpecs";

const EDITOR_DEFAULTS: FormattingOptions = { tabSize: 4, insertSpaces: true };

function format(text: string, setting: IndentSetting | undefined = "tab", options: FormattingOptions = EDITOR_DEFAULTS): string {
  return applyTextEdits(text, formatDocument(parseSpec(text), options, setting));
}

/** Each block's elements as plain data: no ranges, no whitespace-only text. */
function xmlOf(doc: SpecDocument): unknown[] {
  const shape = (node: XmlNode): unknown => {
    if (node.type === "text") return node.text;
    const attributes = (list: typeof node.attributes) => list.map((attribute) => [attribute.name, attribute.value]);
    return {
      name: node.name,
      namespace: node.namespace,
      attributes: attributes(node.attributes),
      declarations: attributes(node.namespaceDeclarations),
      directives: attributes(node.directives),
      children: node.children.filter((child) => child.type === "element" || child.text.trim() !== "").map(shape),
    };
  };
  return doc.actions.map((action) => {
    const block = blockOf(action);
    return block ? { malformed: block.malformed, elements: block.elements.map(shape) } : action.kind;
  });
}

const HEADER = "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n-----\n\n";

describe("formatDocument", () => {
  it("indents each block line by its element depth, one tab for the top level", () => {
    const messy = HEADER + [
      "Romeo sends:",
      "        <iq type='get' id='1'>",
      "  <query xmlns='jabber:iq:roster'>",
      "      <item jid='juliet@localhost'/>",
      " </query>",
      "   </iq>",
      "",
    ].join("\n");
    assert.equal(format(messy), HEADER + [
      "Romeo sends:",
      "\t<iq type='get' id='1'>",
      "\t\t<query xmlns='jabber:iq:roster'>",
      "\t\t\t<item jid='juliet@localhost'/>",
      "\t\t</query>",
      "\t</iq>",
      "",
    ].join("\n"));
  });

  it("re-indents a block around '#' comment lines inside it, which stay as written at column 0", () => {
    const messy = HEADER + ["Romeo sends:", "# the old stanza:", "#   <presence type='probe'/>", "  <iq type='get' id='1'>", "# a note  ", "      <ping xmlns='urn:xmpp:ping'/>", " </iq>", ""].join("\n");
    assert.equal(format(messy), HEADER + ["Romeo sends:", "# the old stanza:", "#   <presence type='probe'/>", "\t<iq type='get' id='1'>", "# a note", "\t\t<ping xmlns='urn:xmpp:ping'/>", "\t</iq>", ""].join("\n"));
  });

  it("puts a start tag's continuation lines one level deeper than the tag", () => {
    const messy = HEADER + "Romeo sends:\n\t<iq type='get'\n  id='1'>\n   <item jid='a'\n name='A'\n            subscription='both'/>\n\t</iq>\n";
    assert.equal(format(messy), HEADER + "Romeo sends:\n\t<iq type='get'\n\t\tid='1'>\n\t\t<item jid='a'\n\t\t\tname='A'\n\t\t\tsubscription='both'/>\n\t</iq>\n");
  });

  it("gives property lines one indent unit and removes trailing whitespace everywhere", () => {
    const messy = "# Title  \n[Client] Romeo\n    jid: romeo@localhost   \n  password: password\n \n-----\n\nRomeo receives:   \n   <presence/>  \n\t\n# done \n";
    assert.equal(format(messy), "# Title\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n-----\n\nRomeo receives:\n\t<presence/>\n\n# done\n");
  });

  it("indents with spaces when the setting asks for them, tabSize at a time", () => {
    const text = HEADER + "Romeo sends:\n\t<iq type='get' id='1'>\n\t\t<ping xmlns='urn:xmpp:ping'/>\n\t</iq>\n";
    const expected = HEADER.replaceAll("\t", "  ") + "Romeo sends:\n  <iq type='get' id='1'>\n    <ping xmlns='urn:xmpp:ping'/>\n  </iq>\n";
    const formatted = format(text, "spaces", { tabSize: 2, insertSpaces: false });
    assert.equal(formatted, expected);
    assert.deepEqual(parseSpec(formatted).clients[0]?.properties.map((property) => property.key.text), ["jid", "password"]);
  });

  it("follows the editor's insertSpaces only when no setting is given", () => {
    assert.equal(indentUnit({ tabSize: 3, insertSpaces: true }, undefined), "   ");
    assert.equal(indentUnit({ tabSize: 3, insertSpaces: false }, undefined), "\t");
    assert.equal(indentUnit({ tabSize: 3, insertSpaces: true }, "tab"), "\t");
    assert.equal(indentUnit({ tabSize: 3, insertSpaces: false }, "spaces"), "   ");
  });

  it("leaves text that spans lines exactly as written, indenting only the line its element starts on", () => {
    const text = HEADER + "Romeo sends:\n\t<message>\n\t<body>Hello  \n   there  \n Juliet</body>\n\t</message>\n";
    assert.equal(format(text), HEADER + "Romeo sends:\n\t<message>\n\t\t<body>Hello  \n   there  \n Juliet</body>\n\t</message>\n");
  });

  it("leaves attribute values that span lines as written", () => {
    const text = HEADER + "Romeo sends:\n   <message id='a  \n  b'/>\n";
    assert.equal(format(text), HEADER + "Romeo sends:\n\t<message id='a  \n  b'/>\n");
  });

  it("leaves a malformed block untouched, trailing whitespace included, and formats the rest", () => {
    const text = HEADER + "Romeo sends:\n      <iq type='get'>  \n   <query>\n\nRomeo receives:\n  <presence/>\n";
    assert.equal(format(text), HEADER + "Romeo sends:\n      <iq type='get'>  \n   <query>\n\nRomeo receives:\n\t<presence/>\n");
  });

  it("leaves untouched a block with lines it cannot place, such as an XML comment", () => {
    const text = HEADER + "Romeo sends:\n  <iq type='get'>\n  <!-- a comment -->\n  </iq>\n";
    assert.equal(format(text), text);
  });

  it("returns no edit for a formatted spec and one edit per changed line otherwise", () => {
    const formatted = HEADER + "Romeo sends:\n\t<iq type='get' id='1'>\n\t\t<ping xmlns='urn:xmpp:ping'/>\n\t</iq>\n";
    assert.deepEqual(formatDocument(parseSpec(formatted), EDITOR_DEFAULTS, "tab"), []);
    const twoLinesOff = formatted.replace("\t\t<ping", "  <ping").replace("\t</iq>", "</iq>".padStart(8));
    const edits = formatDocument(parseSpec(twoLinesOff), EDITOR_DEFAULTS, "tab");
    assert.deepEqual(edits.map((edit) => [edit.range.start.line, edit.newText]), [[8, "\t\t<ping xmlns='urn:xmpp:ping'/>"], [9, "\t</iq>"]]);
  });

  it("is idempotent and keeps every block's XML, over every sample spec, with tabs and with spaces", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    for (const sample of samples) {
      for (const setting of ["tab", "spaces"] as const) {
        const once = format(sample.text, setting);
        assert.equal(format(once, setting), once, `${sample.name} (${setting}) formats the same twice`);
        assert.deepEqual(xmlOf(parseSpec(once)), xmlOf(parseSpec(sample.text)), `${sample.name} (${setting}) keeps its XML`);
      }
    }
  });

  it("formats a sample spec with scrambled tag indentation exactly like the sample itself", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    const indentation = fc.array(fc.constantFrom(" ", "\t"), { minLength: 1, maxLength: 6 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.infiniteStream(indentation), (sample, indents) => {
        // Only lines that start with a tag: their indentation is whitespace-only text or lies between attributes.
        const scrambled = sample.text.replace(/^[ \t]+(?=<)/gm, () => indents.next().value);
        assert.equal(format(scrambled), format(sample.text), sample.name);
      }),
      { numRuns: 60 },
    );
  });
});
