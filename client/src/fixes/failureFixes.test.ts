/**
 * The fixes offered from a failed receive, on real failure reports: specs run
 * against a throwaway Prosody, the fix is applied to the spec's text, and the
 * fixed spec is run again against the same server and passes.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyTextEdits } from "@support/features/edits";
import { parseSpec } from "@server/language/parser";
import type { Position, Range } from "@server/language/syntaxTree";
import { startProsody, type ThrowawayProsody } from "@server/servers/prosody/throwawayProsody";
import { runSettingsAt } from "@server/session/runSession";
import type { SpecResult } from "@server/runner/specResult";
import type { RunSettings } from "@server/runner/settings";
import { runSuite } from "@server/runner/suite";
import { failureFixes, type FailureFix, type FailureFixKind } from "./failureFixes";

const FAILING = join(__dirname, "..", "..", "..", "testFixture", "failing");

let server: ThrowawayProsody | undefined;
let settings: RunSettings;

async function run(text: string, overrides: Partial<RunSettings> = {}): Promise<SpecResult> {
  const outcome = await runSuite([{ file: "inline.scs", text }], { settings: { ...settings, ...overrides }, tagFilter: { onlyTags: [], skipTags: [] }, bail: false });
  const result = outcome.results[0];
  assert.ok(result, "the spec ran");
  return result;
}

/** Runs a spec that must fail at a receive with something received. */
async function runFailing(text: string): Promise<SpecResult> {
  const result = await run(text);
  assert.equal(result.status, "failed", result.failure?.message ?? "the spec passed");
  return result;
}

async function assertPasses(text: string): Promise<void> {
  const result = await run(text);
  assert.equal(result.status, "passed", `${result.failure?.message ?? ""}\n--- fixed spec ---\n${text}`);
}

/** Position of the `nth` occurrence of `needle` in the text, `offset` characters in. */
function positionOf(text: string, needle: string, offset = 0, nth = 0): Position {
  let index = -1;
  for (let seen = 0; seen <= nth; seen++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `"${needle}" #${nth} is in the spec`);
  }
  const before = text.slice(0, index + offset).split("\n");
  return { line: before.length - 1, character: before.at(-1)!.length };
}

function cursorAt(text: string, needle: string, offset = 0, nth = 0): Range {
  const position = positionOf(text, needle, offset, nth);
  return { start: position, end: position };
}

function fixesAt(text: string, result: SpecResult, range: Range): FailureFix[] {
  return failureFixes(parseSpec(text), result, range);
}

function fixOfKind(fixes: readonly FailureFix[], kind: FailureFixKind): FailureFix {
  const fix = fixes.find((candidate) => candidate.kind === kind);
  assert.ok(fix, `a ${kind} fix among [${fixes.map((f) => f.kind).join(", ")}]`);
  return fix;
}

function kindsOf(fixes: readonly FailureFix[]): FailureFixKind[] {
  return fixes.map((fix) => fix.kind);
}

/** The same failure in other words: what people read may be reworded, the fixes offered must not change. */
function reworded(result: SpecResult, difference: string): SpecResult {
  const failure = result.failure;
  assert.ok(failure, "the run failed");
  return { ...result, failure: { ...failure, message: `In other words: ${difference}`, difference, expected: "<message>reworded</message>" } };
}

const header = (...clients: readonly string[]): string =>
  clients.map((name) => `[Client] ${name.split("-")[0]}\n\tjid: ${name.toLowerCase()}@localhost\n\tpassword: password\n\n`).join("") + "-----\n\n";

