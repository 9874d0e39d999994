/**
 * The Debug Adapter for scansion specs (DAP over @vscode/debugadapter). One
 * thread, "spec"; one stack frame, the action the run stands before (or the
 * one that failed); the run stops between actions only.
 *
 * Runs in the extension host (an inline adapter: `new ScansionDebugAdapter()`)
 * or as its own process (`main.ts`, stdio). Requests map onto `DebugRun`;
 * the views are built by the pure modules next to this one.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  Breakpoint, DebugSession, Event, ExitedEvent, Handles, InitializedEvent, InvalidatedEvent, OutputEvent,
  Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread,
} from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { parseSpec } from "../language/parser";
import type { SpecDocument } from "../language/syntaxTree";
import type { SpecResult, TranscriptEntry } from "../runner/specResult";
import type { Connector } from "../runner/connectionContract";
import { specName } from "../runner/specFiles";
import { placeBreakpoints, stoppingLines } from "./breakpoints";
import { SPEC_RESULT_EVENT } from "./customEvents";
import { runConsoleCommand } from "./consoleCommands";
import { DebugRun, type StopReason } from "./debugRun";
import { readLaunchArguments, type ScansionLaunchArguments } from "./launchArguments";
import { captureVariables, clientVariables, failureDetails, type VariableNode } from "./variablesView";

export const SPEC_THREAD_ID = 1;
const FRAME_ID = 1;

export interface ScansionDebugAdapterOptions {
  /** How clients connect (tests may pass a fake); the real XMPP connector by default. */
  readonly connector?: Connector;
  /** Resolves a relative `program`; the process's working directory by default. */
  readonly workingDirectory?: string;
  /**
   * The text of a spec's editor when it has unsaved changes, else undefined (the file is
   * read): a debug session runs the text a Test Explorer run would (the extension passes it).
   */
  readonly unsavedText?: (file: string) => string | undefined;
}

export class ScansionDebugAdapter extends DebugSession {
  private run: DebugRun | undefined;
  private program: string | undefined;
  private programDoc: SpecDocument | undefined;
  /** Resolved action lines per spec file, set before or during the run. */
  private readonly breakpointLines = new Map<string, Set<number>>();
  private variableHandles = new Handles<readonly VariableNode[]>();
  private clientRefreshesViews = false;
  private readonly configured: Promise<void>;
  private markConfigured: () => void = () => {};

