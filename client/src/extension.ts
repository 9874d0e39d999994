/**
 * The extension's entry point. It stays thin: it registers the editor-side
 * features and starts the language server (which knows the scansion language).
 *
 * Activation only registers; whatever takes time to load (the language client,
 * the parser, the runner, the debug adapter) comes from bundles of its own,
 * loaded when first needed (scripts/build.mjs, docs/PERFORMANCE.md).
 */
import { performance } from "node:perf_hooks";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { aboutLine } from "./about";
import { runSettingsFor, startsProsody } from "./targets/targets";
import { activateDebugging } from "./debugging/debugFeatures";
import { registerFailureFixes } from "./fixes/codeActions";
import { registerRecordCommand } from "./recording/recordCommand";
import { registerSequenceDiagrams } from "./diagrams/sequenceDiagramPanel";
import { activateSpecRuns, type SpecRunFeatures } from "./testExplorer/specRunFeatures";

let languageClient: Promise<LanguageClient | undefined> | undefined;
let specRuns: SpecRunFeatures | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel("Scansion", { log: true });
  context.subscriptions.push(output);
  output.info(aboutLine({
    id: context.extension.id,
    version: String((context.extension.packageJSON as { version?: unknown }).version),
    vscodeVersion: vscode.version,
    nodeVersion: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
  }));
  const fixes = registerFailureFixes(context);
  specRuns = activateSpecRuns(context, output, fixes);
  const targets = specRuns.targets;
  activateDebugging(context, targets, fixes);
  registerSequenceDiagrams(context, fixes);
  context.subscriptions.push(registerRecordCommand(context, {
    currentRunSettings: () => {
      const target = targets.current;
      // Its server exists only during a Test Explorer run: without this, clients would go to whatever answers on localhost:5222.
      if (startsProsody(target)) throw new Error(`the current target "${target.name}" starts its Prosody only for Test Explorer runs; choose a target with a host and port (Scansion: Select server target) to record against`);
      return runSettingsFor(target, targets.targets);
    },
    log: output,
  }));
  // The client starts on the next turn of the event loop, so VS Code is not kept waiting while it loads.
  languageClient = new Promise<void>((resolve) => setImmediate(resolve))
    .then(async () => {
      const loadStartedAt = performance.now();
      const { startLanguageClient } = await import("./languageServerClient");
      return startLanguageClient(context, output, loadStartedAt);
    })
    .catch((error: unknown) => {
      output.error(`The scansion language client could not be loaded: ${String(error)}`);
      return undefined;
    });
}

export async function deactivate(): Promise<void> {
  await specRuns?.stopServers();
  specRuns = undefined;
  const client = await languageClient;
  languageClient = undefined;
  await client?.stop();
}