describe("fixes from a failed receive, on real failure reports from a throwaway Prosody", () => {
  before(async () => {
    server = await startProsody();
    settings = runSettingsAt(server, { receiveTimeoutMs: 1500 });
  });
  after(async () => {
    await server?.stop();
  });

  describe("accepting the received stanza", () => {
    it("rewrites the failing fixture's expectation with Prosody's answer, its full JID as a variable, and the fixed spec passes", async () => {
      const text = readFileSync(join(FAILING, "text-mismatch.scs"), "utf8");
      const result = await runFailing(text);

      const romeo = result.clients?.["Romeo"];
      assert.equal(romeo?.bare, "romeo-mismatch@localhost");
      assert.match(romeo?.full ?? "", /^romeo-mismatch@localhost\/./);
      assert.ok(!JSON.stringify(result.clients).includes("password"), "no password among the run's JIDs");

      const onActionLine = fixesAt(text, result, cursorAt(text, "Romeo receives:"));
      const accept = fixOfKind(onActionLine, "accept-received");
      assert.equal(accept.title, "Accept the received stanza");
      assert.equal(accept.preferred, true);
      assert.deepEqual(kindsOf(onActionLine), ["accept-received"], "a text difference offers neither {scansion:any} nor strict=false");
      assert.deepEqual(kindsOf(fixesAt(text, result, cursorAt(text, "<name>", 2))), ["accept-received"], "also offered inside the block");
      assert.deepEqual(fixesAt(text, result, cursorAt(text, "Romeo disconnects")), [], "nothing on another action");
      assert.deepEqual(fixesAt(text, result, cursorAt(text, "Romeo sends:")), []);

      const fixed = applyTextEdits(text, [accept.edit]);
      // Prosody writes attributes in no fixed order; the accepted stanza keeps the order received.
      assert.match(fixed, /\n\t<iq (?=[^>]*to='\$\{Romeo's full JID\}')(?=[^>]*from='localhost')(?=[^>]*id='version1')[^>]*>\n/);
      assert.match(fixed, /\t\t\t<name>Prosody<\/name>\n\t\t\t<version scansion:strict='false'>[^<]+<\/version>\n/, "tabs, single quotes and the element's own strictness kept");
      await assertPasses(fixed);
    });

    it("writes both clients' full JIDs as variables in a block written with two spaces and double quotes", async () => {
      const text = header("Romeo-fix-chat", "Juliet-fix-chat") + [
        "Romeo connects", "", "Juliet connects", "",
        "Romeo sends:",
        "  <message to=\"${Juliet's full JID}\" type=\"chat\" id=\"chat1\">",
        "    <body>Wherefore art thou?</body>",
        "  </message>",
        "",
        "Juliet receives:",
        "  <message type=\"chat\">",
        "    <body>Where art thou?</body>",
        "  </message>",
        "",
        "Juliet disconnects", "", "Romeo disconnects", "",
      ].join("\n");
      const result = await runFailing(text);
      const accept = fixOfKind(fixesAt(text, result, cursorAt(text, "Juliet receives:")), "accept-received");
      const fixed = applyTextEdits(text, [accept.edit]);
      const block = fixed.slice(fixed.indexOf("Juliet receives:"), fixed.indexOf("Juliet disconnects"));
      assert.match(block, /^  <message [^>]*from="\$\{Romeo's full JID\}"/m);
      assert.match(block, /^  <message [^>]*to="\$\{Juliet's full JID\}"/m);
      assert.match(block, /^    <body>Wherefore art thou\?<\/body>$/m);
      await assertPasses(fixed);
    });

    it("marks the id and roster version the server makes up {scansion:any}, so the spec passes on the next run", async () => {
      const text = header("Romeo-fix-roster") + [
        "Romeo connects", "",
        "Romeo sends:", "\t<iq type='get' id='roster1'>", "\t\t<query xmlns='jabber:iq:roster'/>", "\t</iq>", "",
        "Romeo receives:", "\t<iq type='result' id='roster1'>", "\t\t<query xmlns='jabber:iq:roster' ver='{scansion:any}' scansion:strict='false'/>", "\t</iq>", "",
        "Romeo sends:", "\t<iq type='set' id='add1'>", "\t\t<query xmlns='jabber:iq:roster'>", "\t\t\t<item jid='nurse@localhost' name='Nurse'/>", "\t\t</query>", "\t</iq>", "",
        "# The roster push: Prosody picks its id, and the version grows with every change.",
        "Romeo receives:", "\t<iq type='set'>", "\t\t<query xmlns='jabber:iq:roster'>", "\t\t\t<item jid='nurse@localhost' name='Angelica'/>", "\t\t</query>", "\t</iq>", "",
        "Romeo disconnects", "",
      ].join("\n");
      const result = await runFailing(text);
      const accept = fixOfKind(fixesAt(text, result, cursorAt(text, "Romeo receives:", 0, 1)), "accept-received");
      const fixed = applyTextEdits(text, [accept.edit]);
      const push = fixed.slice(fixed.indexOf("# The roster push"));
      assert.match(push, /<iq [^>]*id='\{scansion:any\}'/);
      assert.match(push, /<query xmlns='jabber:iq:roster' ver='\{scansion:any\}'>/);
      assert.match(push, /<item [^>]*name='Nurse'/);
      await assertPasses(fixed);
    });

    it("replaces only the element that failed in a block expecting several", async () => {
      const text = header("Romeo-fix-two") + [
        "Romeo connects", "",
        "Romeo sends:",
        "\t<iq type='get' id='ping1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>",
        "\t<iq type='get' id='version2' to='localhost'><query xmlns='jabber:iq:version'/></iq>",
        "",
        "Romeo receives:",
        "\t<iq type='result' id='ping1'/>",
        "\t<iq type='result' id='version2'>",
        "\t\t<query xmlns='jabber:iq:version'><name>Openfire</name></query>",
        "\t</iq>",
        "",
        "Romeo disconnects", "",
      ].join("\n");
      const result = await runFailing(text);
      const accept = fixOfKind(fixesAt(text, result, cursorAt(text, "Romeo receives:")), "accept-received");
      const fixed = applyTextEdits(text, [accept.edit]);
      assert.match(fixed, /Romeo receives:\n\t<iq type='result' id='ping1'\/>\n\t<iq [^>]*id='version2'[^>]*>\n\t\t<query xmlns='jabber:iq:version'>\n\t\t\t<name>Prosody<\/name>/);
      await assertPasses(fixed);
    });
  });

  describe("matching any value of an attribute", () => {
    const text = header("Romeo-fix-any") + [
      "Romeo connects", "",
      "Romeo sends:", "\t<iq type='get' id='ping2' to='localhost'>", "\t\t<ping xmlns='urn:xmpp:ping'/>", "\t</iq>", "",
      "# The resource is the one an earlier run was bound to.",
      "Romeo receives:", "\t<iq type='result' id='ping2' from='localhost' to='romeo-fix-any@localhost/earlier-run'/>", "",
      "Romeo disconnects", "",
    ].join("\n");

    it("turns the attribute whose value differed into {scansion:any}, from the action line or the attribute, and the spec passes", async () => {
      const result = await runFailing(text);
      assert.match(result.failure?.difference ?? "", /^iq@to: /);

      const onActionLine = fixesAt(text, result, cursorAt(text, "Romeo receives:"));
      assert.deepEqual(kindsOf(onActionLine), ["accept-received", "mark-any"]);
      const markAny = fixOfKind(onActionLine, "mark-any");
      assert.equal(markAny.title, "Match any value of 'to' ({scansion:any})");
      assert.deepEqual(fixOfKind(fixesAt(text, result, cursorAt(text, "earlier-run", 3)), "mark-any").edit, markAny.edit, "the same fix on the attribute's value");

      const onId = fixOfKind(fixesAt(text, result, cursorAt(text, "id='ping2'", 1, 1)), "mark-any");
      assert.equal(onId.title, "Match any value of 'id' ({scansion:any})", "another attribute of the block, under the cursor");
      const wholeBlock = { start: positionOf(text, "Romeo receives:"), end: positionOf(text, "Romeo disconnects") };
      assert.equal(fixOfKind(fixesAt(text, result, wholeBlock), "mark-any").title, markAny.title, "a selection over several attributes prefers the failing one");

      const fixed = applyTextEdits(text, [markAny.edit]);
      assert.match(fixed, /<iq type='result' id='ping2' from='localhost' to='\{scansion:any\}'\/>/);
      await assertPasses(fixed);
    });
  });

  describe("allowing extra children and attributes", () => {
    const text = header("Romeo-fix-strict") + [
      "Romeo connects", "",
      "Romeo sends:", "\t<iq type='get' id='version3' to='localhost'>", "\t\t<query xmlns='jabber:iq:version'/>", "\t</iq>", "",
      "Romeo receives:",
      "\t<iq type='result' id='version3'>",
      "\t\t<query xmlns='jabber:iq:version'>",
      "\t\t\t<name>Prosody</name>",
      "\t\t</query>",
      "\t</iq>",
      "",
      "Romeo disconnects", "",
    ].join("\n");

    it("sets scansion:strict='false' on the element that received an extra child, and the spec passes", async () => {
      const result = await runFailing(text);
      assert.match(result.failure?.difference ?? "", /^iq\/query\{jabber:iq:version\}: unexpected element <version/);

      const onActionLine = fixesAt(text, result, cursorAt(text, "Romeo receives:"));
      assert.deepEqual(kindsOf(onActionLine), ["accept-received", "strict-false"]);
      const strictFalse = fixOfKind(onActionLine, "strict-false");
      assert.equal(strictFalse.title, "Allow extra children and attributes on <query> (scansion:strict=\"false\")");
      assert.deepEqual(fixOfKind(fixesAt(text, result, cursorAt(text, "<name>", 1)), "strict-false").edit, strictFalse.edit, "offered inside the element");
      assert.ok(!kindsOf(fixesAt(text, result, cursorAt(text, "<iq type='result'", 1))).includes("strict-false"), "not on the enclosing <iq>");

      const inOtherWords = reworded(result, "iq/query{jabber:iq:version}@version: expected \"1\", received no attribute");
      assert.deepEqual(fixesAt(text, inOtherWords, cursorAt(text, "Romeo receives:")), onActionLine, "the same fixes whatever the message says");

      const fixed = applyTextEdits(text, [strictFalse.edit]);
      assert.match(fixed, /\t\t<query xmlns='jabber:iq:version' scansion:strict='false'>\n/);
      await assertPasses(fixed);
    });
  });

  describe("reading what the matcher found, not how the message puts it", () => {
    const strictSequence = { mismatchPolicy: "strict-sequence" } as const;

    it("accepts the second of two expected stanzas and loosens its attribute, whatever the messages say", async () => {
      const text = header("Romeo-fix-facts") + [
        "Romeo connects", "",
        "Romeo sends:", "\t<iq type='get' id='ping5' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "\t<iq type='get' id='ping6' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "",
        "Romeo receives:", "\t<iq type='result' id='ping5'/>", "\t<iq type='result' id='ping6' from='elsewhere.example'/>", "",
        "Romeo disconnects", "",
      ].join("\n");
      const result = await run(text, strictSequence);
      assert.equal(result.failure?.kind, "mismatch", result.failure?.message);
      assert.deepEqual(result.failure?.mismatch, { kind: "attribute-value", stanzaIndex: 1, path: "iq@from", attribute: "from", expectedValue: "elsewhere.example", receivedValue: "localhost" });

      const cursors = [cursorAt(text, "Romeo receives:"), cursorAt(text, "elsewhere", 2), cursorAt(text, "id='ping6'", 1, 1)];
      const offered = cursors.map((cursor) => fixesAt(text, result, cursor));
      assert.deepEqual(kindsOf(offered[0]!), ["accept-received", "mark-any"]);
      assert.equal(fixOfKind(offered[0]!, "mark-any").title, "Match any value of 'from' ({scansion:any})");
      // Worded like a missing attribute (which {scansion:any} would not bring back), with another stanza printed as expected.
      const inOtherWords = reworded(result, "iq@from: expected \"elsewhere.example\", received no attribute");
      assert.deepEqual(cursors.map((cursor) => fixesAt(text, inOtherWords, cursor)), offered);

      const fixed = applyTextEdits(text, [fixOfKind(offered[0]!, "accept-received").edit]);
      assert.match(fixed, /Romeo receives:\n\t<iq type='result' id='ping5'\/>\n\t<iq [^>]*from='localhost'/, "the second stanza is the one replaced");
      await assertPasses(fixed);
    });

    it("offers no {scansion:any} for an attribute that never came, even worded like a different value", async () => {
      const text = header("Romeo-fix-absent") + [
        "Romeo connects", "",
        "Romeo sends:", "\t<iq type='get' id='ping7' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "",
        "Romeo receives:", "\t<iq type='result' id='ping7' xml:lang='en'/>", "",
        "Romeo disconnects", "",
      ].join("\n");
      const result = await run(text, strictSequence);
      assert.deepEqual(result.failure?.mismatch, { kind: "attribute-missing", stanzaIndex: 0, path: "iq@xml:lang", attribute: "xml:lang", expectedValue: "en" });
      const onActionLine = cursorAt(text, "Romeo receives:");
      assert.deepEqual(kindsOf(fixesAt(text, result, onActionLine)), ["accept-received"]);
      assert.deepEqual(fixesAt(text, reworded(result, "iq@xml:lang: expected \"en\", received \"fr\""), onActionLine), fixesAt(text, result, onActionLine));
    });

    it("offers no scansion:strict='false' for a missing empty element, though its start tag is all of it", async () => {
      const text = header("Romeo-fix-empty") + [
        "Romeo connects", "",
        "Romeo sends:", "\t<iq type='get' id='ping8' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "",
        "Romeo receives:", "\t<iq type='result' id='ping8'>", "\t\t<pong xmlns='urn:example:pong'/>", "\t</iq>", "",
        "Romeo disconnects", "",
      ].join("\n");
      const result = await run(text, strictSequence);
      assert.equal(result.failure?.mismatch?.kind, "child-missing", result.failure?.message);
      assert.deepEqual(kindsOf(fixesAt(text, result, cursorAt(text, "Romeo receives:"))), ["accept-received"]);
      assert.deepEqual(kindsOf(fixesAt(text, result, cursorAt(text, "<pong", 1))), ["accept-received"]);
    });
  });

  describe("when there is nothing to fix", () => {
    it("offers nothing for `receives: nothing`, a stanza that never came, or a passed run", async () => {
      const nothingText = readFileSync(join(FAILING, "unexpected-stanza.scs"), "utf8");
      const nothing = await runFailing(nothingText);
      assert.ok(nothing.failure?.received, "the report has the stanza that arrived");
      assert.deepEqual(fixesAt(nothingText, nothing, cursorAt(nothingText, "Juliet receives: nothing")), []);

      const neverText = readFileSync(join(FAILING, "never-arrives.scs"), "utf8");
      const never = await run(neverText, { receiveTimeoutMs: 300 });
      assert.equal(never.status, "failed");
      assert.deepEqual(fixesAt(neverText, never, cursorAt(neverText, "Romeo receives:")), []);

      const passingText = header("Romeo-fix-passes") + "Romeo connects\n\nRomeo disconnects\n";
      const passed = await run(passingText);
      assert.equal(passed.status, "passed");
      assert.deepEqual(fixesAt(passingText, passed, cursorAt(passingText, "Romeo connects")), []);
    });
  });
});
