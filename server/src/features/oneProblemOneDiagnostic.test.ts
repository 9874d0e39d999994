/**
 * One problem, one diagnostic: over every spec of testFixture/ and ../shared/conformance and a
 * set of deliberately broken lines, no two diagnostics may stand at the same place (one range
 * within the other) unless they are different problems, each needing its own fix. The pairs
 * that are allowed are listed below with the reason; any other pair fails, so a new check that
 * repeats an existing one is caught here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic, Range } from "vscode-languageserver";
import { parseSpec } from "../language/parser";
import { comparePositions } from "../language/locate";
import { computeDiagnostics } from "./diagnostics";
import { textAt } from "@support/features/cursor";
import { everySpec } from "@support/features/sampleSpecs";

/** Code pairs (in alphabetical order) that may stand at one place because they are two problems, with why. */
const INDEPENDENT: Readonly<Record<string, string>> = {
  "variable-undefined-client + xml-malformed": "an unclosed element and a misspelt client in one of its attributes are two fixes",
  "client-definition-in-body + client-missing-password": "the definition must move to the header and also needs a password",
  "client-definition-in-body + client-unused": "the definition must move to the header; the hint says nothing uses it",
  "client-missing-password + client-unused": "a client no one uses is a hint beside the missing password",
  "client-duplicate-name + client-missing-password": "the second definition needs another name and a password",
  "action-before-connect + action-missing-block": "the action needs its stanza, and its client needs to connect first",
  "action-before-connect + action-trailing-text": "the stanza goes below the line, and the client needs to connect first",
};

const HEADER = "# Broken\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\n[Client] Juliet\n\tjid: juliet@localhost\n\tpassword: pw\n\n-----\n\nRomeo connects\n\nJuliet connects\n\n";

/** Broken action lines and blocks, each after HEADER. */
const BROKEN_BODIES: readonly string[] = [
  "Romeo sends:\n\t<message to='${}'/>\n",
  "Romeo sends:\n\t<message to='${Romeo}'/>\n",
  "Romeo sends:\n\t<message to=\"${'s JID}\"/>\n",
  "Romeo sends:\n\t<message to=\"${ 's JID}\"/>\n",
  "Romeo sends:\n\t<message to=\"${Nobody's JID}\"/>\n",
  "Romeo sends:\n\t<message to=\"${Nobody's jid}\"/>\n",
  "Romeo sends:\n\t<message to=\"${Romeo's jid}\"/>\n",
  "Romeo sends:\n\t<message to=\"${Romeo's full JID\"/>\n",
  "Romeo sends:\n\t<message to=\"${Nobody's full JID\"/>\n",
  "Romeo sends:\n\t<message>${}</message>\n",
  "Romeo sends:\n\t<message>${Nobody}</message>\n",
  "Romeo sends:\n\t<message to='${}'>\n",
  "Romeo sends:\n\t<message to='${Nobody's JID}'>\n",
  "Romeo sends:\n\t<message>\n\t</presence>\n",
  "Romeo sends:\n# an old stanza\n\t<message>\n# a note\n\t</presence>\n",
  "Romeo receives:\n# only a comment\nRomeo disconnects\n",
  "Romeo connects\n# a comment\n\t<message/>\n",
  "Romeo sends:\n\t<message to='{scansion:any}'/>\n",
  "Romeo sends:\n\t<message scansion:strict='maybe'/>\n",
  "Romeo sends:\n\t<message scansion:strict='maybe' scansion:frob='1'/>\n",
  "Romeo receives:\n\t<message scansion:frob='1' scansion:frob='2'/>\n",
  "Romeo receives:\n\t<message a='1' a='2'/>\n",
  "Romeo receives:\n\t<foo:message/>\n",
  "Romeo receives:\n\t<message/>\n\t<presence/>\n",
  "Romeo receives: nothing\n\t<message/>\n",
  "Romeo sends: <message/>\n",
  "Romeo sends:\n",
  "Romeo sends:\n\nRomeo receives:\n\t<message/>\n",
  "Nobody sends:\n\t<message/>\n",
  "Nobody sends:\n\t<message to='${Nobody's JID}'/>\n",
  "Nobody frobs\n",
  "Nobody frobs:\n\t<message/>\n",
  "Romeo frobs\n",
  "Romeo\n",
  "Nobody\n",
  "Romeo connects\n",
  "Romeo disconnects\nRomeo disconnects\n",
  "Romeo disconnects\nRomeo sends:\n\t<message/>\n",
  "Nobody connects\nNobody connects\n",
  "Nobody disconnects\n",
  "\t<message/>\n",
  "[Client] Tybalt\n\tjid: tybalt@localhost\n",
  "-----\n",
  "Romeo sends:\n<message/>\n",
  "Romeo sends:\n\t<message>\n",
  "Romeo sends:\n\t<message to=${Romeo's JID}/>\n",
  "Romeo sends:\n\t<message to='${Romeo's full JID}${}'/>\n",
  "Romeo sends:\n\t<message to='${${Romeo's JID}}'/>\n",
  "Romeo sends:\n\t<${Romeo's JID}/>\n",
  "Romeo sends:\n\t<message>&bogus;</message>\n",
  "Romeo sends:\n\t<message xmlns:x=''/>\n",
  "Romeo receives:\n\t<message from='${Juliet's full JID}' to='{scansion:any}'/>\n",
];

