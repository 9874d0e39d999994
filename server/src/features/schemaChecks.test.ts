import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Diagnostic } from "vscode-languageserver";
import { parseSpec } from "../language/parser";
import { computeDiagnostics } from "./diagnostics";
import { SCHEMA_CODES } from "./schemaChecks";
import { schemaQuickFixes } from "./schemaFixes";
import { applyTextEdits } from "@support/features/edits";
import { expectedDiagnostics } from "@support/features/expectations";

const REPOSITORY = join(__dirname, "..", "..", "..");
const FIXTURES = join(REPOSITORY, "testFixture");
const TYPOS = join(FIXTURES, "schema", "typos.scs");
const CONFORMANCE = join(REPOSITORY, "..", "shared", "conformance");

/**
 * The only schema-missing-attribute findings allowed on specs that ran green: each is a case where
 * the specification requires the attribute and the spec omits it anyway (docs/SCHEMA-CHECKS.md).
 */
const DOCUMENTED_MISSING_ATTRIBUTES: readonly { file: string; message: RegExp }[] = [
  // Prosody's muc#destroy ad-hoc command is sent a data form without type='submit' (XEP-0004 §3.1 requires it).
  { file: "muc_create_destroy.scs", message: /^<x> \(jabber:x:data\) requires the attribute "type"/ },
];

/** A diagnostic's message as plain text (LSP 3.18 also allows markup). */
function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
}

function schemaDiagnostics(text: string): Diagnostic[] {
  return computeDiagnostics(parseSpec(text), { unusedClient: true }).filter((d) => String(d.code).startsWith("schema-"));
}

function specsUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? specsUnder(path) : path.endsWith(".scs") ? [path] : [];
  });
}

const key = (code: unknown, range: Diagnostic["range"]) => `${String(code)}@${range.start.line + 1}:${range.start.character}-${range.end.character}`;

describe("schema checks", () => {
  const text = readFileSync(TYPOS, "utf8");
  const diagnostics = schemaDiagnostics(text);
  const expected = expectedDiagnostics(text);

  it("find exactly the typos testFixture/schema/typos.scs marks with # expect:", () => {
    assert.ok(expected.length >= 9, "the fixture marks its typos");
    assert.deepEqual(diagnostics.map((d) => key(d.code, d.range)).sort(), expected.map((e) => key(e.code, e.range)).sort());
  });

  it("are warnings from the source scansion", () => {
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.severity, 2);
      assert.equal(diagnostic.source, "scansion");
    }
  });

  it("name the allowed values of an invalid value and suggest the closest", () => {
    const gett = diagnostics.find((d) => d.code === SCHEMA_CODES.invalidValue)!;
    assert.equal(messageOf(gett), `"gett" is not a valid type of <iq>; allowed: "get", "set", "result" or "error". Did you mean "get"?`);
  });

  it("offer a quick fix for each did-you-mean that writes the suggestion", () => {
    for (const expectation of expected.filter((e) => e.fix !== undefined)) {
      const diagnostic = diagnostics.find((d) => key(d.code, d.range) === key(expectation.code, expectation.range));
      assert.ok(diagnostic, `no diagnostic for the expectation of line ${expectation.commentLine}`);
      const [fix, ...others] = schemaQuickFixes("file:///typos.scs", [diagnostic]);
      assert.equal(others.length, 0);
      assert.equal(fix?.kind, "quickfix");
      const fixed = applyTextEdits(text, fix!.edit!.changes!["file:///typos.scs"]!);
      const fixedLine = fixed.split("\n")[expectation.range.start.line]!;
      assert.equal(fixedLine.slice(expectation.range.start.character, expectation.range.start.character + expectation.fix!.length), expectation.fix);
    }
  });

  it("rename an element in its end tag too", () => {
    const pasword = diagnostics.find((d) => messageOf(d).includes("<pasword>"))!;
    const fixed = applyTextEdits(text, schemaQuickFixes("file:///t.scs", [pasword])[0]!.edit!.changes!["file:///t.scs"]!);
    assert.ok(fixed.includes("\t\t\t<password>secret</password>\n"));
    assert.equal(schemaDiagnostics(fixed).some((d) => messageOf(d).includes("pasword")), false);
  });

  it("offer no fix where nothing is close enough to suggest", () => {
    const missing = diagnostics.find((d) => d.code === SCHEMA_CODES.missingAttribute)!;
    assert.deepEqual(schemaQuickFixes("file:///t.scs", [missing]), []);
  });

  it("check only values and elements in receives blocks (matching there is partial)", () => {
    const spec = text.replace(/Romeo sends:/g, "Romeo receives:");
    const codes = new Set(schemaDiagnostics(spec).map((d) => d.code));
    assert.deepEqual([...codes].sort(), [SCHEMA_CODES.invalidValue, SCHEMA_CODES.unknownElement]);
  });

  const corpus = [...specsUnder(CONFORMANCE), ...specsUnder(FIXTURES).filter((path) => !path.startsWith(join(FIXTURES, "schema")))];

  it("raise no false alarm on Prosody's specs (../shared/conformance) and the test fixtures", (context) => {
    if (!existsSync(CONFORMANCE)) context.diagnostic(`${CONFORMANCE} is absent: checked the test fixtures only`);
    assert.ok(corpus.length >= 10);
    const findings = corpus.flatMap((path) =>
      schemaDiagnostics(readFileSync(path, "utf8")).map((d) => ({ file: basename(path), where: `${relative(REPOSITORY, path)}:${d.range.start.line + 1}`, d })));
    const unexpected = findings.filter(({ file, d }) =>
      d.code !== SCHEMA_CODES.missingAttribute || !DOCUMENTED_MISSING_ATTRIBUTES.some((allowed) => allowed.file === file && allowed.message.test(messageOf(d))));
    assert.deepEqual(unexpected.map(({ where, d }) => `${where}: ${messageOf(d)}`), []);
  });

  it("cover all 30 conformance specs when ../shared is present", (context) => {
    if (!existsSync(CONFORMANCE)) {
      context.skip(`${CONFORMANCE} is absent (it is outside the repository)`);
      return;
    }
    assert.equal(specsUnder(CONFORMANCE).length, 30);
  });
});

