/**
 * Test helper: a tiny Debug Adapter Protocol client. It connects to a debug
 * session through in-memory streams (or to an adapter process), frames messages the way VS Code does
 * (Content-Length headers), sends requests with sequence numbers, and lets a
 * test wait for a response or for an event. Not used by production code.
 */
import { PassThrough, type Readable, type Writable } from "node:stream";
import type { DebugSession } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";

/** A test that waits longer than this for the adapter has failed (it must not hang). */
const WAIT_LIMIT_MS = 15_000;
const HEADER_END = "\r\n\r\n";

interface EventWaiter {
  readonly name: string;
  readonly resolve: (event: DebugProtocol.Event) => void;
}

export class DapTestClient {
  /** Every output event's text, in order. */
  readonly output: string[] = [];
  private buffer = Buffer.alloc(0);
  private nextSeq = 1;
  private readonly pendingResponses = new Map<number, (response: DebugProtocol.Response) => void>();
  /** Events not yet taken by a wait, oldest first. */
  private readonly unclaimedEvents: DebugProtocol.Event[] = [];
  private readonly eventWaiters: EventWaiter[] = [];

  /** Speaks to an adapter through its input and output streams (e.g. a child process's stdin and stdout). */
  constructor(private readonly toAdapter: Writable, fromAdapter: Readable) {
    fromAdapter.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  /** Speaks to a session in this process through in-memory streams. */
  static connect(session: DebugSession): DapTestClient {
    const toAdapter = new PassThrough();
    const fromAdapter = new PassThrough();
    session.setRunAsServer(true);
    session.start(toAdapter, fromAdapter);
    return new DapTestClient(toAdapter, fromAdapter);
  }

  /** Sends a request and resolves with its response (successful or not). */
  request<T extends DebugProtocol.Response = DebugProtocol.Response>(command: string, args?: object): Promise<T> {
    const seq = this.nextSeq++;
    const answered = new Promise<DebugProtocol.Response>((resolve) => this.pendingResponses.set(seq, resolve));
    const json = JSON.stringify({ seq, type: "request", command, ...(args !== undefined ? { arguments: args } : {}) });
    this.toAdapter.write(`Content-Length: ${Buffer.byteLength(json, "utf8")}${HEADER_END}${json}`);
    return withinLimit(answered, `the response to ${command}`) as Promise<T>;
  }

  /** Like request, but fails the test when the adapter answers with an error. */
  async expectSuccess<T extends DebugProtocol.Response = DebugProtocol.Response>(command: string, args?: object): Promise<T> {
    const response = await this.request<T>(command, args);
    if (!response.success) throw new Error(`${command} failed: ${response.message}`);
    return response;
  }

  /** The next event with this name: one that already came and was not taken yet, or the next to come. */
  waitForEvent<T extends DebugProtocol.Event = DebugProtocol.Event>(name: string): Promise<T> {
    const index = this.unclaimedEvents.findIndex((event) => event.event === name);
    if (index >= 0) return Promise.resolve(this.unclaimedEvents.splice(index, 1)[0] as T);
    const arrived = new Promise<DebugProtocol.Event>((resolve) => this.eventWaiters.push({ name, resolve }));
    return withinLimit(arrived, `a ${name} event`) as Promise<T>;
  }

  /** Waits for the next stopped event and returns its reason. */
  async stopped(): Promise<DebugProtocol.StoppedEvent["body"]> {
    return (await this.waitForEvent<DebugProtocol.StoppedEvent>("stopped")).body;
  }

  /** Closes the streams (the adapter sees its input end). */
  close(): void {
    this.toAdapter.end();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, headerEnd).toString("utf8"))?.[1]);
      const bodyStart = headerEnd + HEADER_END.length;
      if (this.buffer.length < bodyStart + length) return;
      const message = JSON.parse(this.buffer.subarray(bodyStart, bodyStart + length).toString("utf8")) as DebugProtocol.ProtocolMessage;
      this.buffer = this.buffer.subarray(bodyStart + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: DebugProtocol.ProtocolMessage): void {
    if (message.type === "response") {
      const response = message as DebugProtocol.Response;
      this.pendingResponses.get(response.request_seq)?.(response);
      this.pendingResponses.delete(response.request_seq);
      return;
    }
    if (message.type !== "event") return;
    const event = message as DebugProtocol.Event;
    if (event.event === "output") this.output.push((event as DebugProtocol.OutputEvent).body.output);
    const waiter = this.eventWaiters.findIndex((candidate) => candidate.name === event.event);
    if (waiter >= 0) this.eventWaiters.splice(waiter, 1)[0]!.resolve(event);
    else this.unclaimedEvents.push(event);
  }
}

function withinLimit<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
