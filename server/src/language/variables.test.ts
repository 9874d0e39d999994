import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findVariableReferences, scanVariables, substituteVariables } from "./variables";
import type { Position } from "./syntaxTree";

/** Offsets of a one-line string placed at line 7, column 10. */
const onLine7 = (offset: number): Position => ({ line: 7, character: 10 + offset });

describe("scanVariables", () => {
  it("finds a bare JID reference and splits name and kind", () => {
    const [found] = scanVariables("${Romeo's JID}").occurrences;
    assert.deepEqual(found, {
      start: 0, end: 14, client: "Romeo", clientStart: 2, clientEnd: 7,
      kind: "JID", kindStart: 10, kindEnd: 13, knownKind: "JID", wellFormed: true, capture: false,
    });
  });

  it("splits on the last 's so names may contain 's themselves", () => {
    const [found] = scanVariables("${Juliet's phone's full JID}").occurrences;
    assert.equal(found?.client, "Juliet's phone");
    assert.equal(found?.kind, "full JID");
    assert.equal(found?.knownKind, "full JID");
  });

  it("finds several references in order, with surrounding text", () => {
    const scan = scanVariables("a ${A's JID} b ${B's full JID}");
    assert.deepEqual(scan.occurrences.map((o) => [o.client, o.kind, o.start, o.end]), [["A", "JID", 2, 12], ["B", "full JID", 15, 30]]);
    assert.equal(scan.unclosedAt, undefined);
  });

  it("keeps an unknown kind with knownKind undefined", () => {
    const [found] = scanVariables("${Romeo's bare JID}").occurrences;
    assert.equal(found?.kind, "bare JID");
    assert.equal(found?.knownKind, undefined);
    assert.equal(found?.wellFormed, true);
  });

  it("reads a reference without 's as a captured value's name", () => {
    const [found] = scanVariables("${sessionid}").occurrences;
    assert.equal(found?.wellFormed, true);
    assert.equal(found?.capture, true);
    assert.equal(found?.client, "sessionid");
    assert.equal(found?.kind, "");
    assert.equal(found?.knownKind, undefined);
  });

  it("marks an empty reference, or one that is only 's and a kind, as malformed", () => {
    for (const text of ["${}", "${ }", "${'s JID}"]) {
      const [found] = scanVariables(text).occurrences;
      assert.deepEqual([found?.wellFormed, found?.capture], [false, false], text);
    }
  });

  it("does not nest braces: a reference ends at the first }", () => {
    const [found] = scanVariables("${a ${B's JID}").occurrences;
    assert.equal(found?.client, "a ${B");
    assert.equal(found?.end, 14);
  });

  it("reports where an unclosed ${ starts", () => {
    const scan = scanVariables("x ${Romeo's JID} ${Romeo's");
    assert.equal(scan.occurrences.length, 1);
    assert.equal(scan.unclosedAt, 17);
  });

  it("finds nothing in text without ${", () => {
    assert.deepEqual(scanVariables("{scansion:any} $ {x}"), { occurrences: [], unclosedAt: undefined });
  });
});

describe("findVariableReferences", () => {
  it("gives document ranges for the whole reference, the name and the kind", () => {
    const { references, problems } = findVariableReferences("${Romeo's full JID}", onLine7);
    assert.deepEqual(problems, []);
    assert.deepEqual(references[0]?.range, { start: { line: 7, character: 10 }, end: { line: 7, character: 29 } });
    assert.equal(references[0]?.client.text, "Romeo");
    assert.deepEqual(references[0]?.client.range, { start: { line: 7, character: 12 }, end: { line: 7, character: 17 } });
    assert.equal(references[0]?.kind.text, "full JID");
    assert.deepEqual(references[0]?.kind.range, { start: { line: 7, character: 20 }, end: { line: 7, character: 28 } });
  });

  it("reports an unknown kind (at the kind) and a malformed reference as errors, an unclosed ${ (literal text) as a warning", () => {
    const { references, problems } = findVariableReferences("${A's bare JID} ${} ${A} ${A's", onLine7);
    assert.equal(references.length, 3);
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.range.start.character]), [
      ["variable-unknown-kind", "error", 16], ["variable-malformed", "error", 26], ["variable-unclosed", "warning", 35],
    ]);
    assert.equal(references[2]?.capture, true);
    assert.match(problems[0]?.message ?? "", /'bare JID'.*'JID'.*'full JID'/);
  });
});

describe("substituteVariables", () => {
  const resolve = (client: string, kind: string): string | undefined =>
    client === "Romeo" ? (kind === "JID" ? "romeo@localhost" : "romeo@localhost/res") : undefined;

  it("replaces every resolvable reference", () => {
    const result = substituteVariables("${Romeo's JID} and ${Romeo's full JID}!", resolve);
    assert.equal(result.text, "romeo@localhost and romeo@localhost/res!");
    assert.deepEqual(result.unresolved, []);
  });

  it("leaves unresolvable, unknown and malformed references as written and lists them", () => {
    const result = substituteVariables("${Juliet's JID}|${Romeo's bare JID}|${}|${Romeo}|${Romeo's JID}", resolve);
    assert.equal(result.text, "${Juliet's JID}|${Romeo's bare JID}|${}|${Romeo}|romeo@localhost");
    assert.deepEqual(result.unresolved.map((u) => u.client), ["Juliet", "Romeo", "", "Romeo"]);
  });

  it("fills in captured values with the capture resolver, and only those", () => {
    const captured = (name: string) => (name === "version" ? "13.0.1" : undefined);
    const result = substituteVariables("v=${version} ${other} ${Romeo's JID}", resolve, captured);
    assert.equal(result.text, "v=13.0.1 ${other} romeo@localhost");
    assert.deepEqual(result.unresolved.map((u) => [u.client, u.capture]), [["other", true]]);
  });

  it("returns text without references unchanged", () => {
    assert.deepEqual(substituteVariables("<presence/>", resolve), { text: "<presence/>", unresolved: [] });
  });
});
