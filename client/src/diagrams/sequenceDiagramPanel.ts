/**
 * "Scansion: Show Sequence Diagram": a webview beside the spec that draws its conversation.
 * The expected flow from the text, redrawn as it is edited; after a run or a debug session
 * of the spec (while the text is still the one that ran) the actual flow, the failure marked.
 * Choosing an arrow reveals its line; while the spec is debugged, the rows of the current
 * step are highlighted and follow each step (a debug adapter tracker reads the stack trace
 * VS Code asks for at every stop).
 *
 * Registered at activation; the page itself (parser, diagram) loads on first use
 * (diagramPage.ts, a bundle of its own).
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { SpecResult } from "@server/runner/specResult";
import type { ArrivedResult, FailureFixes } from "../fixes/codeActions";

export const SHOW_SEQUENCE_DIAGRAM = "scansion.showSequenceDiagram";
const VIEW_TYPE = "scansion.sequenceDiagram";
const REDRAW_DELAY_MS = 250;

let pageModule: Promise<typeof import("./diagramPage")> | undefined;

export function registerSequenceDiagrams(context: vscode.ExtensionContext, fixes: FailureFixes): void {
  const diagrams = new SequenceDiagrams();
  context.subscriptions.push(
    diagrams,
    vscode.commands.registerCommand(SHOW_SEQUENCE_DIAGRAM, (uri?: vscode.Uri) => diagrams.show(uri)),
    fixes.onDidReceiveResult((arrived) => diagrams.resultArrived(arrived)),
    vscode.debug.registerDebugAdapterTrackerFactory("scansion", { createDebugAdapterTracker: () => diagrams.stepTracker() }),
  );
}

interface LatestResult {
  readonly result: SpecResult;
  readonly version: number | undefined;
}

class SequenceDiagrams implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private readonly latest = new Map<string, LatestResult>();
  private currentLine: number | undefined;
  private redrawTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === this.document && event.contentChanges.length > 0) this.redrawSoon();
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (this.panel && editor?.document.languageId === "scansion" && editor.document !== this.document) {
        this.document = editor.document;
        void this.redraw();
      }
    }),
  ];

  async show(uri: vscode.Uri | undefined): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document || document.languageId !== "scansion") {
      void vscode.window.showInformationMessage("Open a scansion spec (.scs) to see its sequence diagram.");
      return;
    }
    this.document = document;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, "Sequence Diagram", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => { this.panel = undefined; });
      this.panel.webview.onDidReceiveMessage((message: { type?: string; line?: unknown }) => {
        if (message.type === "reveal" && typeof message.line === "number") void this.reveal(message.line);
      });
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    await this.redraw();
  }

  resultArrived({ uri, result, version }: ArrivedResult): void {
    this.latest.set(uri.toString(), { result, version });
    if (this.document?.uri.toString() === uri.toString()) void this.redraw();
  }

  /** Follows a debug session: VS Code asks for the stack at every stop; its top frame is the current step. */
  stepTracker(): vscode.DebugAdapterTracker {
    return {
      onDidSendMessage: (message: { type?: string; command?: string; event?: string; body?: { stackFrames?: { line: number; source?: { path?: string } }[] } }) => {
        if (message.type === "response" && message.command === "stackTrace") {
          const frame = message.body?.stackFrames?.[0];
          if (frame && frame.source?.path === this.document?.uri.fsPath) this.highlight(frame.line);
        } else if (message.type === "event" && message.event === "terminated") {
          this.highlight(undefined);
        }
      },
      onWillStopSession: () => this.highlight(undefined),
    };
  }

  private highlight(line: number | undefined): void {
    this.currentLine = line;
    void this.panel?.webview.postMessage({ type: "sd-highlight", line });
  }

  private redrawSoon(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => void this.redraw(), REDRAW_DELAY_MS);
  }

  private async redraw(): Promise<void> {
    const { panel, document } = this;
    if (!panel || !document) return;
    const { diagramPage } = await (pageModule ??= import("./diagramPage"));
    const latest = this.latest.get(document.uri.toString());
    // A result belongs to the text that ran: after an edit the text's own flow is drawn again.
    const result = latest && latest.version === document.version ? latest.result : undefined;
    const fileName = document.uri.path.split("/").at(-1) ?? "spec";
    panel.title = `Sequence: ${fileName}`;
    panel.webview.html = diagramPage({ text: document.getText(), fileName, nonce: randomBytes(16).toString("base64"), ...(result ? { result } : {}), ...(this.currentLine !== undefined ? { currentLine: this.currentLine } : {}) });
  }

  private async reveal(line: number): Promise<void> {
    const document = this.document;
    if (!document) return;
    const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.redrawTimer);
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
