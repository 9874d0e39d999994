/**
 * The spec recorder against a real, throwaway Prosody: what it writes for
 * connects, sends (with what arrives) and disconnects, JIDs as variables, and
 * the strongest check: the recorded spec passes when the runner replays it.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { parse, type Element } from "ltx";
import { parseSpec } from "../language/parser";
import { freeLoopbackPort, startProsody, type ThrowawayProsody } from "../servers/prosody/throwawayProsody";
import { runSettingsAt } from "../session/runSession";
import {
  clientDefinitionsText, clientNameProblem, newClientJidProblem, newSpecText, RecordingError, SpecRecorder, stanzaInputProblem, textToAppend,
  type NewClient,
} from "./recorder";
import { textStyleOf } from "../writing/specStyle";
import type { Connector, ClientConnection } from "./connectionContract";
import { DEFAULT_RUN_SETTINGS, type RunSettings } from "./settings";
import { runSuite } from "./suite";

const LOVERS: readonly NewClient[] = [
  { name: "Romeo", jid: "romeo@localhost", password: "password" },
  { name: "Juliet", jid: "juliet@localhost", password: "password" },
];

/** The spec text after appending each recorded step the way the command does. */
function appendAll(header: string, steps: readonly string[]): string {
  return steps.reduce((text, step) => text + textToAppend(text, step), header);
}

async function replay(text: string, settings: RunSettings) {
  const outcome = await runSuite([{ file: "recorded.scs", text }], { settings, tagFilter: { onlyTags: [], skipTags: [] }, bail: false });
  const result = outcome.results[0]!;
  assert.equal(result.status, "passed", `${result.failure?.message ?? outcome.infrastructureError}\n${text}`);
}