/** Whole specs with broken headers. */
const BROKEN_HEADERS: readonly string[] = [
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tjid: romeo2@localhost\n\tpassword: pw\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid:\n\tpassword: pw\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: not a jid\n\tpassword: pw\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: @localhost\n\tpassword: pw\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tconnect_port: many\n\tpassword: pw\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tconnect_port:\n\tpassword: pw\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tfrob: 1\n\tfrob: 2\n\tpassword: pw\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\n[Client] Romeo\n\tjid: romeo@localhost\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Server] Romeo\n\tjid: romeo@localhost\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client]\n\tjid: romeo@localhost\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] \n\tjid: romeo@localhost\n\n-----\n\n",
  "# H\n\n[Client] Romeo\n\tjid romeo@localhost\n\n-----\n\nRomeo connects\n",
  "# H\n\n\tjid: romeo@localhost\n\n-----\n\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\nsomething\n-----\n\nRomeo connects\n-----\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\n-----\n\nRomeo connects\n[Client] Tybalt\n\tjid: t@localhost\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\tresource:\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost/res\n\tresource: other\n\tpassword: pw\n\n-----\n\nRomeo connects\n",
  "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\n[Client] romeo\n\tjid: romeo@localhost\n\n-----\n\nRomeo connects\nromeo connects\n",
];

const within = (outer: Range, inner: Range) =>
  comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;

/** Every pair of diagnostics at one place (one range within the other), keyed by their codes in alphabetical order. */
function pairsAtOnePlace(diagnostics: readonly Diagnostic[]): { key: string; a: Diagnostic; b: Diagnostic }[] {
  const pairs: { key: string; a: Diagnostic; b: Diagnostic }[] = [];
  diagnostics.forEach((a, index) => {
    for (const b of diagnostics.slice(index + 1)) {
      if (!within(a.range, b.range) && !within(b.range, a.range)) continue;
      pairs.push({ key: [String(a.code), String(b.code)].sort().join(" + "), a, b });
    }
  });
  return pairs;
}

function unexplainedPairs(name: string, text: string): string[] {
  const doc = parseSpec(text);
  const diagnostics = computeDiagnostics(doc, { unusedClient: true });
  return pairsAtOnePlace(diagnostics)
    .filter((pair) => INDEPENDENT[pair.key] === undefined)
    .map(({ key, a, b }) => `${name}:${a.range.start.line + 1}: ${key} at "${textAt(doc, a.range)}": "${a.message}" / "${b.message}"`);
}

function diagnosticsOf(text: string): { code: string; text: string }[] {
  const doc = parseSpec(text);
  return computeDiagnostics(doc, { unusedClient: false }).map((d) => ({ code: String(d.code), text: textAt(doc, d.range) }));
}

describe("one problem, one diagnostic", () => {
  it("gives no two diagnostics at one place for one problem in any fixture or conformance spec", () => {
    const specs = everySpec();
    assert.ok(specs.length >= 15, `only ${specs.length} specs found`);
    assert.deepEqual(specs.flatMap(({ name, text }) => unexplainedPairs(name, text)), []);
  });

  it("gives no two diagnostics at one place for one problem on any deliberately broken line", () => {
    const found = [
      ...BROKEN_BODIES.flatMap((body, index) => unexplainedPairs(`body ${index + 1}`, HEADER + body)),
      ...BROKEN_HEADERS.flatMap((spec, index) => unexplainedPairs(`header ${index + 1}`, spec)),
    ];
    assert.deepEqual(found, []);
  });

  it("lists only pairs that still occur, so the list stays the truth", () => {
    const seen = new Set([...BROKEN_BODIES.map((body) => HEADER + body), ...BROKEN_HEADERS, ...everySpec().map((spec) => spec.text)]
      .flatMap((text) => pairsAtOnePlace(computeDiagnostics(parseSpec(text), { unusedClient: true })).map((pair) => pair.key)));
    assert.deepEqual(Object.keys(INDEPENDENT).filter((key) => !seen.has(key)), []);
  });

  it("reports ${} once, as not a variable (not also as a client named \"\")", () => {
    assert.deepEqual(diagnosticsOf(HEADER + "Romeo sends:\n\t<message to='${}'/>\n"), [{ code: "variable-malformed", text: "${}" }]);
  });

  it("reports a wrong kind at the kind, so a wrong client beside it has its own place", () => {
    assert.deepEqual(diagnosticsOf(HEADER + "Romeo sends:\n\t<message to=\"${Nobody's jid}\"/>\n"), [
      { code: "variable-unknown-kind", text: "jid" },
      { code: "variable-undefined-client", text: "Nobody" },
    ]);
  });

  it("reports a line with no verb once, as not an action (not also as an undefined client)", () => {
    assert.deepEqual(diagnosticsOf(HEADER + "Nobody\n"), [{ code: "action-missing-verb", text: "Nobody" }]);
  });

  it("reports a repeated unknown property as unknown on each line, not also as set twice", () => {
    const spec = "# H\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tfrob: 1\n\tfrob: 2\n\tpassword: pw\n\n-----\n\nRomeo connects\n";
    assert.deepEqual(diagnosticsOf(spec), [{ code: "client-unknown-property", text: "frob" }, { code: "client-unknown-property", text: "frob" }]);
  });

  it("reports a client with neither jid nor password once, naming both", () => {
    const doc = parseSpec("# H\n\n[Client] Romeo\n\n-----\n\nRomeo connects\n");
    const diagnostics = computeDiagnostics(doc, { unusedClient: true });
    assert.deepEqual(diagnostics.map((d) => d.code), ["client-missing-jid"]);
    assert.equal(diagnostics[0]?.message, 'Romeo has no jid and no password, so it cannot log in: add indented "jid: romeo@localhost" and "password: password" lines.');
  });
});
