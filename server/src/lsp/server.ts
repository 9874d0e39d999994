/**
 * Wires the editor features to an LSP connection. It stays thin: every
 * request is "find the tree, call the feature's pure function, answer".
 */
import {
  TextDocuments,
  TextDocumentSyncKind,
  ResponseError,
  ErrorCodes,
  type Connection,
  type InitializeResult,
  type TextDocumentPositionParams,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ParsedDocuments } from "./parsedDocuments";
import { DEFAULT_SERVER_SETTINGS, SETTINGS_SECTION, type ServerSettings } from "../features/featureSettings";
import { readServerSettings } from "./settings";
import { computeDiagnostics } from "../features/diagnostics";
import { completionsAt, COMPLETION_TRIGGER_CHARACTERS } from "../features/completion";
import { hoverAt } from "../features/hover";
import { definitionAt } from "../features/definition";
import { referencesAt } from "../features/references";
import { isRenameRefusal, prepareRename, renameClient } from "../features/rename";
import { documentSymbols } from "../features/documentSymbols";
import { foldingRanges } from "../features/foldingRanges";
import { semanticTokens, semanticTokensLegend } from "../features/semanticTokens";
import { formatDocument } from "../features/formatting";
import { CLOSING_TAG_REQUEST, closingTagAt, linkedTagNamesAt } from "../features/tagEditing";
import { schemaQuickFixes } from "../features/schemaFixes";

export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const trees = new ParsedDocuments();
  let settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  let canPullConfiguration = false;
  /** Diagnostics wait for this, so none are computed with defaults the user has overridden. */
  let settingsLoaded: Promise<void> = Promise.resolve();

  const withTree = <T>(uri: string, fallback: T, feature: (tree: ReturnType<ParsedDocuments["treeOf"]>) => T): T => {
    const document = documents.get(uri);
    return document ? feature(trees.treeOf(document)) : fallback;
  };

  const publishDiagnostics = (document: TextDocument) => {
    if (documents.get(document.uri) !== document) return; // closed while settings were loading
    const diagnostics = computeDiagnostics(trees.treeOf(document), settings.diagnostics);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  };

  const pullSettings = async () => {
    if (!canPullConfiguration) return;
    try {
      settings = readServerSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION));
    } catch {
      // A client that cannot answer keeps the settings we have; diagnostics must not stop.
    }
  };

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [...COMPLETION_TRIGGER_CHARACTERS] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: "Scansion" },
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: semanticTokensLegend(), full: true, range: true },
        documentFormattingProvider: true,
        linkedEditingRangeProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
      },
      serverInfo: { name: "scansion-language-server" },
    };
  });
  connection.onInitialized(() => {
    settingsLoaded = pullSettings();
  });
  connection.onDidChangeConfiguration((change) => {
    if (!canPullConfiguration) {
      const section = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
      settings = readServerSettings(section);
    }
    settingsLoaded = pullSettings().then(() => documents.all().forEach(publishDiagnostics));
  });

  documents.onDidChangeContent((change) => void settingsLoaded.then(() => publishDiagnostics(change.document)));
  documents.onDidClose((event) => {
    trees.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params) => withTree(params.textDocument.uri, [], (tree) => completionsAt(tree, params.position)));
  connection.onHover((params) => withTree(params.textDocument.uri, null, (tree) => hoverAt(tree, params.position) ?? null));
  connection.onDefinition((params) => withTree(params.textDocument.uri, [], (tree) => definitionAt(tree, params.position, params.textDocument.uri)));
  connection.onReferences((params) =>
    withTree(params.textDocument.uri, [], (tree) => referencesAt(tree, params.position, params.textDocument.uri, params.context.includeDeclaration)),
  );
  connection.onPrepareRename((params) =>
    withTree(params.textDocument.uri, null, (tree) => {
      const prepared = prepareRename(tree, params.position);
      if (isRenameRefusal(prepared)) throw new ResponseError(ErrorCodes.InvalidRequest, prepared.error);
      return prepared;
    }),
  );
  connection.onRenameRequest((params) =>
    withTree(params.textDocument.uri, null, (tree) => {
      const edit = renameClient(tree, params.position, params.newName, params.textDocument.uri);
      if (isRenameRefusal(edit)) throw new ResponseError(ErrorCodes.InvalidRequest, edit.error);
      return edit;
    }),
  );
  connection.onDocumentSymbol((params) => withTree(params.textDocument.uri, [], documentSymbols));
  connection.onFoldingRanges((params) => withTree(params.textDocument.uri, [], foldingRanges));
  connection.languages.semanticTokens.on((params) => withTree(params.textDocument.uri, { data: [] }, (tree) => semanticTokens(tree)));
  connection.languages.semanticTokens.onRange((params) =>
    withTree(params.textDocument.uri, { data: [] }, (tree) => semanticTokens(tree, params.range)),
  );
  connection.onDocumentFormatting((params) =>
    withTree(params.textDocument.uri, [], (tree) => formatDocument(tree, params.options, settings.format.indent)),
  );
  connection.languages.onLinkedEditingRange((params) =>
    withTree(params.textDocument.uri, null, (tree) => linkedTagNamesAt(tree, params.position) ?? null),
  );
  connection.onRequest(CLOSING_TAG_REQUEST, (params: TextDocumentPositionParams) =>
    withTree(params.textDocument.uri, null, (tree) => closingTagAt(tree, params.position) ?? null),
  );

  // The fix travels in the diagnostic itself, so no tree is needed.
  connection.onCodeAction((params) => schemaQuickFixes(params.textDocument.uri, params.context.diagnostics));

  documents.listen(connection);
  connection.listen();
}
