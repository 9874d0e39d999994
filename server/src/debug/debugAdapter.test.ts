/**
 * The debug adapter over the Debug Adapter Protocol, against a real throwaway
 * Prosody: a DAP client speaks to the session through streams, as VS Code does.
 */
import { after, afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { SpecResult } from "../runner/specResult";
import { startProsody, type ThrowawayProsody } from "../servers/prosody/throwawayProsody";
import { DapTestClient } from "@support/dapTestClient";
import { ScansionDebugAdapter } from "./debugAdapter";

const FIXTURES = join(__dirname, "..", "..", "..", "testFixture");
const DEREGISTER = join(FIXTURES, "specs", "muc_members_only_deregister.scs");
const TEXT_MISMATCH = join(FIXTURES, "failing", "text-mismatch.scs");
const EVERY_VERB = join(FIXTURES, "runner", "every-verb.scs");

/** 1-based number of the first line (at or after `from`) that satisfies the test. */
function lineOf(file: string, test: (line: string) => boolean, from = 1): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex((line, i) => i >= from - 1 && test(line));
  assert.ok(index >= 0, `line not found in ${file}`);
  return index + 1;
}

function tcpSockets(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap").length;
}

let server: ThrowawayProsody;
let client: DapTestClient | undefined;

/** Initializes a session, sets breakpoints on `file`, and launches it. */
async function launch(program: string, options: { stopOnEntry?: boolean; breakpoints?: number[]; timeout?: number } = {}): Promise<{ dap: DapTestClient; breakpoints: DebugProtocol.Breakpoint[] }> {
  const dap = DapTestClient.connect(new ScansionDebugAdapter());
  client = dap;
  await dap.expectSuccess("initialize", { adapterID: "scansion", linesStartAt1: true, columnsStartAt1: true, pathFormat: "path" });
  await dap.waitForEvent("initialized");
  const set = await dap.expectSuccess<DebugProtocol.SetBreakpointsResponse>("setBreakpoints", {
    source: { path: program },
    breakpoints: (options.breakpoints ?? []).map((line) => ({ line })),
  });
  await dap.expectSuccess("configurationDone");
  await dap.expectSuccess("launch", {
    program, host: server.host, port: server.c2sPort, timeout: options.timeout ?? 1500, stopOnEntry: options.stopOnEntry ?? false,
  });
  return { dap, breakpoints: set.body.breakpoints };
}

async function topFrame(dap: DapTestClient): Promise<DebugProtocol.StackFrame> {
  const trace = await dap.expectSuccess<DebugProtocol.StackTraceResponse>("stackTrace", { threadId: 1 });
  assert.equal(trace.body.stackFrames.length, 1);
  return trace.body.stackFrames[0]!;
}

async function evaluate(dap: DapTestClient, expression: string): Promise<DebugProtocol.EvaluateResponse> {
  return dap.request<DebugProtocol.EvaluateResponse>("evaluate", { expression, context: "repl", frameId: 1 });
}

async function variables(dap: DapTestClient, reference: number): Promise<DebugProtocol.Variable[]> {
  return (await dap.expectSuccess<DebugProtocol.VariablesResponse>("variables", { variablesReference: reference })).body.variables;
}

function named(list: readonly DebugProtocol.Variable[], name: string): DebugProtocol.Variable {
  const found = list.find((variable) => variable.name === name);
  assert.ok(found, `no variable named ${name} among ${list.map((v) => v.name).join(", ")}`);
  return found;
}

