import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parse, type Element } from "ltx";
import { parseSpec } from "../language/parser";
import { Cast, type ClientState } from "../runner/clientState";
import type { StepFailure, TranscriptEntry } from "../runner/specResult";
import type { ClientConnection } from "../runner/connectionContract";
import { TrafficLog } from "./trafficLog";
import { captureVariables, clientVariables, failureDetails, type VariableNode } from "./variablesView";

const SPEC = [
  "[Client] Romeo",
  "\tjid: romeo@localhost/orchard",
  "\tpassword: password",
  "",
  "[Client] Juliet",
  "\tjid: juliet@localhost",
  "\tpassword: password",
  "",
  "-----",
  "",
  "Romeo connects",
].join("\n");

/** A connection that only answers what the view reads: its queue. */
function connectionWithQueue(stanzas: readonly Element[]): ClientConnection {
  const unused = (): never => { throw new Error("not used by the view"); };
  return {
    fullJid: "romeo@localhost/orchard",
    queued: () => stanzas,
    send: unused, nextStanza: unused, barrier: unused, close: unused, destroy: unused,
    lostReason: undefined,
  };
}

function castWithRomeoConnected(queue: readonly Element[]): ClientState[] {
  const cast = new Cast(parseSpec(SPEC));
  const romeo = cast.get("Romeo")!;
  romeo.state = "connected";
  romeo.fullJid = "romeo@localhost/orchard";
  romeo.connection = connectionWithQueue(queue);
  return cast.all();
}

function child(node: VariableNode | undefined, name: string): VariableNode {
  const found = node?.children?.find((candidate) => candidate.name === name);
  assert.ok(found, `${node?.name} has a child named ${name}`);
  return found;
}

const entry = (direction: TranscriptEntry["direction"], client: string, text: string): TranscriptEntry => ({ direction, client, atMs: 0, text });

describe("the Variables view of a paused spec", () => {
  it("shows one node per client, connected or not, with a one-line summary", () => {
    const nodes = clientVariables(castWithRomeoConnected([parse("<message type='chat'/>")]), new TrafficLog());
    assert.deepEqual(nodes.map((node) => [node.name, node.value]), [
      ["Romeo", "connected as romeo@localhost/orchard; 1 stanza queued"],
      ["Juliet", "not connected yet"],
    ]);
  });

  it("gives each client its state, bare JID and full JID, evaluable as variables", () => {
    const [romeo, juliet] = clientVariables(castWithRomeoConnected([]), new TrafficLog());
    assert.equal(child(romeo, "state").value, "connected");
    assert.equal(child(romeo, "JID").value, "romeo@localhost");
    assert.equal(child(romeo, "JID").evaluateName, "${Romeo's JID}");
    assert.equal(child(romeo, "full JID").value, "romeo@localhost/orchard");
    assert.equal(child(juliet, "full JID").value, "(known once Juliet connects)");
    assert.equal(child(juliet, "full JID").evaluateName, "${Juliet's full JID}");
  });

  it("lists the stanzas queued and not consumed as pretty XML, oldest first", () => {
    const queue = [parse("<message from='juliet@localhost/balcony' type='chat'><body>Hi</body></message>"), parse("<presence/>")];
    const [romeo] = clientVariables(castWithRomeoConnected(queue), new TrafficLog());
    const queued = child(romeo, "queued");
    assert.equal(queued.value, "2 stanzas");
    assert.equal(queued.evaluateName, "Romeo queue");
    assert.deepEqual(queued.children?.map((node) => [node.name, node.value]), [
      ["[1]", "<message from='juliet@localhost/balcony' type='chat'>\n\t<body>Hi</body>\n</message>"],
      ["[2]", "<presence/>"],
    ]);
  });

  it("shows the latest stanzas each client sent and received from the transcript, latest first", () => {
    const traffic = new TrafficLog(2);
    for (const item of [
      entry("sent", "Romeo", "<presence id='1'/>"),
      entry("note", "Romeo", "connected as romeo@localhost/orchard"),
      entry("sent", "Romeo", "<presence id='2'/>"),
      entry("sent", "Romeo", "<message id='3'><body>Hi</body></message>"),
      entry("received", "Romeo", "<iq type='result' id='4'/>"),
      entry("received", "Juliet", "<presence id='5'/>"),
    ]) traffic.record(item);
    const [romeo, juliet] = clientVariables(castWithRomeoConnected([]), traffic);
    assert.deepEqual(child(romeo, "last sent").children?.map((node) => node.value), [
      "<message id='3'>\n\t<body>Hi</body>\n</message>",
      "<presence id='2'/>",
    ]);
    assert.deepEqual(child(romeo, "last received").children?.map((node) => node.value), ["<iq type='result' id='4'/>"]);
    assert.equal(child(juliet, "last sent").value, "none");
    assert.equal(child(juliet, "last received").value, "1 stanza");
  });

  it("shows a client whose stream the server closed with the reason", () => {
    const clients = castWithRomeoConnected([]);
    clients[0]!.unreportedLoss = "conflict (replaced by new connection)";
    const [romeo] = clientVariables(clients, new TrafficLog());
    assert.equal(child(romeo, "state").value, "the server closed the stream: conflict (replaced by new connection)");
  });

  it("shows a disconnected client with the full JID it had", () => {
    const clients = castWithRomeoConnected([]);
    clients[0]!.state = "disconnected";
    clients[0]!.connection = undefined;
    const [romeo] = clientVariables(clients, new TrafficLog());
    assert.equal(romeo?.value, "disconnected (was romeo@localhost/orchard)");
    assert.equal(child(romeo, "queued").value, "none");
  });

  it("shows captures by name", () => {
    assert.deepEqual(captureVariables({ server: "localhost", id: "abc" }), [{ name: "server", value: "localhost" }, { name: "id", value: "abc" }]);
  });
});

describe("the details of a failure", () => {
  it("carry the message, the expected and received stanzas and what was still queued", () => {
    const failure: StepFailure = {
      kind: "mismatch", line: 20, client: "Romeo", action: "Romeo receives",
      message: "Romeo received a stanza that does not match: iq/query/name: expected \"ejabberd\", received \"Prosody\"",
      difference: "iq/query/name: expected \"ejabberd\", received \"Prosody\"",
      expected: "<iq>\n\t<name>ejabberd</name>\n</iq>",
      received: "<iq>\n\t<name>Prosody</name>\n</iq>",
      queued: ["<presence/>"],
      range: { start: { line: 19, character: 0 }, end: { line: 19, character: 4 } },
    };
    assert.equal(failureDetails(failure), [
      failure.message,
      "expected:\n<iq>\n\t<name>ejabberd</name>\n</iq>",
      "received:\n<iq>\n\t<name>Prosody</name>\n</iq>",
      "still queued for Romeo:\n<presence/>",
    ].join("\n\n"));
  });
});
