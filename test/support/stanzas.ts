/**
 * Test helpers for the matcher, printer and expected-stanza tests: expected
 * stanzas come from real block text through the project's block parser,
 * received ones from ltx's parser (as on the wire). Not used by production code.
 */
import assert from "node:assert/strict";
import { parse, type Element } from "ltx";
import { parseStanzaBlock } from "@server/language/stanzaXml";
import type { XmlElementNode } from "@server/language/syntaxTree";

/**
 * The one element of a block written as in a spec (lines indented with tabs).
 * Line 0 of the returned ranges is the first line of `text`.
 */
export function expectedFromBlock(text: string): XmlElementNode {
  const parsed = parseStanzaBlock(text.split("\n"), 0);
  const errors = parsed.problems.filter((problem) => problem.severity === "error");
  assert.deepEqual(errors, [], `test block should parse:\n${text}`);
  assert.equal(parsed.block.elements.length, 1, "test block should hold one element");
  return parsed.block.elements[0]!;
}

/** A received stanza, parsed by ltx like @xmpp/client does. */
export function receivedFromXml(xml: string): Element {
  return parse(xml);
}

/** A received stanza as a child of a stream element (as @xmpp/xml hands them over). */
export function receivedOnStream(stanzaXml: string, streamDeclarations = "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"): Element {
  const stream = parse(`<stream:stream ${streamDeclarations}>${stanzaXml}</stream:stream>`);
  const stanza = stream.getChildElements()[0];
  assert.ok(stanza, "stream should hold a stanza");
  return stanza;
}
