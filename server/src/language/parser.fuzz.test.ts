/**
 * Property-based tests: on any input, parseSpec returns (never throws) a tree
 * whose every range lies inside the document, is well-ordered, sits inside its
 * parent's range and covers the text it claims; and the block memo never
 * changes a result.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseSpec } from "./parser";
import { clearStanzaBlockCache } from "./blockCache";
import { rangesOf } from "./treeWalk";
import type { Position, Range, SpecDocument, TextSpan, XmlNode } from "./syntaxTree";

const ROOT = join(__dirname, "../../..");
const SPEC_DIRS = [join(ROOT, "../shared/conformance/prosody-0.12.3/specs"), join(ROOT, "testFixture/language"), join(ROOT, "testFixture/specs")];
const SPECS: string[] = SPEC_DIRS.filter((dir) => existsSync(dir)).flatMap((dir) =>
  readdirSync(dir).filter((f) => f.endsWith(".scs")).map((f) => readFileSync(join(dir, f), "utf8")),
);
const LINES: string[] = [...new Set(SPECS.flatMap((spec) => spec.split("\n")))];

/** Pieces of the language, so random sequences hit its corners, not just plain text. */
const TOKENS = [
  "Romeo", "Juliet's phone", " ", "\t", "\n", "\r\n", "\r", ":", " sends:", " receives:", " receives: nothing", " connects", " disconnects",
  "[Client] ", "[", "]", "\tjid: ", "\tpassword: ", "-----", "---", "--", "#", "##", "// ", "<", ">", "/>", "</", "<iq", "<iq>", "</iq>",
  " type='get'", " a=\"", "'", "\"", "=", "&", "&apos;", "&#10;", "&#x1F600;", "&nbsp;", "${", "}", "${Romeo's JID}", "'s ", "full JID",
  " xmlns='urn:x'", " xmlns:stream='s'", " scansion:strict='true'", " scansion:strict='x'", "scansion:", "{scansion:any}",
  "{scansion:capture:c}", "<![CDATA[", "]]>", "<!--", "-->", "<?pi?>", "😀", "\uD800", "\uDC00", "é", "\u0000", "\uFEFF", "\u2028",
];

const specText = SPECS.length > 0 ? fc.constantFrom(...SPECS) : fc.constant("# empty\n-----\n");

function isInside(position: Position, lines: readonly string[]): boolean {
  const line = lines[position.line];
  return Number.isInteger(position.line) && Number.isInteger(position.character) && line !== undefined
    && position.character >= 0 && position.character <= line.length;
}

