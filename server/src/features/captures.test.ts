/**
 * The editor on captured values (`{scansion:capture:NAME}` … `${NAME}`) and anonymous clients,
 * read from the fixtures testFixture/runner/captures.scs and anonymous.scs (positions found
 * below their `# probe:` comments).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Position, SpecDocument } from "../language/syntaxTree";
import { parseSpec } from "../language/parser";
import { completionsAt } from "./completion";
import { definitionAt } from "./definition";
import { computeDiagnostics } from "./diagnostics";
import { hoverAt } from "./hover";
import { referencesAt } from "./references";
import { prepareRename, renameClient } from "./rename";

const FIXTURES = join(__dirname, "..", "..", "..", "testFixture");
const URI = "file:///spec.scs";
const captures = parseSpec(readFileSync(join(FIXTURES, "runner/captures.scs"), "utf8"));

/** Where `text` first stands (plus `offset`) on or after the line below `# probe: <probe>`. */
function at(doc: SpecDocument, probe: string, text: string, offset = 1): Position {
  const from = doc.lines.indexOf(`# probe: ${probe}`);
  assert.ok(from >= 0, `no probe "${probe}"`);
  for (let line = from + 1; line < doc.lines.length; line++) {
    const character = doc.lines[line]!.indexOf(text);
    if (character >= 0) return { line, character: character + offset };
  }
  throw new Error(`no "${text}" below probe "${probe}"`);
}

function hoverText(doc: SpecDocument, position: Position): string {
  const contents = hoverAt(doc, position)?.contents;
  return contents && typeof contents === "object" && "value" in contents ? contents.value : "";
}

function lineAndText(doc: SpecDocument, range: { start: Position; end: Position }): string {
  return `${range.start.line + 1}:${doc.lines[range.start.line]!.slice(range.start.character, range.end.character)}`;
}

