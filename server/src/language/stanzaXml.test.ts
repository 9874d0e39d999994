import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseStanzaBlock } from "./stanzaXml";
import { clearStanzaBlockCache, MAX_CACHED_BLOCKS, parseStanzaBlockCached, shiftParsedBlock, stanzaBlockCacheSize } from "./blockCache";
import { CLIENT_NAMESPACE, SCANSION_NAMESPACE, XML_NAMESPACE, type Range, type XmlElementNode, type XmlNode } from "./syntaxTree";

const FIRST_LINE = 10;

function parse(...lines: string[]) {
  return parseStanzaBlock(lines, FIRST_LINE);
}

function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** Range of the first occurrence of `needle` in `line`, which is document line FIRST_LINE + `index`. */
function rangeOf(lines: readonly string[], index: number, needle: string): Range {
  const start = lines[index]!.indexOf(needle);
  assert.ok(start >= 0, `'${needle}' not in line ${index}`);
  return range(FIRST_LINE + index, start, FIRST_LINE + index, start + needle.length);
}

/** What a reader sees of tree nodes, ranges included (they are getters), as plain data. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function element(node: XmlNode | undefined): XmlElementNode {
  assert.equal(node?.type, "element");
  return node as XmlElementNode;
}

function elementChildren(node: XmlElementNode): XmlElementNode[] {
  return node.children.filter((child): child is XmlElementNode => child.type === "element");
}

describe("parseStanzaBlock: elements, attributes and text", () => {
  const lines = ["\t<message to='a@b' type=\"chat\">", "\t\t<body>Hi &amp; bye</body>", "\t</message>"];
  const { block, problems } = parseStanzaBlock(lines, FIRST_LINE);
  const message = element(block.elements[0]);

  it("parses a well-formed block without problems", () => {
    assert.deepEqual(problems, []);
    assert.equal(block.malformed, false);
    assert.equal(block.elements.length, 1);
  });

  it("gives the element its name, namespace and exact ranges", () => {
    assert.equal(message.name, "message");
    assert.equal(message.localName, "message");
    assert.equal(message.namespace, CLIENT_NAMESPACE);
    assert.deepEqual(message.range, range(10, 1, 12, 11));
    assert.deepEqual(message.nameRange, range(10, 2, 10, 9));
    assert.deepEqual(message.startTagRange, range(10, 1, 10, 31));
  });

  it("gives each attribute its value, quote and ranges of the whole, the name and the value", () => {
    const [to, type] = message.attributes;
    assert.deepEqual(
      { name: to?.name, value: to?.value, quote: to?.quote, prefix: to?.prefix, namespace: to?.namespace },
      { name: "to", value: "a@b", quote: "'", prefix: undefined, namespace: "" },
    );
    assert.deepEqual(to?.range, rangeOf(lines, 0, "to='a@b'"));
    assert.deepEqual(to?.nameRange, rangeOf(lines, 0, "to"));
    assert.deepEqual(to?.valueRange, rangeOf(lines, 0, "a@b"));
    assert.equal(type?.quote, '"');
    assert.deepEqual(type?.valueRange, rangeOf(lines, 0, "chat"));
  });

  it("keeps text nodes, whitespace included, with entities decoded and source ranges", () => {
    assert.deepEqual(message.children.map((c) => c.type), ["text", "element", "text"]);
    assert.deepEqual(plain(message.children[0]), { type: "text", text: "\n\t\t", range: range(10, 31, 11, 2) });
    const body = element(message.children[1]);
    assert.deepEqual(plain(body.children), [{ type: "text", text: "Hi & bye", range: rangeOf(lines, 1, "Hi &amp; bye") }]);
    assert.deepEqual(body.range, rangeOf(lines, 1, "<body>Hi &amp; bye</body>"));
  });

  it("describes the block's own lines and range", () => {
    assert.deepEqual(block.range, range(10, 0, 12, 11));
    assert.deepEqual(block.lines.map((l) => l.text), lines);
    assert.deepEqual(block.lines[1]?.range, range(11, 0, 11, lines[1]!.length));
  });
});

describe("parseStanzaBlock: namespaces and directives", () => {
  it("resolves default namespaces, keeps declarations apart and treats xml:lang as an attribute", () => {
    const line = "\t<iq xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'><query xmlns='jabber:iq:version'><item/></query></iq>";
    const iq = element(parse(line).block.elements[0]);
    assert.deepEqual(iq.namespaceDeclarations.map((a) => [a.name, a.prefix, a.localName, a.value]), [
      ["xmlns:stream", "xmlns", "stream", "http://etherx.jabber.org/streams"],
    ]);
    assert.deepEqual(iq.attributes.map((a) => [a.name, a.prefix, a.localName, a.namespace]), [["xml:lang", "xml", "lang", XML_NAMESPACE]]);
    const query = element(iq.children[0]);
    assert.equal(query.namespace, "jabber:iq:version");
    assert.deepEqual(query.attributes, []);
    assert.deepEqual(query.namespaceDeclarations.map((a) => a.name), ["xmlns"]);
    assert.equal(element(query.children[0]).namespace, "jabber:iq:version");
  });

  it("binds scansion: without a declaration and reads scansion:strict per element", () => {
    const lines = ["\t<query xmlns='jabber:iq:version' scansion:strict='true'>", "\t\t<version scansion:strict=\"false\"/>", "\t\t<name/>", "\t</query>"];
    const { block, problems } = parseStanzaBlock(lines, FIRST_LINE);
    assert.deepEqual(problems, []);
    const query = element(block.elements[0]);
    assert.equal(query.strict, true);
    assert.deepEqual(query.attributes, []);
    assert.deepEqual(query.directives.map((d) => [d.name, d.namespace, d.value]), [["scansion:strict", SCANSION_NAMESPACE, "true"]]);
    const [version, name] = elementChildren(query);
    assert.equal(version?.strict, false);
    assert.equal(name?.strict, undefined);
  });

  it("recognises directives by namespace, whatever prefix the spec declares for it", () => {
    const [x] = parse(`\t<x xmlns:s='${SCANSION_NAMESPACE}' s:strict='false'/>`).block.elements;
    assert.equal(x?.strict, false);
    assert.deepEqual(x?.directives.map((d) => d.name), ["s:strict"]);
  });

  it("reads scansion:strict 'yes' and 'no' as 'true' and 'false', as current scansion does", () => {
    const [presence] = parse("\t<presence scansion:strict='yes'><x xmlns='urn:x' scansion:strict='no'/></presence>").block.elements;
    assert.equal(presence?.strict, true);
    assert.equal(element(presence?.children[0]).strict, false);
    assert.deepEqual(parse("\t<presence scansion:strict='no'/>").problems, []);
  });

  it("reports a scansion:strict value other than true, false, yes or no at the value", () => {
    const lines = ["\t<presence scansion:strict='maybe'/>"];
    const { block, problems } = parseStanzaBlock(lines, FIRST_LINE);
    assert.equal(element(block.elements[0]).strict, undefined);
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.range]), [["xml-strict-invalid", "error", rangeOf(lines, 0, "maybe")]]);
  });

  it("turns {scansion:any} and {scansion:capture:NAME} into matchers", () => {
    const [message] = parse("\t<message id='{scansion:any}' first='{scansion:capture:first}' to='x' odd='{scansion:capture:}'/>").block.elements;
    assert.deepEqual(message?.attributes.map((a) => a.matcher), [
      { kind: "any" }, { kind: "capture", name: "first" }, { kind: "literal" }, { kind: "literal" },
    ]);
  });
});

describe("parseStanzaBlock: entities, variables and columns", () => {
  it("decodes &apos; in attributes and &#10; in text", () => {
    const [message] = parse("\t<message a='it&apos;s'><body>one&#10;two</body></message>").block.elements;
    assert.equal(message?.attributes[0]?.value, "it's");
    const body = element(message?.children[0]);
    assert.equal(body.children[0]?.type === "text" && body.children[0].text, "one\ntwo");
  });

  it("finds variables in attributes and text with ranges in the source", () => {
    const lines = ["\t<message to=\"${Juliet's phone's full JID}\">", "\t\t<body>${Romeo's JID}</body>", "\t</message>"];
    const { block } = parseStanzaBlock(lines, FIRST_LINE);
    assert.deepEqual(block.variables.map((v) => [v.client.text, v.kind.text, v.knownKind]), [
      ["Juliet's phone", "full JID", "full JID"], ["Romeo", "JID", "JID"],
    ]);
    assert.deepEqual(block.variables[0]?.range, rangeOf(lines, 0, "${Juliet's phone's full JID}"));
    assert.deepEqual(block.variables[0]?.client.range, rangeOf(lines, 0, "Juliet's phone"));
    assert.deepEqual(block.variables[1]?.kind.range, rangeOf(lines, 1, "JID"));
  });

  it("accepts a variable's apostrophe inside a single-quoted value, as scansion substitutes before reading XML", () => {
    const lines = ["\t<message to='${Juliet's full JID}' type='chat'>", "\t\t<body>it's ${Romeo's JID}</body>", "\t</message>"];
    const { block, problems } = parseStanzaBlock(lines, FIRST_LINE);
    assert.deepEqual(problems, []);
    const message = element(block.elements[0]);
    assert.deepEqual(message.attributes.map((a) => [a.name, a.value, a.quote]), [["to", "${Juliet's full JID}", "'"], ["type", "chat", "'"]]);
    assert.deepEqual(message.attributes[0]?.valueRange, rangeOf(lines, 0, "${Juliet's full JID}"));
    const body = elementChildren(message)[0]!;
    assert.equal(body.children[0]?.type === "text" ? body.children[0].text : undefined, "it's ${Romeo's JID}");
    assert.deepEqual(block.variables.map((v) => v.client.text), ["Juliet", "Romeo"]);
  });

  it("still reports an apostrophe outside a variable that ends a single-quoted value", () => {
    const { problems } = parse("\t<message to='Juliet's phone'/>");
    assert.equal(problems[0]?.code, "xml-malformed");
  });

  it("maps a variable written with entities back to the raw source columns", () => {
    const lines = ["\t<presence to='${Juliet&apos;s phone&apos;s JID}'/>"];
    const [variable] = parseStanzaBlock(lines, FIRST_LINE).block.variables;
    assert.equal(variable?.client.text, "Juliet's phone");
    assert.deepEqual(variable?.range, rangeOf(lines, 0, "${Juliet&apos;s phone&apos;s JID}"));
    assert.deepEqual(variable?.client.range, rangeOf(lines, 0, "Juliet&apos;s phone"));
    assert.deepEqual(variable?.kind.range, rangeOf(lines, 0, "JID"));
  });

  it("counts columns in UTF-16 code units (an emoji takes two)", () => {
    const lines = ["\t<body a='😀' b='x'>😀 ${Romeo's JID}</body>"];
    const { block } = parseStanzaBlock(lines, FIRST_LINE);
    const body = element(block.elements[0]);
    // tab, "<body a='" (9), the emoji (2 units), "' " (2): b stands at column 14, not 13.
    assert.deepEqual(body.attributes[1]?.nameRange, range(10, 14, 10, 15));
    assert.deepEqual(block.variables[0]?.range, rangeOf(lines, 0, "${Romeo's JID}"));
  });
});

describe("parseStanzaBlock: block shapes", () => {
  it("returns every top-level element of a block, in order", () => {
    const { block, problems } = parse("\t<iq type='get' id='a'/>", "\t<iq type='result' id='b'/>");
    assert.deepEqual(problems, []);
    assert.deepEqual(block.elements.map((e) => e.attributes[1]?.value), ["a", "b"]);
  });

  it("takes a blank line inside an element as text", () => {
    const { block } = parse("\t<iq>", "", "\t</iq>");
    assert.deepEqual(plain(block.elements[0]?.children), [{ type: "text", text: "\n\n\t", range: range(10, 5, 12, 1) }]);
  });

  it("reads attributes continued on the next line", () => {
    const lines = ["\t<query xmlns='urn:xmpp:mam:2'", "\t       queryid='q1'/>"];
    const [query] = parseStanzaBlock(lines, FIRST_LINE).block.elements;
    assert.deepEqual(query?.attributes[0]?.range, rangeOf(lines, 1, "queryid='q1'"));
    assert.deepEqual(query?.startTagRange, range(10, 1, 11, lines[1]!.length));
  });
});

describe("parseStanzaBlock: malformed XML", () => {
  function problemOf(...lines: string[]) {
    const { block, problems } = parseStanzaBlock(lines, FIRST_LINE);
    assert.equal(block.malformed, true);
    assert.deepEqual(block.elements, []);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.code, "xml-malformed");
    assert.equal(problems[0]?.severity, "error");
    assert.doesNotMatch(problems[0]?.message ?? "", /^\d+:\d+/);
    return problems[0]!;
  }

  it("points an unclosed element at its start tag", () => {
    const lines = ["\t<iq type='get'>", "\t\t<query xmlns='jabber:iq:roster'/>"];
    const problem = problemOf(...lines);
    assert.deepEqual(problem.range, rangeOf(lines, 0, "<iq type='get'>"));
    assert.match(problem.message, /<iq> is never closed/);
  });

  it("names the element a wrong end tag leaves open", () => {
    const lines = ["\t<iq><query></iq>"];
    const problem = problemOf(...lines);
    assert.deepEqual(problem.range, rangeOf(lines, 0, "</iq>"));
    assert.match(problem.message, /<query> is not closed: expected <\/query> before <\/iq>/);
  });

  it("catches a bare & before saxes would swallow the rest of the block", () => {
    const lines = ["\t<body>Romeo & Juliet</body>"];
    assert.deepEqual(problemOf(...lines).range, rangeOf(lines, 0, "&"));
  });

  it("explains an undeclared prefix, an unquoted value, a duplicate attribute and an unknown entity", () => {
    assert.match(problemOf("\t<stream:features/>").message, /prefix 'stream' is not declared/);
    assert.match(problemOf("\t<iq type=get/>").message, /must be in quotes/);
    assert.match(problemOf("\t<iq id='1' id='2'/>").message, /'id' is written twice/);
    assert.match(problemOf("\t<body>&nbsp;</body>").message, /Unknown entity/);
  });

  it("rejects text outside of any element", () => {
    const lines = ["\t<presence/> stray"];
    assert.deepEqual(problemOf(...lines).range, rangeOf(lines, 0, "stray"));
  });

  it("leaves no trace in the next block, whatever broke before", () => {
    for (const broken of ["\t<a b='", "\t<!-- never ends", "\t<![CDATA[ x", "\t<a><b>", "\t</a>", "\t<?pi"]) {
      assert.equal(parse(broken).block.malformed, true, broken);
      const { block, problems } = parse("\t<presence type='x'>hi</presence>");
      assert.deepEqual(problems, [], `after ${broken}`);
      assert.deepEqual(block.elements[0]?.range, range(10, 1, 10, 33));
    }
  });

  it("still lists the variables of a malformed block for editor features", () => {
    const { block } = parse("\t<presence to='${Romeo's JID}'>");
    assert.equal(block.malformed, true);
    assert.deepEqual(block.variables.map((v) => v.client.text), ["Romeo"]);
  });
});

describe("parseStanzaBlockCached", () => {
  const lines = ["\t<iq to='${Romeo's JID}' scansion:strict='maybe'>", "\t\t<query xmlns='x'>t</query>", "\t</iq>"];

  it("returns the very same result for the same text at the same line", () => {
    clearStanzaBlockCache();
    const first = parseStanzaBlockCached(lines, 40);
    assert.equal(parseStanzaBlockCached([...lines], 40), first);
  });

  it("gives a moved block exactly what a fresh parse at the new line gives", () => {
    clearStanzaBlockCache();
    parseStanzaBlockCached(lines, 40);
    const moved = parseStanzaBlockCached(lines, 3);
    assert.deepEqual(plain(moved), plain(parseStanzaBlock(lines, 3)), "every range as a reader sees it");
    assert.deepEqual(moved, parseStanzaBlock(lines, 3), "the same data behind them");
    assert.equal(moved.problems[0]?.range.start.line, 3);
  });

  it("keeps every position of a text that a document repeats many times, so a reparse copies nothing", () => {
    clearStanzaBlockCache();
    const first = Array.from({ length: 100 }, (_, k) => parseStanzaBlockCached(lines, k * 10));
    const again = Array.from({ length: 100 }, (_, k) => parseStanzaBlockCached(lines, k * 10));
    assert.ok(again.every((result, k) => result === first[k]));
    assert.deepEqual(stanzaBlockCacheSize(), { texts: 1, results: 100 });
    clearStanzaBlockCache();
  });

  it("stays bounded, evicting the least recently used results first", () => {
    clearStanzaBlockCache();
    const kept = parseStanzaBlockCached(lines, 0);
    const oldest = parseStanzaBlockCached(["\t<presence id='first'/>"], 0);
    for (let n = 0; n < MAX_CACHED_BLOCKS + 100; n++) {
      parseStanzaBlockCached([`\t<presence id='${n}'/>`], 0);
      if (n % 1000 === 0) parseStanzaBlockCached(lines, 0); // used all along: never evicted
    }
    assert.deepEqual(stanzaBlockCacheSize(), { texts: MAX_CACHED_BLOCKS, results: MAX_CACHED_BLOCKS });
    assert.equal(parseStanzaBlockCached(lines, 0), kept);
    assert.notEqual(parseStanzaBlockCached(["\t<presence id='first'/>"], 0), oldest, "evicted, so parsed afresh");
    clearStanzaBlockCache();
  });

  it("forgets a text only when the last of its places is evicted", () => {
    clearStanzaBlockCache();
    const atZero = parseStanzaBlockCached(lines, 0);
    const atTen = parseStanzaBlockCached(lines, 10);
    for (let n = 0; n < MAX_CACHED_BLOCKS - 1; n++) parseStanzaBlockCached([`\t<presence id='${n}'/>`], 0);
    assert.deepEqual(stanzaBlockCacheSize(), { texts: MAX_CACHED_BLOCKS, results: MAX_CACHED_BLOCKS });
    assert.equal(parseStanzaBlockCached(lines, 10), atTen, "the second place is still remembered");
    const again = parseStanzaBlockCached(lines, 0);
    assert.notEqual(again, atZero, "the first place was evicted");
    assert.deepEqual(again, atZero);
    clearStanzaBlockCache();
  });

  it("shifts every range of a malformed block too", () => {
    const broken = ["\t<iq to='${Romeo's JID}'>", "\t<x>"];
    assert.deepEqual(plain(shiftParsedBlock(parseStanzaBlock(broken, 5), 7)), plain(parseStanzaBlock(broken, 12)));
  });
});