function compare(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** Asserts every invariant the tree promises; returns the document for further checks. */
function checkTree(text: string): SpecDocument {
  const doc = parseSpec(text);
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  assert.deepEqual(doc.lines, withoutBom.split(/\r\n|\r|\n/));
  assert.deepEqual(doc.problems.filter((p) => p.code === "parser-internal-error"), []);
  for (const { path, range, container } of rangesOf(doc)) {
    assert.ok(isInside(range.start, doc.lines) && isInside(range.end, doc.lines), `${path} outside the document: ${JSON.stringify(range)}`);
    assert.ok(compare(range.start, range.end) <= 0, `${path} ends before it starts: ${JSON.stringify(range)}`);
    if (container) {
      assert.ok(compare(container.start, range.start) <= 0 && compare(range.end, container.end) <= 0,
        `${path} ${JSON.stringify(range)} is not inside ${JSON.stringify(container)}`);
    }
  }
  for (const list of [doc.actions.map((a) => a.range), doc.comments.map((c) => c.range), doc.clients.map((c) => c.range)]) {
    for (let i = 1; i < list.length; i++) assert.ok(compare(list[i - 1]!.end, list[i]!.start) <= 0, "nodes out of document order");
  }
  for (const problem of doc.problems) assert.ok(problem.code !== "" && problem.message !== "");
  checkSpansMatchText(doc);
  return doc;
}

function textAt(lines: readonly string[], range: Range): string {
  if (range.start.line === range.end.line) return lines[range.start.line]!.slice(range.start.character, range.end.character);
  const middle = lines.slice(range.start.line + 1, range.end.line);
  return [lines[range.start.line]!.slice(range.start.character), ...middle, lines[range.end.line]!.slice(0, range.end.character)].join("\n");
}

/** A span's text is what stands at its range; names and tags stand where their ranges say. */
function checkSpansMatchText(doc: SpecDocument): void {
  const { header } = doc;
  const spans: TextSpan[] = [
    ...(header.title ? [header.title] : []), ...header.description,
    ...header.tags.flatMap((t) => [t.name, ...(t.value ? [t.value] : [])]),
    ...doc.clients.flatMap((c) => [c.className, c.name, ...c.properties.flatMap((p) => [p.key, p.value])]),
    ...doc.actions.flatMap((a) => [a.client, a.verb, ...("block" in a && a.block ? a.block.lines : [])]),
  ];
  for (const span of spans) assert.equal(textAt(doc.lines, span.range), span.text, JSON.stringify(span));
  const check = (node: XmlNode): void => {
    if (node.type === "text") return;
    assert.equal(textAt(doc.lines, node.nameRange), node.name);
    const startTag = textAt(doc.lines, node.startTagRange);
    assert.ok(startTag.startsWith(`<${node.name}`) && startTag.endsWith(">"), startTag);
    assert.ok(textAt(doc.lines, node.range).endsWith(">"));
    for (const attribute of [...node.attributes, ...node.namespaceDeclarations, ...node.directives]) {
      assert.equal(textAt(doc.lines, attribute.nameRange), attribute.name);
      assert.equal(textAt(doc.lines, attribute.range).at(-1), attribute.quote);
    }
    node.children.forEach(check);
  };
  for (const action of doc.actions) if ("block" in action && action.block) action.block.elements.forEach(check);
}

const RUNS = { numRuns: 1000 };

describe("parseSpec on arbitrary input", () => {
  it("holds its invariants on random strings of any code points", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => void checkTree(text)), RUNS);
  });

  it("holds its invariants on random bytes read as UTF-8 and as Latin-1", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      checkTree(Buffer.from(bytes).toString("utf8"));
      checkTree(Buffer.from(bytes).toString("latin1"));
    }), { numRuns: 500 });
  });

  it("holds its invariants on random sequences of language pieces", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }), (tokens) => void checkTree(tokens.join(""))), { numRuns: 2000 });
  });
});

describe("parseSpec on damaged real specs", () => {
  it("holds its invariants on any cut of a spec", () => {
    fc.assert(fc.property(specText, fc.nat(), fc.nat(), (spec, a, b) => {
      const [from, to] = [a % (spec.length + 1), b % (spec.length + 1)].sort((x, y) => x - y);
      checkTree(spec.slice(from, to));
    }), RUNS);
  });

  it("holds its invariants when text is spliced into a spec or a piece is deleted", () => {
    const insert = fc.oneof(fc.string({ unit: "binary", maxLength: 20 }), fc.constantFrom(...TOKENS), specText.map((s) => s.slice(0, 200)));
    fc.assert(fc.property(specText, fc.nat(), fc.nat({ max: 40 }), insert, (spec, at, deleted, inserted) => {
      const from = at % (spec.length + 1);
      checkTree(spec.slice(0, from) + inserted + spec.slice(from + deleted));
    }), RUNS);
  });

  it("holds its invariants on shuffled and recombined lines of real specs", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 80 }), (lines) => void checkTree(lines.join("\n"))), RUNS);
    fc.assert(fc.property(specText.chain((spec) => fc.shuffledSubarray(spec.split("\n"))), (lines) => void checkTree(lines.join("\n"))), RUNS);
  });

  it("gives the same tree with the block memo as without it, after any edit", () => {
    fc.assert(fc.property(specText, fc.nat(), fc.nat({ max: 10 }), fc.constantFrom(...TOKENS), (spec, at, deleted, inserted) => {
      parseSpec(spec);
      const from = at % (spec.length + 1);
      const edited = spec.slice(0, from) + inserted + spec.slice(from + deleted);
      const memoised = parseSpec(edited);
      clearStanzaBlockCache();
      const fresh = parseSpec(edited);
      assert.deepEqual(memoised, fresh);
      // Ranges are getters (treeNodes.ts): compare them as readers see them, too.
      assert.deepEqual(JSON.parse(JSON.stringify(memoised)), JSON.parse(JSON.stringify(fresh)));
    }), { numRuns: 300 });
  });
});
