/**
 * Starts the scansion language server (dist/server.js) and connects VS Code to
 * it. A bundle of its own (scripts/build.mjs): vscode-languageclient takes tens
 * of milliseconds to load, so extension.ts loads this right after activation.
 */
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { TagClosing } from "./editing/tagClosing";
import { SETTINGS_SECTION } from "./settings/settings";

/** A larger young generation keeps a fresh server's per-keystroke reparse out of GC (docs/PERFORMANCE.md). */
const SERVER_NODE_ARGUMENTS = ["--max-semi-space-size=32"];

/** Creates and starts the client; `loadStartedAt` (performance.now()) is when loading this module began, for the log. */
export function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, loadStartedAt: number): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_ARGUMENTS } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGUMENTS, "--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "scansion" }],
    // Changes to the section are sent to the language server, which reads it with server/src/lsp/settings.ts.
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: output,
    middleware: {
      // After the change is sent, so the server reads the text with the typed `>`.
      didChange: async (event, next) => {
        await next(event);
        tagClosing.afterChange(event);
      },
    },
  };
  const client = new LanguageClient("scansion", "Scansion Language Server", serverOptions, clientOptions);
  const tagClosing = new TagClosing(client);
  const loadedAt = performance.now();
  output.info(`Language client loaded in ${Math.round(loadedAt - loadStartedAt)} ms; starting the language server.`);
  client.start().then(
    () => output.info(`Language server ready ${Math.round(performance.now() - loadedAt)} ms after the client was loaded.`),
    (error: unknown) => output.error(`The scansion language server did not start: ${String(error)}`),
  );
  return client;
}
