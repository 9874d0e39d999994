/**
 * What a difference is, as data beside its words: the kind, the path, the
 * attribute and the two values, whole and unquoted (the message quotes and
 * shortens them). Quick fixes and the JSON report read these, not the words.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { matchStanza, type MatchFailure } from "./matcher";
import { expectedFromBlock, receivedFromXml } from "@support/stanzas";

type Facts = Pick<MatchFailure, "kind" | "path" | "attribute" | "expectedValue" | "receivedValue">;

function factsOf(expected: string, received: string): Facts {
  const result = matchStanza(expectedFromBlock(expected), receivedFromXml(received));
  assert.equal(result.matched, false, "the received stanza should not match");
  if (result.matched) throw new Error("unreachable");
  const { kind, path, attribute, expectedValue, receivedValue } = result;
  return { kind, path, attribute, expectedValue, receivedValue };
}

const none = { attribute: undefined, expectedValue: undefined, receivedValue: undefined };

describe("the facts of a difference", () => {
  it("names the attribute and both values of a value that differs, whole and unquoted", () => {
    const long = `"${"x".repeat(200)}"`;
    assert.deepEqual(factsOf(`\t<message id='m1'><body xml:lang='${long}'/></message>`, "<message id='m1'><body xml:lang='en'/></message>"), {
      kind: "attribute-value", path: "message/body@xml:lang", attribute: "xml:lang", expectedValue: long, receivedValue: "en",
    });
  });

  it("names a missing attribute and its expected value; none for {scansion:any}", () => {
    assert.deepEqual(factsOf("\t<iq type='result' id='a1'/>", "<iq type='result'/>"), { ...none, kind: "attribute-missing", path: "iq@id", attribute: "id", expectedValue: "a1" });
    assert.deepEqual(factsOf("\t<iq type='result' id='{scansion:any}'/>", "<iq type='result'/>"), { ...none, kind: "attribute-missing", path: "iq@id", attribute: "id" });
  });

  it("names an unexpected attribute as received, with its value", () => {
    assert.deepEqual(factsOf("\t<iq type='result'><query xmlns='jabber:iq:roster'/></iq>", "<iq type='result'><query xmlns='jabber:iq:roster' ver='3'/></iq>"), {
      ...none, kind: "attribute-unexpected", path: "iq/query{jabber:iq:roster}@ver", attribute: "ver", receivedValue: "3",
    });
  });

  it("gives the texts of a text difference, and the expected one of a missing text", () => {
    assert.deepEqual(factsOf("\t<message><body>Hello</body></message>", "<message><body> Goodbye </body></message>"), { ...none, kind: "text-different", path: "message/body", expectedValue: "Hello", receivedValue: "Goodbye" });
    assert.deepEqual(factsOf("\t<message><body>Hello</body></message>", "<message><body/></message>"), { ...none, kind: "text-missing", path: "message/body", expectedValue: "Hello" });
  });

  it("gives the names of a name difference and the namespaces of a namespace difference, at the top and below", () => {
    assert.deepEqual(factsOf("\t<iq type='get'/>", "<message/>"), { ...none, kind: "element-name", path: "iq", expectedValue: "iq", receivedValue: "message" });
    assert.deepEqual(factsOf("\t<iq><query xmlns='jabber:iq:version' scansion:strict='true'><name/></query></iq>", "<iq><query xmlns='jabber:iq:version'><os/></query></iq>"), {
      ...none, kind: "element-name", path: "iq/query{jabber:iq:version}/name", expectedValue: "name", receivedValue: "os",
    });
    assert.deepEqual(factsOf("\t<iq><query xmlns='urn:example:a'/></iq>", "<iq><query xmlns='urn:example:b'/></iq>"), {
      ...none, kind: "element-namespace", path: "iq/query{urn:example:a}", expectedValue: "urn:example:a", receivedValue: "urn:example:b",
    });
  });

  it("has no values for a missing or unexpected child", () => {
    assert.deepEqual(factsOf("\t<message><body/></message>", "<message/>"), { ...none, kind: "child-missing", path: "message/body" });
    assert.deepEqual(factsOf("\t<iq><query xmlns='jabber:iq:version'/></iq>", "<iq><query xmlns='jabber:iq:version'><os/></query></iq>"), { ...none, kind: "child-unexpected", path: "iq/query{jabber:iq:version}" });
  });
});
