import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpec } from "./parser";
import type { Action, Range, SpecDocument, StanzaBlock } from "./syntaxTree";

const FIXTURES = join(__dirname, "../../../testFixture/language");

function fixture(name: string): SpecDocument {
  return parseSpec(readFileSync(join(FIXTURES, name), "utf8"));
}

function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** The first action after the `# probe: <probe>` comment line. */
function actionAfterProbe(doc: SpecDocument, probe: string): Action {
  const line = doc.comments.find((c) => c.text === `probe: ${probe}`)?.range.start.line;
  assert.notEqual(line, undefined, `no probe '${probe}'`);
  const action = doc.actions.find((a) => a.lineRange.start.line > (line ?? 0));
  assert.ok(action);
  return action;
}

function blockOf(action: Action): StanzaBlock {
  assert.ok("block" in action && action.block, `${action.client.text} ${action.verb.text} has no block`);
  return action.block;
}

/** [code, 1-based line] of every problem, for comparing with the fixtures as an editor shows them. */
function problemLines(doc: SpecDocument): [string, number][] {
  return doc.problems.map((p) => [p.code, p.range.start.line + 1]);
}

describe("parseSpec: header", () => {
  const doc = fixture("all-constructs.scs");

  it("takes the first # line as title and the # lines right below it as description", () => {
    assert.equal(doc.header.title?.text, "All constructs of the scansion language");
    assert.deepEqual(doc.header.title?.range, range(0, 2, 0, 41));
    assert.deepEqual(doc.header.description.map((d) => d.text), ["A description that spans", "two more lines."]);
    assert.deepEqual(doc.header.description[1]?.range, range(2, 2, 2, 17));
  });

  it("reads bare tags and name: value tags whose name has spaces, dots and dashes", () => {
    assert.deepEqual(doc.header.tags.map((t) => [t.name.text, t.value?.text]), [
      ["slow", undefined], ["prosody-0.9 result", "fails: because of a colon"], ["status", "stable"],
    ]);
    assert.deepEqual(doc.header.tags[1]?.value?.range, range(4, 23, 4, 48));
  });

  it("keeps header comments of every style with their text after the marker", () => {
    const header = doc.comments.filter((c) => c.section === "header");
    assert.deepEqual(header.map((c) => [c.style, c.text]), [
      ["slashes", "A slashes comment in the header"],
      ["dashes", "A dashes comment in the header"],
      ["hash", "A hash comment in the header (a blank line came before, so not description)"],
    ]);
  });

  it("reads clients with properties in any order, unknown keys kept, names with 's", () => {
    assert.deepEqual(doc.clients.map((c) => [c.className.text, c.name.text, c.properties.map((p) => `${p.key.text}=${p.value.text}`)]), [
      ["Client", "Romeo", ["jid=romeo@localhost", "password=password", "connect_host=127.0.0.1", "connect_port=5222"]],
      ["Client", "Juliet", ["password=password", "jid=juliet@localhost/balcony"]],
      ["Client", "Juliet's phone", ["jid=juliet@localhost", "password=password", "resource=mobile", "custom_key=kept in the tree"]],
    ]);
  });

  it("gives a client the ranges of its header line, its name and its whole definition", () => {
    const phone = doc.clients[2];
    assert.deepEqual(phone?.headerRange, range(21, 0, 21, 23));
    assert.deepEqual(phone?.className.range, range(21, 1, 21, 7));
    assert.deepEqual(phone?.name.range, range(21, 9, 21, 23));
    assert.deepEqual(phone?.range, range(21, 0, 25, 29));
    assert.deepEqual(phone?.properties[0]?.key.range, range(22, 1, 22, 4));
    assert.deepEqual(phone?.properties[0]?.value.range, range(22, 6, 22, 22));
  });

  it("finds the separator and reports nothing wrong in a correct spec", () => {
    assert.deepEqual(doc.separator, { range: range(27, 0, 27, 9) });
    assert.deepEqual(doc.problems, []);
  });

  it("takes no title when something else comes first, and allows blank lines before it", () => {
    const late = parseSpec("// first\n# not a title\n-----\n");
    assert.equal(late.header.title, undefined);
    assert.deepEqual(late.comments.map((c) => c.style), ["slashes", "hash"]);
    assert.equal(parseSpec("\n\n#Title\n-----").header.title?.text, "Title");
  });

  it("ends the description at a blank line and treats an empty ## line as a comment", () => {
    const doc2 = parseSpec("# T\n# d\n\n# c\n##\n##slow\n-----\n");
    assert.deepEqual(doc2.header.description.map((d) => d.text), ["d"]);
    assert.deepEqual(doc2.comments.map((c) => c.text), ["c", "#"]);
    assert.deepEqual(doc2.header.tags.map((t) => t.name.text), ["slow"]);
  });

  it("keeps comments inside a client definition without ending it", () => {
    const doc2 = parseSpec("[Client] A\n\tjid: a@b\n// note\n\t# indented note\n\tpassword: p\n-----\n");
    assert.deepEqual(doc2.clients[0]?.properties.map((p) => p.key.text), ["jid", "password"]);
    assert.equal(doc2.comments.length, 2);
    assert.deepEqual(doc2.problems, []);
    assert.deepEqual(parseSpec("# T\n\t# indented note\n-----\n").problems, []);
  });
});