describe("captured values in the editor", () => {
  it("go to definition leads from ${server} to the capture that binds it", () => {
    const links = definitionAt(captures, at(captures, "a capture used in a sends attribute, with text around it", "${server}", 3), URI);
    assert.deepEqual(links.map((link) => lineAndText(captures, link.targetSelectionRange)), [`${at(captures, "attribute captures", "capture:server").line + 1}:server`]);
  });

  it("go to definition from ${last} takes the latest capture above it, not the one below", () => {
    const first = at(captures, "attribute captures", "capture:last").line + 1;
    const use = definitionAt(captures, at(captures, "a capture used in a sends attribute, with text around it", "${last}", 2), URI);
    assert.deepEqual(use.map((link) => link.targetSelectionRange.start.line + 1), [first]);
    const rebound = definitionAt(captures, at(captures, "the rebound value", "${last}", 2), URI);
    assert.notEqual(rebound[0]?.targetSelectionRange.start.line + 1, first);
  });

  it("references of a capture are every capture and use of its name, from either end", () => {
    const fromUse = referencesAt(captures, at(captures, "captures used in text", "${software}", 4), URI, true);
    const fromCapture = referencesAt(captures, at(captures, "text captures, and a capture used in a receives attribute", "capture:software", 9), URI, true);
    assert.deepEqual(fromUse, fromCapture);
    assert.deepEqual(fromUse.map((location) => lineAndText(captures, location.range).split(":")[1]), ["software", "software", "software"]);
  });

  it("rename changes every capture and use of the name, and nothing else", () => {
    const nameStart = at(captures, "attribute captures", "capture:last", "capture:".length);
    const position = { ...nameStart, character: nameStart.character + 1 };
    assert.deepEqual(prepareRename(captures, position), { range: { start: nameStart, end: { ...nameStart, character: nameStart.character + 4 } }, placeholder: "last" });
    const edit = renameClient(captures, position, "previous", URI);
    assert.ok(!("error" in edit));
    const edits = edit.changes?.[URI] ?? [];
    assert.equal(edits.length, 5);
    assert.ok(edits.every((change) => change.newText === "previous" && lineAndText(captures, change.range).endsWith(":last")));
    assert.deepEqual(renameClient(captures, position, "Romeo's JID", URI), { error: `"Romeo's JID" cannot name a capture: write a name without braces, "$", "'s " or spaces at either end.` });
  });

  it("completion after ${ offers the names captured above the cursor besides the clients' JIDs", () => {
    const position = at(captures, "captures used in text", "${software}", 2);
    const labels = completionsAt(captures, position).map((item) => item.label);
    assert.deepEqual(labels.filter((label) => !label.includes("'s ")).sort(), ["last", "release", "server", "software"]);
    assert.ok(labels.includes("Romeo's full JID"));
    const early = completionsAt(captures, at(captures, "attribute captures", "{scansion:capture:server}", 0)).map((item) => item.label);
    assert.ok(!early.includes("server"), "a block's own capture is not offered in it");
  });

  it("hover on ${NAME} names the capture that binds it; on the capture, its uses", () => {
    assert.match(hoverText(captures, at(captures, "captures used in text", "${release}", 3)), /last captured as \*\*release\*\* .* on line \d+/);
    assert.match(hoverText(captures, at(captures, "attribute captures", "capture:server", 3)), /bound to `server` at each match, for `\$\{server\}` on lines \d+, \d+/);
  });

  it("warns at a ${NAME} with no capture of NAME above it, also when the capture stands below or in the same block", () => {
    const text = "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n-----\nRomeo connects\n" +
      "Romeo sends:\n\t<iq id='${later}'/>\n" +
      "Romeo receives:\n\t<iq id='{scansion:capture:later}' from='${later}'/>\n" +
      "Romeo sends:\n\t<iq id='${later}'><x>${Romeo}</x></iq>\n";
    const warnings = computeDiagnostics(parseSpec(text), { unusedClient: false }).filter((d) => d.code === "capture-not-bound")
      .map((d) => [d.code, d.severity, d.range.start.line + 1, d.message]);
    assert.deepEqual(warnings.map(([code, severity, line]) => [code, severity, line]), [["capture-not-bound", 2, 7], ["capture-not-bound", 2, 9], ["capture-not-bound", 2, 11]]);
    assert.match(String(warnings[2]![3]), /For Romeo's JID write \$\{Romeo's JID\}\.$/);
  });
});

describe("anonymous clients in the editor", () => {
  const HEADER = "[Client] Visitor\n\tjid: anon.localhost\n-----\n";

  it("takes a bare-domain jid with no password as an anonymous login: no error", () => {
    const doc = parseSpec(readFileSync(join(FIXTURES, "runner/anonymous.scs"), "utf8"));
    assert.deepEqual(computeDiagnostics(doc, { unusedClient: true }), []);
    assert.match(hoverText(doc, at(doc, "an anonymous connect", "Visitor", 1)), /password \| none: logs in anonymously/);
  });

  it("keeps a user part without a password, and a bare domain with a password, errors", () => {
    const codes = (text: string) => computeDiagnostics(parseSpec(text), { unusedClient: false }).map((d) => [d.code, d.severity]);
    assert.deepEqual(codes("[Client] Romeo\n\tjid: romeo@localhost\n-----\nRomeo connects\n"), [["client-missing-password", 1]]);
    assert.deepEqual(codes("[Client] Romeo\n\tjid: localhost\n\tpassword: p\n-----\nRomeo connects\n"), [["client-invalid-jid", 1]]);
  });

  it("warns at ${X's JID} of an anonymous client before it connects (the server assigns it)", () => {
    const text = `${HEADER}Visitor sends:\n\t<presence to='\${Visitor's JID}'/>\nVisitor connects\nVisitor sends:\n\t<presence to='\${Visitor's JID}'/>\n`;
    const found = computeDiagnostics(parseSpec(text), { unusedClient: false }).map((d) => [d.code, d.range.start.line + 1]);
    assert.deepEqual(found, [["anonymous-jid-before-connect", 5], ["action-before-connect", 4]]);
  });
});
