/**
 * Wires the scansion debug adapter into VS Code: the adapter itself runs
 * inline in the extension host (server/src/debug/debugAdapter.ts, loaded from its
 * own bundle on the first session), launch.json configurations are completed
 * from the active spec and the current server target, and `${…}` under the
 * mouse is evaluated whole while paused. A debugged spec's failure offers
 * the same quick fixes as a run's.
 *
 * The Test Explorer's Debug profile and the "Debug spec" lens start sessions
 * through debugSpecRun.ts.
 */
import * as vscode from "vscode";
import { SPEC_RESULT_EVENT } from "@server/debug/customEvents";
import type { SpecResult } from "@server/runner/specResult";
import type { FailureFixes } from "../fixes/codeActions";
import type { TargetSource } from "../targets/targetSelection";
import { debuggedTexts } from "./debuggedTexts";
import { isTestRunSession } from "./debugSpecRun";
import { variableExpressionAt } from "./evaluatableVariables";
import { completeLaunchConfiguration, DEBUG_TYPE, initialConfigurations } from "./launchConfiguration";

const RESTRICTED_MODE_MESSAGE = "Debugging specs is off in Restricted Mode: a debug session connects to XMPP servers. Trust this workspace to debug specs.";

export function activateDebugging(context: vscode.ExtensionContext, targets: TargetSource, fixes: FailureFixes): void {
  context.subscriptions.push(
    // Sessions from launch.json: a failure's quick fixes are offered however the spec was debugged
    // (the Test Explorer's sessions are reported, fixes included, through their TestRun).
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
      if (event.session.type !== DEBUG_TYPE || event.event !== SPEC_RESULT_EVENT || isTestRunSession(event.session)) return;
      const result = event.body as SpecResult;
      fixes.rememberFile(vscode.Uri.file(result.spec.file), result, debuggedTexts.versionRead(event.session, result.spec.file));
    }),
    vscode.debug.onDidTerminateDebugSession((session) => debuggedTexts.forget(session)),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new LaunchConfigurationCompleter(targets)),
    vscode.languages.registerEvaluatableExpressionProvider({ language: "scansion" }, {
      provideEvaluatableExpression(document, position) {
        const found = variableExpressionAt(document.lineAt(position.line).text, position.character);
        return found && new vscode.EvaluatableExpression(new vscode.Range(position.line, found.start, position.line, found.end), found.expression);
      },
    }),
  );
}

class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    const { ScansionDebugAdapter } = await import("@server/debug/debugAdapter");
    const workingDirectory = session.workspaceFolder?.uri.fsPath;
    const adapter = new ScansionDebugAdapter({
      ...(workingDirectory === undefined ? {} : { workingDirectory }),
      unsavedText: (file) => debuggedTexts.read(session, file),
    });
    // @vscode/debugadapter's session speaks VS Code's inline adapter interface (handleMessage, onDidSendMessage).
    return new vscode.DebugAdapterInlineImplementation(adapter as unknown as vscode.DebugAdapter);
  }
}

class LaunchConfigurationCompleter implements vscode.DebugConfigurationProvider {
  constructor(private readonly targets: TargetSource) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return initialConfigurations();
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, written: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(RESTRICTED_MODE_MESSAGE);
      return undefined;
    }
    const editor = vscode.window.activeTextEditor;
    const activeSpec = editor?.document.languageId === "scansion" && editor.document.uri.scheme === "file" ? editor.document.uri.fsPath : undefined;
    const completed = completeLaunchConfiguration(written, activeSpec, this.targets.current, this.targets.targets);
    if ("error" in completed) {
      void vscode.window.showErrorMessage(completed.error);
      return undefined; // Abort the launch; the message says why.
    }
    return { ...completed.configuration };
  }
}
