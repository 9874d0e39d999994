/**
 * Debugs one spec as part of a Test Explorer run (the Debug profile, the
 * "Debug spec" lens): starts a `scansion` debug session bound to the TestRun
 * and resolves with the SpecResult the adapter sends when the run ends, so
 * the result is shown exactly as a normal run's (specRuns.ts).
 */
import * as vscode from "vscode";
import { SPEC_RESULT_EVENT } from "@server/debug/customEvents";
import type { SpecResult } from "@server/runner/specResult";
import type { ServerTarget, TargetList } from "../targets/targets";
import { debuggedTexts } from "./debuggedTexts";
import { launchConfigurationFor } from "./launchConfiguration";

/** Marks the configuration, so the session started for this spec is recognised among others. */
const SESSION_MARK = "scansionTestRunSession";
let sessionsStarted = 0;

/** Whether the Test Explorer started this session (its result is reported through the TestRun). */
export function isTestRunSession(session: vscode.DebugSession): boolean {
  return session.configuration[SESSION_MARK] !== undefined;
}

export type DebuggedSpec =
  /** `ranVersion`: the version of the spec's document whose text ran (undefined: it was not open). */
  | { readonly kind: "ended"; readonly result: SpecResult; readonly ranVersion: number | undefined }
  /** The session ended without a result: stopped by the person, or the adapter failed to launch. */
  | { readonly kind: "stopped" }
  | { readonly kind: "not-started"; readonly why: string };

export async function debugSpecInTestRun(item: vscode.TestItem, run: vscode.TestRun, target: ServerTarget, targets: TargetList, signal: AbortSignal): Promise<DebuggedSpec> {
  const uri = item.uri!;
  const mark = `${process.pid}-${++sessionsStarted}`;
  const configuration = { ...launchConfigurationFor(uri.fsPath, item.label, target, targets), [SESSION_MARK]: mark };
  const isOurs = (session: vscode.DebugSession) => session.configuration[SESSION_MARK] === mark;

  let session: vscode.DebugSession | undefined;
  let result: SpecResult | undefined;
  let ranVersion: number | undefined;
  const subscriptions: vscode.Disposable[] = [];
  const ended = new Promise<void>((resolve) => {
    subscriptions.push(
      vscode.debug.onDidStartDebugSession((started) => {
        if (!isOurs(started)) return;
        session = started;
        if (signal.aborted) void vscode.debug.stopDebugging(started);
      }),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
        if (!isOurs(event.session) || event.event !== SPEC_RESULT_EVENT) return;
        result = event.body as SpecResult;
        ranVersion = debuggedTexts.versionRead(event.session, result.spec.file);
      }),
      vscode.debug.onDidTerminateDebugSession((terminated) => {
        if (isOurs(terminated)) resolve();
      }),
    );
  });
  const onAbort = () => session && void vscode.debug.stopDebugging(session);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const started = await vscode.debug.startDebugging(folder, configuration, { testRun: run });
    if (!started) return { kind: "not-started", why: "the debug session did not start (see the Debug Console)" };
    await ended;
    return result ? { kind: "ended", result, ranVersion } : { kind: "stopped" };
  } finally {
    signal.removeEventListener("abort", onAbort);
    for (const subscription of subscriptions) subscription.dispose();
  }
}