describe("recording a spec against a real Prosody", () => {
  let server: ThrowawayProsody | undefined;
  let settings: RunSettings;
  before(async () => {
    server = await startProsody();
    settings = runSettingsAt(server, { receiveTimeoutMs: 2000 });
  });
  after(async () => {
    await server?.stop();
  });

  it("records two clients connecting and a message, JIDs as variables, and the runner replays it", async () => {
    const header = newSpecText(LOVERS, "Romeo writes to Juliet");
    const recorder = new SpecRecorder(parseSpec(header), settings);
    try {
      const romeoConnects = await recorder.connect("Romeo");
      const julietConnects = await recorder.connect("Juliet");
      assert.equal(romeoConnects.text, "Romeo connects\n");
      assert.equal(julietConnects.text, "Juliet connects\n");
      const juliet = recorder.jidsOf("Juliet")?.full;
      const romeo = recorder.jidsOf("Romeo")?.full;
      assert.ok(juliet?.startsWith("juliet@localhost/") && romeo?.startsWith("romeo@localhost/"), "both bound full JIDs");
      assert.ok(romeoConnects.notes.some((note) => note.includes(romeo!)), "the bound JID is noted");

      // Typed with literal JIDs: the recorded text must carry variables instead.
      const message = await recorder.send("Romeo", `<message to='${juliet}' type='chat' id='m1'><body>Hello, Juliet</body></message>`);
      const paragraphs = message.text.split("\n\n");
      assert.equal(paragraphs[0], [
        "Romeo sends:",
        "\t<message to='${Juliet's full JID}' type='chat' id='m1'>",
        "\t\t<body>Hello, Juliet</body>",
        "\t</message>",
      ].join("\n"));
      assert.equal(paragraphs.length, 2, message.text);
      assert.match(paragraphs[1]!, /^Juliet receives:\n\t<message [^>]*from='\$\{Romeo's full JID\}'/);
      assert.match(paragraphs[1]!, /to='\$\{Juliet's full JID\}'/);
      assert.match(paragraphs[1]!, /id='m1'/, "an id echoing a sent one is kept");
      assert.match(paragraphs[1]!, /\n\t\t<body>Hello, Juliet<\/body>\n\t<\/message>\n$/);

      // An answer from the server: the request's id is kept, the client's JID becomes a variable.
      const version = await recorder.send("Romeo", "<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>");
      assert.match(version.text, /\n\nRomeo receives:\n\t<iq [^>]*id='v1'/);
      assert.match(version.text, /to='\$\{Romeo's full JID\}'/);
      assert.match(version.text, /\n\t\t<query xmlns='jabber:iq:version'>\n\t\t\t<name>Prosody<\/name>/);

      const julietLeaves = await recorder.disconnect("Juliet");
      assert.equal(julietLeaves.text, "Juliet disconnects\n");
      assert.equal(recorder.isConnected("Juliet"), false);

      const steps = [romeoConnects, julietConnects, message, version, julietLeaves].map((step) => step.text);
      const spec = appendAll(header, steps);
      for (const jid of ["romeo@localhost/", "juliet@localhost/"]) assert.ok(!spec.includes(jid), `no literal ${jid}… in\n${spec}`);
      assert.deepEqual(parseSpec(spec).problems.filter((problem) => problem.severity === "error"), []);
      await replay(spec, settings);
    } finally {
      await recorder.close();
    }
  });

  it("continues an existing spec in its own style (spaces, double quotes), with bare JIDs and server-made values", async () => {
    const existing = [
      "# Presence", "", "[Client] Romeo", "  jid: romeo@localhost", "  password: password", "",
      "[Client] Juliet", "  jid: juliet@localhost", "  password: password", "", "-----", "",
      "Romeo connects", "", "Romeo sends:", "  <presence/>", "", "Romeo receives:", "  <presence from=\"${Romeo's full JID}\"/>", "",
    ].join("\n");
    const recorder = new SpecRecorder(parseSpec(existing), settings);
    try {
      await recorder.replaySpec();
      assert.equal(recorder.isConnected("Romeo"), true, "the spec's own connects ran");
      // A roster get: the answer's version is made up by the server, written as {scansion:any}.
      const roster = await recorder.send("Romeo", "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>");
      assert.match(roster.text, /^Romeo sends:\n  <iq type="get" id="r1">\n    <query xmlns="jabber:iq:roster"\/>\n  <\/iq>\n\nRomeo receives:\n  <iq /);
      assert.match(roster.text, /ver="\{scansion:any\}"/);
      // A bare JID (of a client that never connected) both ways; the roster push's id is the server's own.
      const subscribe = await recorder.send("Romeo", "<presence to='juliet@localhost' type='subscribe'/>");
      assert.match(subscribe.text, /^Romeo sends:\n  <presence to="\$\{Juliet's JID\}" type="subscribe"\/>\n\nRomeo receives:\n  <iq [^>]*id="\{scansion:any\}"/);
      assert.match(subscribe.text, /\n      <item [^>]*jid="\$\{Juliet's JID\}"/);
      // Back to an empty roster, so the replay below starts from the same server state.
      const remove = await recorder.send("Romeo", "<iq type='set' id='rm1'><query xmlns='jabber:iq:roster'><item jid='juliet@localhost' subscription='remove'/></query></iq>");
      assert.match(remove.text, /\n\nRomeo receives:\n  <iq [^>]*id="rm1"/);
      const disconnects = await recorder.disconnect("Romeo");
      await replay(appendAll(existing, [roster, subscribe, remove, disconnects].map((step) => step.text)), settings);
    } finally {
      await recorder.close();
    }
  });

  it("names the failing line when the existing spec does not replay", async () => {
    const existing = newSpecText(LOVERS) + "Romeo connects\n\nRomeo receives:\n\t<message from='nobody@localhost'/>\n";
    const receiveLine = existing.split("\n").indexOf("Romeo receives:") + 1;
    const recorder = new SpecRecorder(parseSpec(existing), { ...settings, receiveTimeoutMs: 300 });
    try {
      await assert.rejects(recorder.replaySpec(), (error: unknown) =>
        error instanceof RecordingError && error.message.startsWith(`line ${receiveLine} (Romeo receives): Romeo waited 300 ms for <message`));
    } finally {
      await recorder.close();
    }
  });

  it("refuses bad input with one readable line and keeps recording", async () => {
    const recorder = SpecRecorder.forClients(LOVERS, settings);
    try {
      await assert.rejects(recorder.connect("Tybalt"), (error: unknown) => error instanceof RecordingError && error.message === `"Tybalt" is not a client of this spec (clients: Romeo, Juliet)`);
      await assert.rejects(recorder.send("Romeo", "<presence/>"), /^RecordingError: Romeo is not connected$/);
      await recorder.connect("Romeo");
      await assert.rejects(recorder.connect("Romeo"), /Romeo is already connected/);
      await assert.rejects(recorder.send("Romeo", "<message><body>hi</message>"), /<body> is not closed/);
      await assert.rejects(recorder.send("Romeo", "<presence/><presence/>"), /one stanza at a time/);
      await assert.rejects(recorder.send("Romeo", "<message to='${Benvolio's JID}'/>"), (error: unknown) => error instanceof RecordingError && !error.message.includes("\n"));
      const after = await recorder.send("Romeo", "<presence/>");
      assert.match(after.text, /^Romeo sends:\n\t<presence\/>\n\nRomeo receives:\n\t<presence [^>]*from='\$\{Romeo's full JID\}'/);
    } finally {
      await recorder.close();
    }
    await assert.rejects(recorder.connect("Juliet"), /the recording has ended/);
  });

  it("reports a refused connection as one line naming the client", async () => {
    const recorder = SpecRecorder.forClients(LOVERS, { ...settings, port: await freeLoopbackPort() });
    try {
      await assert.rejects(recorder.connect("Juliet"), (error: unknown) =>
        error instanceof RecordingError && error.message.startsWith("Juliet could not connect: ") && !error.message.includes("\n"));
      assert.equal(recorder.isConnected("Juliet"), false);
    } finally {
      await recorder.close();
    }
  });
});