describe("debugging a spec over DAP against a real Prosody", () => {
  before(async () => {
    server = await startProsody();
  });
  afterEach(async () => {
    // A failed test must not leave connections behind for the next one.
    await client?.request("disconnect", {});
    client = undefined;
  });
  after(async () => {
    await server?.stop();
  });

  it("stops on entry, steps, runs to breakpoints, shows a queue, evaluates and sends from the console, and ends", async () => {
    const commentLine = lineOf(DEREGISTER, (line) => line.startsWith("# Juliet connects, and joins the room"));
    const unregisterSent = lineOf(DEREGISTER, (line) => line.includes("id='unreg1'"));
    const julietReceivesUnregistered = lineOf(DEREGISTER, (line) => line === "Juliet receives:", unregisterSent);
    const lastLine = readFileSync(DEREGISTER, "utf8").split("\n").length;
    const { dap, breakpoints } = await launch(DEREGISTER, { stopOnEntry: true, breakpoints: [commentLine, julietReceivesUnregistered, lastLine] });

    // The comment's breakpoint moves to the action below it; none can stop after the last action.
    assert.deepEqual(breakpoints.map((b) => [b.verified, b.line]), [[true, commentLine + 1], [true, julietReceivesUnregistered], [false, undefined]]);
    assert.match(breakpoints[2]?.message ?? "", /No action at or below this line/);

    assert.equal((await dap.stopped()).reason, "entry");
    const threads = await dap.expectSuccess<DebugProtocol.ThreadsResponse>("threads");
    assert.deepEqual(threads.body.threads, [{ id: 1, name: "spec" }]);
    const entry = await topFrame(dap);
    assert.equal(entry.name, "Romeo connects");
    assert.equal(entry.line, lineOf(DEREGISTER, (line) => line === "Romeo connects"));
    assert.equal(entry.source?.path, DEREGISTER);

    assert.equal((await evaluate(dap, "${Romeo's JID}")).body.result, "user@localhost");
    const unknown = await evaluate(dap, "${Romeo's full JID}");
    assert.equal(unknown.success, false);
    assert.match(unknown.message ?? "", /not known before Romeo connects/);

    await dap.expectSuccess("next", { threadId: 1 });
    assert.equal((await dap.stopped()).reason, "step");
    assert.equal((await topFrame(dap)).name, "Romeo sends:");
    assert.match((await evaluate(dap, "${Romeo's full JID}")).body.result, /^user@localhost\/.+/);

    await dap.expectSuccess("continue", { threadId: 1 });
    assert.equal((await dap.stopped()).reason, "breakpoint");
    assert.deepEqual([(await topFrame(dap)).name, (await topFrame(dap)).line], ["Juliet connects", commentLine + 1]);

    await dap.expectSuccess("continue", { threadId: 1 });
    assert.equal((await dap.stopped()).reason, "breakpoint");
    assert.equal((await topFrame(dap)).line, julietReceivesUnregistered);

    // Juliet's queue holds what the server sent after her unregister request.
    const scopes = await dap.expectSuccess<DebugProtocol.ScopesResponse>("scopes", { frameId: 1 });
    assert.deepEqual(scopes.body.scopes.map((scope) => scope.name), ["Clients", "Captures"]);
    const clients = await variables(dap, scopes.body.scopes[0]!.variablesReference);
    assert.deepEqual(clients.map((variable) => variable.name), ["Romeo", "Juliet"]);
    const juliet = await variables(dap, named(clients, "Juliet").variablesReference);
    assert.match(named(juliet, "full JID").value, /^user2@localhost\/.+/);
    const queued = await variables(dap, named(juliet, "queued").variablesReference);
    assert.ok(queued.some((stanza) => stanza.value.includes("id='unreg1'")), `queue: ${queued.map((s) => s.value).join("\n")}`);
    assert.ok(queued.some((stanza) => stanza.value.startsWith("<presence") && stanza.value.includes("type='unavailable'")));
    assert.ok(queued.every((stanza) => stanza.value.startsWith("<")), "each queued stanza is XML");
    const lastReceived = await variables(dap, named(juliet, "last received").variablesReference);
    assert.ok(lastReceived.length > 0);

    const summary = await evaluate(dap, "Juliet");
    assert.match(summary.body.result, /^connected as user2@localhost\/.+; \d+ stanzas? queued$/);
    assert.ok(summary.body.variablesReference > 0, "the summary expands into Juliet's variables");
    const hover = await dap.request<DebugProtocol.EvaluateResponse>("evaluate", { expression: "${Juliet's JID}", context: "hover", frameId: 1 });
    assert.equal(hover.body.result, "user2@localhost");

    const julietQueue = await evaluate(dap, "Juliet queue");
    assert.match(julietQueue.body.result, /id='unreg1'/);

    // Watch expressions are evaluated at every stop: they never send.
    const fromWatch = await dap.request<DebugProtocol.EvaluateResponse>("evaluate", { expression: "Romeo sends: <presence/>", context: "watch", frameId: 1 });
    assert.equal(fromWatch.success, false);
    assert.match(fromWatch.message ?? "", /from the Debug Console only/);

    // A stanza sent from the console goes out as Romeo; its answer is queued for Romeo.
    const sent = await evaluate(dap, "Romeo sends: <iq type='get' id='console-ping' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
    assert.equal(sent.success, true, sent.message);
    assert.match((await evaluate(dap, "Romeo queue")).body.result, /<iq [^>]*id='console-ping'/);
    assert.ok(dap.output.some((line) => line.includes("from the Debug Console")), "the transcript notes the console's stanza");

    // The rest passes (the extra answer is skipped by the default mismatch policy).
    await dap.expectSuccess("continue", { threadId: 1 });
    assert.equal((await dap.waitForEvent<DebugProtocol.ExitedEvent>("exited")).body.exitCode, 0);
    await dap.waitForEvent("terminated");
    await dap.expectSuccess("disconnect", {});
    client = undefined;
    assert.equal(tcpSockets(), 0, "every XMPP connection is closed");
  });

  it("stops on the first failure with the difference as exception info, and closes every client on disconnect", async () => {
    const probe = lineOf(TEXT_MISMATCH, (line) => line.startsWith("# probe: the failing action")) + 1;
    const { dap } = await launch(TEXT_MISMATCH);
    const stop = await dap.stopped();
    assert.equal(stop.reason, "exception");
    assert.match(stop.text ?? "", /ejabberd/);

    const frame = await topFrame(dap);
    assert.equal(frame.name, "Romeo receives:");
    // The frame points at the expected node the difference is about, inside the failing action.
    assert.equal(frame.line, lineOf(TEXT_MISMATCH, (line) => line.includes("<name>ejabberd</name>")));
    assert.ok(frame.line > probe);

    const info = await dap.expectSuccess<DebugProtocol.ExceptionInfoResponse>("exceptionInfo", { threadId: 1 });
    assert.equal(info.body.breakMode, "always");
    assert.match(info.body.description ?? "", /ejabberd/);
    assert.match(info.body.description ?? "", /Prosody/);
    assert.doesNotMatch(info.body.description ?? "", /\n/, "the description is one line");
    assert.match(info.body.details?.stackTrace ?? "", /expected:\n<iq/);
    assert.match(info.body.details?.stackTrace ?? "", /received:\n<iq/);

    assert.ok(tcpSockets() > 0, "Romeo is still connected while the failure is inspected");
    await dap.expectSuccess("disconnect", {});
    client = undefined;
    assert.equal(tcpSockets(), 0, "every XMPP connection is closed");
  });

  it("ends the run with exit code 1 when continued after a failure", async () => {
    const { dap } = await launch(join(FIXTURES, "failing", "unexpected-stanza.scs"));
    const stop = await dap.stopped();
    assert.equal(stop.reason, "exception");
    assert.match(stop.text ?? "", /was to receive nothing, but received <message/);
    await dap.expectSuccess("continue", { threadId: 1 });
    const result = (await dap.waitForEvent("scansion.specResult")).body as SpecResult;
    assert.equal(result.status, "failed");
    assert.match(result.failure?.message ?? "", /was to receive nothing/);
    assert.equal((await dap.waitForEvent<DebugProtocol.ExitedEvent>("exited")).body.exitCode, 1);
    await dap.waitForEvent("terminated");
    assert.ok(dap.output.some((line) => line.includes("failed")), "the result is reported in the Debug Console");
    assert.equal(tcpSockets(), 0, "the run's end closed every connection");
  });

  it("pauses between actions when asked while running, then runs to the end", async () => {
    const { dap } = await launch(EVERY_VERB);
    await dap.expectSuccess("pause", { threadId: 1 });
    assert.equal((await dap.stopped()).reason, "pause");
    const frame = await topFrame(dap);
    assert.ok(frame.line > lineOf(EVERY_VERB, (line) => line === "Romeo connects"), "paused after the first action");
    await dap.expectSuccess("continue", { threadId: 1 });
    assert.equal((await dap.waitForEvent<DebugProtocol.ExitedEvent>("exited")).body.exitCode, 0);
    await dap.expectSuccess("disconnect", {});
    client = undefined;
    assert.equal(tcpSockets(), 0);
  });

  it("refuses a launch without a program, and one of a spec that does not parse, saying why", async () => {
    const dap = DapTestClient.connect(new ScansionDebugAdapter());
    client = dap;
    await dap.expectSuccess("initialize", { adapterID: "scansion", pathFormat: "path" });
    await dap.expectSuccess("configurationDone");
    const missing = await dap.request("launch", {});
    assert.equal(missing.success, false);
    assert.match(missing.message ?? "", /needs "program"/);
    const broken = await dap.request("launch", { program: join(FIXTURES, "language", "broken-xml.scs") });
    assert.equal(broken.success, false);
    assert.match(broken.message ?? "", /broken-xml\.scs line \d+:/);
  });
});