describe("parseSpec: actions", () => {
  const doc = fixture("all-constructs.scs");

  it("reads every verb, with and without colon, in document order", () => {
    assert.deepEqual(doc.actions.map((a) => [a.client.text, a.kind, a.hasColon]), [
      ["Romeo", "connects", false], ["Juliet", "connects", true], ["Juliet's phone", "connects", false],
      ["Romeo", "sends", true], ["Juliet's phone", "receives", true],
      ["Romeo", "sends", false], ["Romeo", "receives", false],
      ["Romeo", "sends", true], ["Romeo", "receives", true], ["Romeo", "sends", true],
      ["Juliet's phone", "receives", true],
      ["Juliet's phone", "disconnects", false], ["Juliet", "disconnects", true], ["Romeo", "disconnects", false],
    ]);
  });

  it("keeps body comments of every style, a bare -- included", () => {
    const body = doc.comments.filter((c) => c.section === "body").slice(0, 4);
    assert.deepEqual(body.map((c) => [c.style, c.text]), [
      ["hash", "A hash comment in the body"], ["slashes", "A slashes comment in the body"],
      ["dashes", "A dashes comment in the body"], ["dashes", ""],
    ]);
  });

  it("gives an action the ranges of its name, its verb, its line and line plus block", () => {
    const action = actionAfterProbe(doc, "receive with {scansion:any}");
    assert.deepEqual(action.client.range, range(46, 0, 46, 14));
    assert.deepEqual(action.verb.range, range(46, 15, 46, 23));
    assert.deepEqual(action.lineRange, range(46, 0, 46, 24));
    assert.deepEqual(action.range, range(46, 0, 49, 11));
    assert.deepEqual(blockOf(action).range, range(47, 0, 49, 11));
  });

  it("matches the longest defined client name, so Juliet's phone is not Juliet", () => {
    const action = actionAfterProbe(doc, "receive with {scansion:any}");
    assert.equal(action.client.text, "Juliet's phone");
    assert.equal(parseSpec("[Client] A\n[Client] A b\n-----\nA b\tsends:\n\t<x/>").actions[0]?.client.text, "A b");
  });

  it("reads 'receives: nothing' as expecting nothing, without a block", () => {
    const action = doc.actions[10];
    assert.equal(action?.kind, "receives");
    assert.ok(action?.kind === "receives" && action.expectsNothing && action.block === undefined);
  });

  it("parses stanza blocks: variables, entities, strictness and captures", () => {
    const message = blockOf(actionAfterProbe(doc, "message with variables, entities and xml:lang"));
    assert.deepEqual(message.variables.map((v) => [v.client.text, v.knownKind]), [["Juliet's phone", "full JID"]]);
    assert.equal(message.elements[0]?.attributes.find((a) => a.name === "xml:lang")?.value, "en");
    const strict = blockOf(actionAfterProbe(doc, "verbs without colon, strictness, xmlns:stream, tab+space indentation"));
    assert.equal(strict.elements[0]?.children.length, 3);
    const captures = blockOf(actionAfterProbe(doc, "captures"));
    const fin = captures.elements[0]?.children.find((c) => c.type === "element");
    assert.deepEqual(fin?.type === "element" && fin.attributes.map((a) => a.matcher), [
      { kind: "capture", name: "first" }, { kind: "capture", name: "last" },
    ]);
  });

  it("keeps a blank line inside a block and returns several top-level elements", () => {
    const blank = blockOf(actionAfterProbe(doc, "blank line inside a block, attributes continued on the next line"));
    assert.equal(blank.lines.length, 5);
    assert.equal(blank.lines[3]?.text, "");
    assert.equal(blank.elements.length, 1);
    assert.equal(blockOf(actionAfterProbe(doc, "two top-level elements in one block")).elements.length, 2);
  });

  it("ends a block at its last indented line, not at the blank lines after it", () => {
    const spec = parseSpec("[Client] A\n-----\nA sends:\n\n\t<iq>\n\n\t</iq>\n\n\nA disconnects\n");
    const block = blockOf(spec.actions[0]!);
    assert.deepEqual(block.range, range(4, 0, 6, 6));
    assert.deepEqual(spec.actions[0]?.range, range(2, 0, 6, 6));
    assert.equal(spec.actions[1]?.kind, "disconnects");
    assert.deepEqual(spec.problems, []);
  });

  it("reads CRLF and CR line ends and ignores trailing whitespace", () => {
    const spec = parseSpec("[Client] A  \r\n\tjid: a@b \r\n-----\r\nA receives:  \r\t<x/>\t\r\nA receives: nothing \r\n");
    assert.deepEqual(spec.problems, []);
    assert.deepEqual(spec.clients[0]?.properties[0]?.value.text, "a@b");
    assert.ok(spec.lines.every((line) => !line.includes("\r")));
    assert.equal(spec.actions[1]?.kind === "receives" && spec.actions[1].expectsNothing, true);
  });

  it("ignores a byte order mark and parses an empty or blank document without problems", () => {
    assert.equal(parseSpec("\uFEFF# Title\n-----").header.title?.text, "Title");
    for (const text of ["", "\n\n", " \t \n"]) {
      const empty = parseSpec(text);
      assert.deepEqual([empty.problems, empty.actions, empty.clients, empty.separator], [[], [], [], undefined]);
    }
  });
});

