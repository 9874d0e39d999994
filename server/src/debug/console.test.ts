import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { VariableKind } from "../language/syntaxTree";
import { compactStanza } from "../writing/stanzaText";
import { parseConsoleInput, stanzasToSend, substituteConsoleText } from "./console";

const NAMES = ["Romeo", "Juliet", "Juliet's phone"];

const values: Record<string, string> = {
  "Romeo/JID": "romeo@localhost",
  "Romeo/full JID": "romeo@localhost/orchard",
  "Juliet's phone/JID": "juliet@localhost",
};
const resolve = (client: string, kind: VariableKind) => values[`${client}/${kind}`];
const explain = (client: string, kind: VariableKind) => `\${${client}'s ${kind}} is not known before ${client} connects`;

describe("reading Debug Console input", () => {
  it("takes `X queue` (and `queued`) as showing a client's queue", () => {
    assert.deepEqual(parseConsoleInput("Romeo queue", NAMES), { kind: "queue", client: "Romeo" });
    assert.deepEqual(parseConsoleInput("  Juliet queued ", NAMES), { kind: "queue", client: "Juliet" });
  });

  it("matches the longest defined client name, so names with 's work", () => {
    assert.deepEqual(parseConsoleInput("Juliet's phone queue", NAMES), { kind: "queue", client: "Juliet's phone" });
    assert.deepEqual(parseConsoleInput("Juliet's phone", NAMES), { kind: "client", client: "Juliet's phone" });
  });

  it("takes `X sends: <xml>` with or without the colon, keeping the XML as typed", () => {
    assert.deepEqual(parseConsoleInput("Romeo sends: <presence/>", NAMES), { kind: "send", client: "Romeo", xml: "<presence/>" });
    assert.deepEqual(parseConsoleInput("Romeo sends <message to='${Juliet's JID}'>\n<body>hi</body></message>", NAMES), {
      kind: "send", client: "Romeo", xml: "<message to='${Juliet's JID}'>\n<body>hi</body></message>",
    });
  });

  it("asks for the stanza when `sends:` has none", () => {
    const command = parseConsoleInput("Romeo sends:", NAMES);
    assert.equal(command.kind, "invalid");
    assert.match(command.kind === "invalid" ? command.message : "", /Write the stanza after "sends:"/);
  });

  it("takes text with ${...} as an expression to fill in", () => {
    assert.deepEqual(parseConsoleInput("${Romeo's full JID}", NAMES), { kind: "substitute", text: "${Romeo's full JID}" });
    assert.deepEqual(parseConsoleInput("to: ${Juliet's JID}", NAMES), { kind: "substitute", text: "to: ${Juliet's JID}" });
  });

  it("answers help for help, ? and empty input", () => {
    for (const input of ["help", "?", "  "]) assert.deepEqual(parseConsoleInput(input, NAMES), { kind: "help" });
  });

  it("says what went wrong for anything else, naming what a client can do", () => {
    const unknownVerb = parseConsoleInput("Romeo dances", NAMES);
    assert.equal(unknownVerb.kind, "invalid");
    assert.match(unknownVerb.kind === "invalid" ? unknownVerb.message : "", /Romeo queue/);
    const stranger = parseConsoleInput("Tybalt queue", NAMES);
    assert.equal(stranger.kind, "invalid");
    assert.match(stranger.kind === "invalid" ? stranger.message : "", /Type help/);
  });

  it("does not take a name that is only the start of a word (Romeos is not Romeo)", () => {
    assert.equal(parseConsoleInput("Romeos queue", NAMES).kind, "invalid");
  });
});

describe("filling in variables typed into the console", () => {
  it("replaces every known variable and keeps the text around it", () => {
    assert.deepEqual(substituteConsoleText("${Romeo's full JID} and ${Juliet's phone's JID}", resolve, explain), {
      value: "romeo@localhost/orchard and juliet@localhost",
    });
  });

  it("explains the first variable without a value", () => {
    assert.deepEqual(substituteConsoleText("${Juliet's phone's full JID}", resolve, explain), {
      error: "${Juliet's phone's full JID} is not known before Juliet's phone connects",
    });
  });

  it("rejects what is not a variable", () => {
    const result = substituteConsoleText("${}", resolve, explain);
    assert.match("error" in result ? result.error : "", /is not a variable/);
  });

  it("shows captured values, and says when nothing captured a name yet", () => {
    const captured = (name: string) => (name === "sessionid" ? "s-42" : undefined);
    assert.deepEqual(substituteConsoleText("id ${sessionid}", resolve, explain, captured), { value: "id s-42" });
    assert.deepEqual(substituteConsoleText("${code}", resolve, explain, captured), { error: "${code} has no value yet: no step so far captured \"code\"" });
  });
});

describe("building the stanzas `X sends:` puts on the wire", () => {
  it("reads the XML like a spec block and fills in variables", () => {
    const built = stanzasToSend("<message to='${Juliet's phone's JID}' type='chat'><body>Hi</body></message>", resolve);
    assert.ok("stanzas" in built);
    assert.deepEqual(built.stanzas.map((stanza) => compactStanza(stanza)), ["<message to='juliet@localhost' type='chat'><body>Hi</body></message>"]);
  });

  it("sends several top-level elements in order", () => {
    const built = stanzasToSend("<presence/>\n<presence type='unavailable'/>", resolve);
    assert.ok("stanzas" in built);
    assert.deepEqual(built.stanzas.map((stanza) => stanza.attrs["type"]), [undefined, "unavailable"]);
  });

  it("refuses malformed XML and variables without a value, saying why", () => {
    const malformed = stanzasToSend("<message", resolve);
    assert.match("error" in malformed ? malformed.error : "", /ends in the middle of markup/);
    const unknown = stanzasToSend("<message to='${Juliet's full JID}'/>", resolve);
    assert.match("error" in unknown ? unknown.error : "", /\$\{Juliet's full JID\} has no value/);
  });
});