describe("schema checks on random stanzas (property-based)", () => {
  const names = ["iq", "message", "presence", "query", "item", "items", "pasword", "password", "username", "x", "field", "value",
    "show", "status", "body", "error", "item-not-found", "header", "put", "slot", "service", "stream:features", "unknown"];
  const namespaces = ["", "jabber:iq:roster", "jabber:iq:register", "jabber:x:data", "http://jabber.org/protocol/muc#user",
    "http://jabber.org/protocol/muc#admin", "urn:ietf:params:xml:ns:xmpp-stanzas", "urn:xmpp:http:upload:0", "urn:example:unknown"];
  const attributes = ["type", "typ", "id", "to", "jid", "affiliation", "role", "code", "var", "nod", "xml:lang", "scansion:strict", "name"];
  const values = ["get", "gett", "set", "result", "", "chat", "member", "memberr", "110", "${Romeo's JID}", "{scansion:any}",
    "{scansion:capture:c}", "text-single", "constructor", "__proto__", "a'b"];
  const attribute = fc.tuple(fc.constantFrom(...attributes), fc.constantFrom(...values))
    .map(([name, value]) => ` ${name}="${value.replace(/"/g, "&quot;")}"`);
  const element: fc.Memo<string> = fc.memo((depth) => fc.tuple(
    fc.constantFrom(...names), fc.constantFrom(...namespaces), fc.array(attribute, { maxLength: 3 }),
    depth <= 1 ? fc.constant<string[]>([]) : fc.array(element(depth - 1), { maxLength: 3 }), fc.constantFrom("", "away", "awya"),
  ).map(([name, namespace, attrs, children, text]) => {
    const declaration = namespace ? ` xmlns='${namespace}'` : "";
    const unique = [...new Map(attrs.map((a) => [a.split("=")[0], a])).values()].join("");
    return children.length === 0 && text === "" ? `<${name}${declaration}${unique}/>` : `<${name}${declaration}${unique}>${text}${children.join("")}</${name}>`;
  }));

  it("never throw, keep every range in the document, and no quick fix breaks the XML", () => {
    let fixesApplied = 0;
    fc.assert(fc.property(element(4), fc.constantFrom("sends", "receives"), (stanza, verb) => {
      const text = `[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n\n-----\n\nRomeo connects\n\nRomeo ${verb}:\n\t${stanza}\n`;
      const lines = text.split("\n");
      const diagnostics = schemaDiagnostics(text);
      const malformed = (spec: string) => parseSpec(spec).problems.filter((problem) => problem.code === "xml-malformed").length;
      const malformedBefore = malformed(text);
      for (const diagnostic of diagnostics) {
        const { start, end } = diagnostic.range;
        assert.ok(start.line === end.line && start.character <= end.character && end.character <= lines[end.line]!.length, JSON.stringify(diagnostic));
        for (const action of schemaQuickFixes("file:///r.scs", [diagnostic])) {
          const fixed = applyTextEdits(text, action.edit!.changes!["file:///r.scs"]!);
          fixesApplied++;
          assert.equal(malformed(fixed), malformedBefore, `${action.title} on ${stanza} breaks the XML`);
        }
      }
    }), { numRuns: 300 });
    assert.ok(fixesApplied > 20, `only ${fixesApplied} quick fixes were tried: the generator misses the typos`);
  });
});
