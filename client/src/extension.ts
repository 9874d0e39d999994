/**
 * The extension's entry point. It stays thin: it starts the language server
 * (which knows the scansion language) and wires the editor-side features.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { activateSpecRuns, type SpecRunFeatures } from "./testing/specRunFeatures";

let client: LanguageClient | undefined;
let specRuns: SpecRunFeatures | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Scansion", { log: true });
  context.subscriptions.push(output);
  specRuns = activateSpecRuns(context, output);

  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    // A larger young generation keeps a fresh server's per-keystroke reparse out of GC (docs/PERFORMANCE.md).
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--max-semi-space-size=32"] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--max-semi-space-size=32", "--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "scansion" }],
    synchronize: { configurationSection: "scansion" },
    outputChannel: output,
  };
  client = new LanguageClient("scansion", "Scansion Language Server", serverOptions, clientOptions);
  // Starting is not awaited: activation stays fast and the client queues requests until the server is up.
  client.start().catch((error: unknown) => output.error(`The scansion language server did not start: ${String(error)}`));
}

export async function deactivate(): Promise<void> {
  await specRuns?.stopServers();
  specRuns = undefined;
  await client?.stop();
  client = undefined;
}