/** A connector whose one connection is driven by the test: `deliver` makes a stanza arrive. */
function scriptedConnector(): { connector: Connector; deliver(xml: string): void; sent: Element[] } {
  const queue: Element[] = [];
  const sent: Element[] = [];
  let onStanza: ((stanza: Element) => void) | undefined;
  const connection: ClientConnection = {
    fullJid: "romeo@localhost/scripted",
    lostReason: undefined,
    send: async (stanza) => { sent.push(stanza); },
    nextStanza: async () => queue.shift()!,
    queued: () => [...queue],
    barrier: async () => undefined,
    close: async () => undefined,
    destroy: () => undefined,
  };
  const connector: Connector = async (request) => {
    onStanza = request.onStanza;
    return connection;
  };
  const deliver = (xml: string): void => {
    const stanza = parse(xml);
    queue.push(stanza);
    onStanza?.(stanza);
  };
  return { connector, deliver, sent };
}

describe("recording with a scripted connection", () => {
  it("writes what arrived between two steps before the second step's action", async () => {
    const scripted = scriptedConnector();
    const recorder = SpecRecorder.forClients(LOVERS.slice(0, 1), { ...DEFAULT_RUN_SETTINGS, quietPeriodMs: 10 }, scripted.connector);
    try {
      await recorder.connect("Romeo");
      scripted.deliver("<message from='juliet@localhost/balcony' to='romeo@localhost/scripted' id='srv1'><body>Are you there?</body></message>");
      const step = await recorder.send("Romeo", "<presence/>");
      assert.equal(step.text, [
        "Romeo receives:",
        "\t<message from='juliet@localhost/balcony' to='${Romeo's full JID}' id='{scansion:any}'>",
        "\t\t<body>Are you there?</body>",
        "\t</message>",
        "",
        "Romeo sends:",
        "\t<presence/>",
        "",
      ].join("\n"));
      assert.equal(step.received, 1);
      assert.equal(scripted.sent.length, 1);
    } finally {
      await recorder.close();
    }
  });
});

describe("recorder text helpers", () => {
  it("writes client definitions and a new spec that parse back to the same clients", () => {
    assert.equal(clientDefinitionsText(LOVERS.slice(0, 1)), "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n");
    const doc = parseSpec(newSpecText(LOVERS));
    assert.deepEqual(doc.clients.map((client) => client.name.text), ["Romeo", "Juliet"]);
    assert.ok(doc.separator);
    assert.deepEqual(doc.problems, []);
  });

  it("appends a step as its own paragraph, adding a separator to a spec that has none", () => {
    assert.equal(textToAppend("Romeo connects\n", "Romeo disconnects\n"), "\nRomeo disconnects\n");
    assert.equal(textToAppend("-----\n\nRomeo connects", "X\n"), "\n\nX\n");
    assert.equal(textToAppend("-----\n\nRomeo connects\n\n", "X\n"), "X\n");
    assert.equal(textToAppend("-----\n\nRomeo connects\n\n  ", "X\n"), "\nX\n");
    assert.equal(textToAppend("[Client] Romeo\n\tjid: romeo@localhost\n", "Romeo connects\n"), "\n-----\n\nRomeo connects\n");
    assert.equal(textToAppend("", "Romeo connects\n"), "-----\n\nRomeo connects\n");
  });

  it("reads the indentation and quote style of a spec", () => {
    assert.deepEqual(textStyleOf(parseSpec(newSpecText(LOVERS))), { indent: "\t", quote: "'" });
    assert.deepEqual(textStyleOf(parseSpec("[Client] R\n    jid: r@h\n-----\nR sends:\n    <a x=\"1\" y=\"2\" z='3'/>\n")), { indent: "    ", quote: '"' });
  });

  it("validates typed stanzas, client names and JIDs", () => {
    assert.equal(stanzaInputProblem("<presence/>"), undefined);
    assert.equal(stanzaInputProblem("<message to='${Juliet's full JID}'><body>hi</body></message>"), undefined);
    assert.match(stanzaInputProblem("") ?? "", /type a stanza/);
    assert.match(stanzaInputProblem("<iq>") ?? "", /./);
    assert.equal(clientNameProblem("Juliet's phone", ["Romeo"]), undefined);
    assert.match(clientNameProblem("Romeo", ["Romeo"]) ?? "", /already/);
    assert.match(clientNameProblem("# x", []) ?? "", /cannot start/);
    assert.equal(newClientJidProblem("romeo@localhost/orchard"), undefined);
    assert.match(newClientJidProblem("localhost") ?? "", /romeo@localhost/);
  });
});