describe("parseSpec: action lines that are wrong", () => {
  const doc = fixture("broken-actions.scs");

  it("reports each mistake once, on its own line, and nothing else", () => {
    assert.deepEqual(problemLines(doc), [
      ["action-unknown-verb", 21], ["action-unknown-verb", 22], ["action-missing-verb", 24],
      ["action-missing-block", 27], ["block-without-action", 29], ["action-unexpected-block", 33],
      ["action-trailing-text", 36], ["action-unexpected-block", 40], ["action-missing-block", 43],
    ]);
    // What a run reads past is a warning ("read as …"); what it cannot run as written, an error (LANGUAGE-DECISIONS.md #16).
    assert.deepEqual(doc.problems.filter((p) => p.severity === "warning").map((p) => [p.code, p.range.start.line + 1]),
      [["action-unexpected-block", 33]]);
    assert.match(doc.problems.find((p) => p.range.start.line === 32)?.message ?? "", /^Read as 'connects' alone/);
  });

  it("names undefined clients by the text before the verb, 's included", () => {
    assert.deepEqual([actionAfterProbe(doc, "undefined client").client.text, actionAfterProbe(doc, "undefined client").kind], ["Mercutio", "connects"]);
    const laptop = actionAfterProbe(doc, "undefined client whose name has 's");
    assert.deepEqual([laptop.client.text, laptop.kind, blockOf(laptop).elements.length], ["Juliet's laptop", "sends", 1]);
  });

  it("keeps unknown verbs as 'unknown' actions, with their block, so nothing cascades", () => {
    const [sleeps, sends, bare] = doc.actions.slice(2, 5);
    assert.deepEqual([sleeps?.kind, sleeps?.verb.text], ["unknown", "sleeps"]);
    assert.deepEqual([sends?.kind, sends?.verb.text, sends && blockOf(sends).elements.length], ["unknown", "Sends", 1]);
    assert.deepEqual([bare?.kind, bare?.client.text, bare?.verb.text], ["unknown", "Romeo", ""]);
    assert.match(doc.problems[1]?.message ?? "", /did you mean 'sends'/);
  });

  it("prefers the text before a verb word over a shorter defined name", () => {
    const [action] = parseSpec("[Client] Juliet\n-----\nJuliet laptop sends:\n\t<presence/>\n").actions;
    assert.deepEqual([action?.client.text, action?.kind], ["Juliet laptop", "sends"]);
  });

  it("takes the first word as the name and the second as the verb when no verb is found", () => {
    const [action] = parseSpec("-----\nTybalt waves hello\n").actions;
    assert.deepEqual([action?.client.text, action?.verb.text, action?.kind], ["Tybalt", "waves", "unknown"]);
  });

  it("explains a stanza written on the action line", () => {
    assert.match(doc.problems[6]?.message ?? "", /following lines, indented/);
  });
});

