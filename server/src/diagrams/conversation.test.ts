import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parse } from "ltx";
import { parseSpec } from "../language/parser";
import { viewOfStanza } from "../writing/stanzaText";
import type { SpecResult, StepOutcome } from "../runner/specResult";
import { actualConversation, expectedConversation } from "./conversation";
import { stanzaLabel } from "./stanzaLabel";

const SPEC = `# Version and a message
## version

[Client] Romeo
\tjid: romeo@localhost
\tpassword: password

[Client] Juliet
\tjid: juliet@localhost
\tpassword: password

-----

Romeo connects

Romeo sends:
\t<iq type='get' id='v1' to='localhost'>
\t\t<query xmlns='jabber:iq:version'/>
\t</iq>

Romeo receives:
\t<iq type='result' id='v1' from='localhost'>
\t\t<query xmlns='jabber:iq:version'>
\t\t\t<name>{scansion:capture:server name}</name>
\t\t</query>
\t</iq>

Romeo sends:
\t<message type='chat' to="\${Juliet's JID}" from="\${Romeo's full JID}"><body>hi</body></message>

Juliet receives: nothing

Romeo disconnects
`;

const label = (xml: string) => stanzaLabel(viewOfStanza(parse(xml)));

describe("stanza labels", () => {
  it("name an iq by its type and payload namespace", () => {
    assert.equal(label("<iq type='get' id='1'><query xmlns='jabber:iq:version'/></iq>"), "iq get jabber:iq:version");
  });
  it("name a presence or message by its type", () => {
    assert.equal(label("<presence type='unavailable'/>"), "presence unavailable");
    assert.equal(label("<message type='chat'><body>hi</body></message>"), "message chat");
    assert.equal(label("<presence/>"), "presence");
  });
  it("add the short namespace of a presence's or message's first foreign child", () => {
    assert.equal(label("<presence to='room@muc/nick'><x xmlns='http://jabber.org/protocol/muc'/></presence>"), "presence · muc");
  });
});

describe("the expected flow (from the spec's text)", () => {
  const conversation = expectedConversation(parseSpec(SPEC));

  it("has the spec's title and clients", () => {
    assert.equal(conversation.title, "Version and a message");
    assert.equal(conversation.flow, "expected");
    assert.deepEqual(conversation.clients, ["Romeo", "Juliet"]);
  });

  it("has one row per action and stanza, in order, with the action's line", () => {
    assert.deepEqual(conversation.exchanges.map((x) => [x.kind, x.client, x.label, x.line]), [
      ["note", "Romeo", "connects", 14],
      ["sent", "Romeo", "iq get jabber:iq:version", 16],
      ["received", "Romeo", "iq result jabber:iq:version", 21],
      ["sent", "Romeo", "message chat", 28],
      ["note", "Juliet", "receives nothing", 31],
      ["note", "Romeo", "disconnects", 33],
    ]);
  });

  it("shows the ${…} a stanza uses and the values it captures, still unbound", () => {
    const message = conversation.exchanges[3]!;
    assert.deepEqual(message.substitutions, [{ reference: "${Juliet's JID}" }, { reference: "${Romeo's full JID}" }]);
    assert.deepEqual(conversation.exchanges[2]!.captures, [{ name: "server name" }]);
  });

  it("carries each stanza pretty-printed", () => {
    assert.equal(conversation.exchanges[1]!.xml, "<iq type='get' id='v1' to='localhost'>\n\t<query xmlns='jabber:iq:version'/>\n</iq>");
  });
});

const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const step = (index: number, line: number, status: StepOutcome["status"], durationMs: number): StepOutcome => ({
  step: { index, line, client: "Romeo", kind: "receives", title: "", range: nowhere }, status, durationMs,
});

const failedRun: SpecResult = {
  spec: { file: "version.scs", name: "Version and a message" },
  status: "failed",
  durationMs: 5040,
  steps: [step(0, 14, "passed", 10), step(1, 16, "passed", 4), step(2, 21, "failed", 5000), step(3, 28, "not-reached", 0)],
  transcript: [
    { direction: "note", client: "Romeo", atMs: 10, text: "connected as romeo@localhost/r1", line: 14 },
    { direction: "sent", client: "Romeo", atMs: 11, text: "<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>", line: 16 },
    { direction: "received", client: "Romeo", atMs: 13, text: "<iq type='result' id='v1' from='localhost'><query xmlns='jabber:iq:version'><name>Prosody</name></query></iq>", line: 16 },
    { direction: "note", client: "Romeo", atMs: 14, text: "skipped a non-matching stanza", line: 21 },
  ],
  captures: {},
  clients: { Romeo: { bare: "romeo@localhost", full: "romeo@localhost/r1" }, Juliet: { bare: "juliet@localhost" } },
  failure: {
    kind: "timeout", line: 21, client: "Romeo", action: "Romeo receives", message: "Romeo waited 5000 ms",
    difference: "iq/query{jabber:iq:version}/name: expected text \"ejabberd\", received \"Prosody\"",
    expected: "<iq type='result' id='v1' from='localhost'>\n\t<query xmlns='jabber:iq:version'>\n\t\t<name>ejabberd</name>\n\t</query>\n</iq>",
    queued: [], range: nowhere,
  },
};

describe("the actual flow (from a run's result)", () => {
  it("draws every stanza of the transcript with its time and line", () => {
    const conversation = actualConversation(failedRun);
    assert.equal(conversation.flow, "actual");
    assert.equal(conversation.status, "failed");
    assert.deepEqual(conversation.exchanges.slice(0, 3).map((x) => [x.kind, x.label, x.atMs, x.line]), [
      ["note", "connected as romeo@localhost/r1", 10, 14],
      ["sent", "iq get jabber:iq:version", 11, 16],
      ["received", "iq result jabber:iq:version", 13, 16],
    ]);
  });

  it("draws a failed receive as the expected stanza that never came, with the difference, when the step gave up", () => {
    const { exchanges } = actualConversation(failedRun);
    const missing = exchanges.find((x) => x.kind === "missing");
    assert.ok(missing, "a missing exchange");
    assert.equal(missing.label, "iq result jabber:iq:version");
    assert.equal(missing.failure, failedRun.failure!.difference);
    assert.equal(missing.line, 21);
    assert.equal(missing.atMs, 5014);
    assert.equal(exchanges.at(-1), missing, "after the failing step's own entries");
  });

  it("shows what each ${…} stood for, from the spec that ran", () => {
    const sent = { direction: "sent" as const, client: "Romeo", atMs: 20, line: 28, text: "<message type='chat' to='juliet@localhost' from='romeo@localhost/r1'><body>hi</body></message>" };
    const passedRun: SpecResult = { ...failedRun, status: "passed", failure: undefined, transcript: [sent], captures: { "server name": "Prosody" } };
    const [message] = actualConversation(passedRun, parseSpec(SPEC)).exchanges;
    assert.deepEqual(message!.substitutions, [
      { reference: "${Juliet's JID}", value: "juliet@localhost" },
      { reference: "${Romeo's full JID}", value: "romeo@localhost/r1" },
    ]);
  });

  it("shows a failure without an expected stanza as a failed note on its client", () => {
    const refused: SpecResult = { ...failedRun, transcript: [], failure: { kind: "connect", line: 14, client: "Romeo", action: "Romeo connects", message: "authentication failed", queued: [], range: nowhere } };
    const [note] = actualConversation(refused).exchanges;
    assert.deepEqual([note!.kind, note!.client, note!.failure], ["note", "Romeo", "authentication failed"]);
  });
});
