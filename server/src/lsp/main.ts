/**
 * Entry point of dist/server.js. VS Code starts it over IPC; other editors run
 * `node dist/server.js --stdio` (the transport is chosen from argv).
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startLanguageServer } from "./server";

startLanguageServer(createConnection(ProposedFeatures.all));