describe("parseSpec: header and separator mistakes", () => {
  it("reports broken client lines and properties and goes on reading", () => {
    const doc = fixture("broken-header.scs");
    assert.deepEqual(problemLines(doc), [
      ["client-header-malformed", 3], ["client-name-missing", 6], ["property-malformed", 10],
      ["property-outside-client", 13], ["header-unexpected-line", 14], ["separator-duplicate", 19],
    ]);
    assert.deepEqual(doc.clients.map((c) => [c.name.text, c.properties.map((p) => p.key.text)]), [["Juliet", ["password"]]]);
    assert.deepEqual(doc.actions.map((a) => a.lineRange.start.line + 1), [18, 20]);
    assert.equal(doc.problems[5]?.severity, "warning");
  });

  it("without a separator, warns and starts the body at the first line that is no header construct", () => {
    const doc = fixture("missing-separator.scs");
    assert.deepEqual(doc.problems.map((p) => [p.code, p.severity, p.range]), [["separator-missing", "warning", range(7, 0, 7, 14)]]);
    assert.equal(doc.separator, undefined);
    assert.deepEqual(doc.clients.map((c) => c.properties.length), [2]);
    assert.deepEqual(doc.actions.map((a) => a.kind), ["connects", "sends", "disconnects"]);
    assert.equal(doc.comments[0]?.section, "header");
  });

  it("takes stanza lines at column 0 and client definitions in the body as errors", () => {
    const doc = parseSpec("-----\nA sends:\n<presence/>\n[Client] B\n\tjid: b@c\nB connects\n");
    assert.deepEqual(problemLines(doc), [["action-missing-block", 2], ["block-not-indented", 3], ["client-definition-in-body", 4]]);
    assert.deepEqual(doc.clients.map((c) => [c.name.text, c.properties.length]), [["B", 1]]);
    assert.equal(doc.actions[1]?.client.text, "B");
  });
});

describe("parseSpec: malformed stanza blocks", () => {
  const doc = fixture("broken-xml.scs");

  it("reports one problem per broken block, where it is, and parses the rest", () => {
    assert.deepEqual(problemLines(doc), [
      ["xml-malformed", 13], ["xml-malformed", 18], ["xml-malformed", 22], ["xml-malformed", 26],
      ["xml-strict-invalid", 30], ["variable-unknown-kind", 34],
    ]);
    const last = blockOf(actionAfterProbe(doc, "still parsed after all of the above"));
    assert.deepEqual([last.malformed, last.elements[0]?.name], [false, "presence"]);
    assert.equal(doc.actions.at(-1)?.kind, "disconnects");
  });

  it("marks malformed blocks and keeps well-formed ones with a bad attribute value", () => {
    assert.deepEqual(doc.actions.slice(1, 7).map((a) => blockOf(a).malformed), [true, true, true, true, false, false]);
  });
});

