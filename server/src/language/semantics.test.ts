import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSpec } from "./parser";
import { bareJid, resourceOf } from "./jid";
import { clientOfAction, clientsByName, findClient, findProperty, propertyValue } from "./semantics";

const spec = parseSpec([
  "# Semantics",
  "[Client] Juliet",
  "\tjid: juliet@localhost",
  "\tpassword: password",
  "[Client] Juliet's phone",
  "\tpassword: secret",
  "\tjid: juliet@localhost/phone",
  "\tresource: ignored",
  "\tjid: juliet@localhost/mobile",
  "[Client] Juliet",
  "\tjid: second@localhost",
  "-----",
  "Juliet's phone connects",
  "Juliet connects",
  "Mercutio connects",
].join("\n"));

describe("findClient", () => {
  it("finds a client by its exact name, including names with 's", () => {
    assert.equal(findClient(spec, "Juliet's phone")?.name.range.start.line, 4);
  });

  it("takes the first definition of a name defined twice", () => {
    assert.equal(findClient(spec, "Juliet")?.name.range.start.line, 1);
    assert.equal(clientsByName(spec).size, 2);
  });

  it("is case-sensitive and finds nothing for undefined names", () => {
    assert.equal(findClient(spec, "juliet"), undefined);
    assert.equal(findClient(spec, "Mercutio"), undefined);
  });
});

describe("clientOfAction", () => {
  it("resolves the client an action names", () => {
    assert.equal(clientOfAction(spec, spec.actions[0]!)?.name.text, "Juliet's phone");
    assert.equal(clientOfAction(spec, spec.actions[1]!)?.name.text, "Juliet");
  });

  it("is undefined for an action whose client is not defined", () => {
    assert.equal(clientOfAction(spec, spec.actions[2]!), undefined);
  });
});

describe("property lookup", () => {
  const phone = findClient(spec, "Juliet's phone")!;

  it("reads properties written in any order", () => {
    assert.equal(propertyValue(phone, "password"), "secret");
    assert.equal(propertyValue(phone, "resource"), "ignored");
  });

  it("lets the last line win when a key is written twice", () => {
    assert.equal(propertyValue(phone, "jid"), "juliet@localhost/mobile");
    assert.equal(findProperty(phone, "jid")?.range.start.line, 8);
  });

  it("is undefined for keys the client does not set", () => {
    assert.equal(propertyValue(phone, "connect_host"), undefined);
    assert.equal(findProperty(phone, "connect_port"), undefined);
  });
});

describe("JID helpers", () => {
  it("strips the resource to give the bare JID", () => {
    assert.equal(bareJid("romeo@localhost/balcony/2"), "romeo@localhost");
    assert.equal(bareJid("romeo@localhost"), "romeo@localhost");
    assert.equal(bareJid("localhost/res"), "localhost");
  });

  it("gives the resource after the first slash, or undefined", () => {
    assert.equal(resourceOf("romeo@localhost/balcony/2"), "balcony/2");
    assert.equal(resourceOf("romeo@localhost"), undefined);
    assert.equal(resourceOf("romeo@localhost/"), undefined);
  });
});
