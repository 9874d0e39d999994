import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSpec } from "../language/parser";
import { specAccounts } from "./specAccounts";

describe("a spec's accounts", () => {
  it("are its clients' bare JIDs with their passwords, each once, in spec order", () => {
    const doc = parseSpec([
      "# accounts", "",
      "[Client] Romeo", "\tjid: romeo@localhost/balcony", "\tpassword: r0meo", "",
      "[Client] Juliet", "\tjid: juliet@localhost", "\tpassword: jul1et", "",
      "[Client] Romeo's phone", "\tjid: romeo@localhost/phone", "\tpassword: r0meo", "",
      "[Client] Nameless", "\tpassword: none", "",
      "-----", "", "Romeo connects", "",
    ].join("\n"));
    assert.deepEqual(specAccounts(doc), [
      { jid: "romeo@localhost", user: "romeo", domain: "localhost", password: "r0meo" },
      { jid: "juliet@localhost", user: "juliet", domain: "localhost", password: "jul1et" },
    ]);
  });
});