describe("parseSpec: '#' comment lines inside a block", () => {
  const doc = parseSpec(readFileSync(join(FIXTURES, "../runner/comments-in-blocks.scs"), "utf8"));

  it("reads the spec with no problem", () => {
    assert.deepEqual(problemLines(doc), []);
  });

  it("goes on with the block after a comment between the action line and the stanza", () => {
    const block = blockOf(actionAfterProbe(doc, "comment between the action line and its stanza"));
    assert.deepEqual(block.elements.map((element) => element.name), ["iq"]);
    assert.equal(block.range.start.line, doc.comments.find((c) => c.text === "An older version sent a version query here")!.range.start.line + 1);
  });

  it("keeps only the stanza that is not commented out", () => {
    const block = blockOf(actionAfterProbe(doc, "comments replacing an expected stanza"));
    assert.equal(block.elements.length, 1);
    assert.equal(block.elements[0]!.attributes.find((a) => a.name === "from")?.value, "localhost");
  });

  it("goes on with the stanza after a comment between its lines, which the XML never sees", () => {
    const action = actionAfterProbe(doc, "comment between a stanza's lines");
    const [iq] = blockOf(action).elements;
    assert.deepEqual(iq!.children.filter((c) => c.type === "element").map((c) => c.type === "element" && c.name), ["query"]);
    assert.equal(action.range.end.line, action.lineRange.start.line + 4);
  });

  it("records each such line as a comment of the block (no caption of the outline), in document order", () => {
    const inBlocks = doc.comments.filter((c) => c.text.startsWith("\t<") || c.text.startsWith("\t\t\t<") || c.text.startsWith("the query") || c.text.startsWith("An older"));
    assert.deepEqual(inBlocks.map((c) => [c.range.start.line + 1, c.section]), [[16, "block"], [23, "block"], [24, "block"], [30, "block"], [37, "block"]]);
    const lines = doc.comments.map((c) => c.range.start.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  });

  it("still ends a block at a '//' or '--' line, and at a '#' line with no indented line after it", () => {
    const text = "# t\n[Client] R\n\tjid: r@localhost\n\tpassword: p\n---\nR connects\nR sends:\n\t<presence/>\n# done\nR disconnects\nR sends:\n\t<presence/>\n// old\n\t<presence type='x'/>\n";
    const parsed = parseSpec(text);
    assert.deepEqual(parsed.actions.map((a) => a.kind), ["connects", "sends", "disconnects", "sends"]);
    assert.deepEqual(problemLines(parsed), [["block-without-action", 14]]);
  });
});

describe("parseSpec: what a run reads past is a warning, never an error (LANGUAGE-DECISIONS.md #16)", () => {
  const HEADER = "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n-----\n";

  it("reads text after a verb past, saying how the line is read", () => {
    const doc = parseSpec(`${HEADER}Romeo connects now\nRomeo disconnects\n`);
    assert.deepEqual(doc.problems.map((p) => [p.code, p.severity, p.message]), [
      ["action-trailing-text", "warning", "Read as 'Romeo connects': the text after 'connects' is ignored."],
    ]);
    assert.deepEqual(doc.actions.map((a) => a.kind), ["connects", "disconnects"]);
  });

  it("reads a client definition in the body as one, and an unclosed ${ as literal text", () => {
    const doc = parseSpec(`${HEADER}[Client] Juliet\n\tjid: juliet@localhost\n\tpassword: p\nRomeo connects\nRomeo sends:\n\t<message to='juliet@localhost'><body>costs \${5</body></message>\n`);
    assert.deepEqual(doc.problems.map((p) => [p.code, p.severity]), [["client-definition-in-body", "warning"], ["variable-unclosed", "warning"]]);
    assert.deepEqual(doc.clients.map((c) => c.name.text), ["Romeo", "Juliet"]);
  });
});
