/**
 * A language client for tests and benchmarks: a JSON-RPC client speaking the
 * real protocol to the real server, either in this process (startLanguageServer
 * joined by in-memory streams) or spawned (see spawnedServer.ts).
 *
 * Waiting is always for an event (a notification or a response), with a
 * deadline so that a missing notification fails the test instead of hanging it.
 */
import { PassThrough } from "node:stream";
import {
  createConnection,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ConfigurationParams,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver/node";
import { startLanguageServer } from "@server/lsp/server";

export const DEFAULT_WAIT_MS = 5000;

export interface LspSessionOptions {
  /** What the client answers for the `scansion` section (workspace/configuration) or pushes. */
  readonly settings?: unknown;
  /** Advertise workspace/configuration (as VS Code does); false: settings are only pushed. Default true. */
  readonly pullConfiguration?: boolean;
}

export interface LspTestSession {
  readonly client: ProtocolConnection;
  readonly initializeResult: InitializeResult;
  /** Resolves with the next diagnostics published for `uri` (for `version` when given); rejects after `waitMs`. */
  nextDiagnostics(uri: string, version?: number, waitMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  closeDocument(uri: string): void;
  /** Changes what the client's settings are and tells the server (workspace/didChangeConfiguration). */
  changeConfiguration(settings: unknown): void;
  /** shutdown, then ends the connection (in-memory) or sends exit (spawned). */
  close(): Promise<void>;
}

/** Initializes `client` as a test client and returns the session; `end` runs after shutdown. */
export async function initializeTestClient(
  client: ProtocolConnection,
  options: LspSessionOptions,
  end: () => Promise<void> | void,
): Promise<LspTestSession> {
  let settings: unknown = options.settings ?? {};
  const pull = options.pullConfiguration ?? true;

  const waiting: { uri: string; version?: number; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  const published: PublishDiagnosticsParams[] = [];
  const matches = (params: PublishDiagnosticsParams, uri: string, version?: number) =>
    params.uri === uri && (version === undefined || params.version === version);

  client.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const index = waiting.findIndex((w) => matches(params, w.uri, w.version));
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(params);
    else published.push(params);
  });
  client.onRequest("workspace/configuration", (params: ConfigurationParams) => params.items.map(() => settings));
  client.listen();

  const initializeResult = await client.sendRequest(InitializeRequest.type, {
    // null: with a pid the server library polls that process every 3 s and keeps this one alive.
    processId: null,
    rootUri: null,
    capabilities: {
      workspace: { configuration: pull, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: { rename: { prepareSupport: true }, publishDiagnostics: { versionSupport: true } },
    },
  });
  await client.sendNotification(InitializedNotification.type, {});
  if (!pull && options.settings !== undefined) {
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { scansion: settings } });
  }

  return {
    client,
    initializeResult,
    nextDiagnostics(uri, version, waitMs = DEFAULT_WAIT_MS) {
      const index = published.findIndex((params) => matches(params, uri, version));
      if (index >= 0) return Promise.resolve(published.splice(index, 1)[0]!);
      return new Promise((resolve, reject) => {
        const entry = {
          uri,
          version,
          resolve: (params: PublishDiagnosticsParams) => {
            clearTimeout(deadline);
            resolve(params);
          },
        };
        const deadline = setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          reject(new Error(`no diagnostics for ${uri}${version === undefined ? "" : ` version ${version}`} within ${waitMs} ms`));
        }, waitMs);
        waiting.push(entry);
      });
    },
    open(uri, text, version = 1) {
      void client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "scansion", version, text } });
    },
    change(uri, version, changes) {
      void client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    },
    closeDocument(uri) {
      void client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    changeConfiguration(next) {
      settings = next;
      void client.sendNotification(DidChangeConfigurationNotification.type, { settings: pull ? null : { scansion: next } });
    },
    async close() {
      await client.sendRequest(ShutdownRequest.type);
      await end();
    },
  };
}

/** The real server in this process, joined to a test client by in-memory streams. */
export async function startLspTestSession(options: LspSessionOptions = {}): Promise<LspTestSession> {
  const clientToServer = new PassThrough();
  const serverToClient = new PassThrough();
  // Message readers, not raw streams: given streams, the server library exits the process when they end.
  const serverConnection = createConnection(new StreamMessageReader(clientToServer), new StreamMessageWriter(serverToClient));
  startLanguageServer(serverConnection);
  const client = createProtocolConnection(new StreamMessageReader(serverToClient), new StreamMessageWriter(clientToServer));
  // No exit notification here: the server library answers it with process.exit.
  return initializeTestClient(client, options, () => {
    client.dispose();
    serverConnection.dispose();
    clientToServer.destroy();
    serverToClient.destroy();
  });
}