  constructor(private readonly options: ScansionDebugAdapterOptions = {}) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(false);
    this.configured = new Promise((resolve) => { this.markConfigured = resolve; });
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientRefreshesViews = args.supportsInvalidatedEvent === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsEvaluateForHovers: true,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      supportTerminateDebuggee: true,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    const requested = (args.breakpoints?.map((breakpoint) => breakpoint.line) ?? args.lines ?? []).map((line) => this.convertClientLineToDebugger(line));
    const file = args.source.path === undefined ? undefined : path.resolve(args.source.path);
    const doc = file === undefined ? undefined : file === this.program ? this.programDoc : await this.readSpec(file);
    if (file === undefined || doc === undefined) {
      response.body = { breakpoints: requested.map(() => ({ verified: false, message: "Not a spec file this debugger can read." })) };
      this.sendResponse(response);
      return;
    }
    const placements = placeBreakpoints(doc, requested);
    const lines = stoppingLines(placements);
    this.breakpointLines.set(file, lines);
    if (file === this.program) this.run?.setBreakpoints(lines);
    const source = new Source(path.basename(file), file);
    response.body = {
      breakpoints: placements.map((placement): DebugProtocol.Breakpoint => {
        const breakpoint: DebugProtocol.Breakpoint = new Breakpoint(placement.verified, placement.line === undefined ? undefined : this.convertDebuggerLineToClient(placement.line), undefined, source);
        if (placement.message !== undefined) breakpoint.message = placement.message;
        return breakpoint;
      }),
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: ScansionLaunchArguments): Promise<void> {
    const launch = readLaunchArguments(args, this.options.workingDirectory);
    if ("error" in launch) return this.fail(response, launch.error);
    let text: string;
    try {
      text = await this.specText(launch.program);
    } catch (error) {
      return this.fail(response, `Cannot read ${launch.program}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const doc = parseSpec(text);
    const syntaxError = doc.problems.find((problem) => problem.severity === "error");
    if (syntaxError) return this.fail(response, `${path.basename(launch.program)} line ${syntaxError.range.start.line + 1}: ${syntaxError.message}`);
    await this.configured;
    this.program = launch.program;
    this.programDoc = doc;
    const spec = { file: launch.program, name: specName(doc, launch.program) };
    this.run = new DebugRun(doc, spec, launch.settings, {
      stopped: (reason) => this.onStopped(reason),
      transcript: (entry) => this.onTranscript(entry),
      ended: (result) => this.onEnded(result),
      internalError: (message) => this.sendEvent(new OutputEvent(`scansion debugger: ${message}\n`, "stderr")),
    }, this.options.connector);
    this.run.setBreakpoints(this.breakpointLines.get(launch.program) ?? new Set());
    this.sendResponse(response);
    this.run.start(launch.stopOnEntry);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(SPEC_THREAD_ID, "spec")] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const step = this.run?.currentStep;
    if (!step || !this.program) {
      response.body = { stackFrames: [], totalFrames: 0 };
      this.sendResponse(response);
      return;
    }
    // On a failure, point at the expected node the difference is about.
    const failure = this.run?.failure;
    const at = failure && failure.line === step.line ? failure.range.start : step.range.start;
    const frame = new StackFrame(FRAME_ID, step.title, new Source(path.basename(this.program), this.program), this.convertDebuggerLineToClient(at.line + 1), this.convertDebuggerColumnToClient(at.character));
    response.body = { stackFrames: [frame], totalFrames: 1 };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    const run = this.run;
    response.body = {
      scopes: run
        ? [
          new Scope("Clients", this.variableHandles.create(clientVariables(run.clients(), run.traffic)), false),
          new Scope("Captures", this.variableHandles.create(captureVariables(run.captures())), false),
        ]
        : [],
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const nodes = this.variableHandles.get(args.variablesReference, []);
    response.body = { variables: nodes.map((node) => this.toVariable(node)) };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.run?.resume("continue");
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.sendResponse(response);
    this.run?.resume("step");
  }

  /** An action has nothing to step into or out of: both run one action, like next. */
  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sendResponse(response);
    this.run?.resume("step");
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sendResponse(response);
    this.run?.resume("step");
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    this.run?.pause();
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const failure = this.run?.failure;
    if (!failure) return this.fail(response, "The spec has not failed.");
    response.body = {
      exceptionId: failure.difference !== undefined ? "stanza mismatch" : "step failed",
      description: failure.difference ?? failure.message,
      breakMode: "always",
      details: { message: failure.message, typeName: failure.action, stackTrace: failureDetails(failure) },
    };
    this.sendResponse(response);
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    const run = this.run;
    if (!run) return this.fail(response, "No spec is being debugged.");
    const outcome = await runConsoleCommand(run, args.expression, args.context ?? "repl");
    if ("error" in outcome) return this.fail(response, outcome.error);
    const children = outcome.children;
    response.body = { result: outcome.value, variablesReference: children && children.length > 0 ? this.variableHandles.create(children) : 0 };
    this.sendResponse(response);
    if (outcome.changedState && this.clientRefreshesViews) this.sendEvent(new InvalidatedEvent(["variables"]));
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.run?.terminate();
    this.sendResponse(response);
    this.shutdown(); // ends a standalone adapter's process; nothing in VS Code or in server mode
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.run?.terminate();
    this.sendResponse(response);
  }

  /** The adapter is going away (stdin closed, SIGTERM, VS Code disposing it): close every connection first. */
  override shutdown(): void {
    void (this.run?.terminate() ?? Promise.resolve()).finally(() => super.shutdown());
  }

  override dispose(): void {
    void this.run?.terminate();
    super.dispose();
  }

  private onStopped(reason: StopReason): void {
    this.variableHandles.reset();
    const failure = reason === "exception" ? this.run?.failure : undefined;
    if (failure) this.sendEvent(new OutputEvent(`${failure.action} failed (line ${failure.line}): ${failure.message}\n`, "stderr"));
    this.sendEvent(new StoppedEvent(reason, SPEC_THREAD_ID, failure ? (failure.difference ?? failure.message) : undefined));
  }

  private onTranscript(entry: TranscriptEntry): void {
    const arrow = entry.direction === "sent" ? "→ " : entry.direction === "received" ? "← " : "";
    const event: DebugProtocol.OutputEvent = new OutputEvent(`${entry.client}: ${arrow}${entry.text}\n`, entry.direction === "note" ? "console" : "stdout");
    if (entry.line !== undefined && this.program) {
      event.body.source = new Source(path.basename(this.program), this.program);
      event.body.line = this.convertDebuggerLineToClient(entry.line);
    }
    this.sendEvent(event);
  }

  private onEnded(result: SpecResult): void {
    const verdict = result.status === "passed" ? "passed" : result.status === "failed" ? "failed" : "did not run to the end";
    this.sendEvent(new OutputEvent(`${result.spec.name}: ${verdict}${result.failure ? ` (${result.failure.message})` : ""}\n`, result.status === "passed" ? "console" : "stderr"));
    // The whole result for the extension (Test Explorer: the same failure display as a run).
    this.sendEvent(new Event(SPEC_RESULT_EVENT, result));
    this.sendEvent(new ExitedEvent(result.status === "passed" ? 0 : 1));
    this.sendEvent(new TerminatedEvent());
  }

  private toVariable(node: VariableNode): DebugProtocol.Variable {
    const variable: DebugProtocol.Variable = {
      name: node.name,
      value: node.value,
      variablesReference: node.children && node.children.length > 0 ? this.variableHandles.create(node.children) : 0,
    };
    if (node.evaluateName !== undefined) variable.evaluateName = node.evaluateName;
    return variable;
  }

  /** What a run of `file` reads: the editor's unsaved text, else the file. */
  private async specText(file: string): Promise<string> {
    return this.options.unsavedText?.(file) ?? await readFile(file, "utf8");
  }

  /** A spec file's tree, or undefined when it cannot be read. */
  private async readSpec(file: string): Promise<SpecDocument | undefined> {
    try {
      return parseSpec(await this.specText(file));
    } catch {
      return undefined;
    }
  }

  /** An error response whose message is shown as is (a `{...}` in it is not a format placeholder). */
  private fail(response: DebugProtocol.Response, message: string): void {
    response.success = false;
    response.message = message;
    this.sendResponse(response);
  }
}
