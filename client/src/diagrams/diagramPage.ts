/**
 * The webview page of "Scansion: Show Sequence Diagram", loaded on the command's first use
 * (a bundle of its own, scripts/build.mjs): the spec's expected flow from its text, or the
 * actual flow of its latest run while the text is the one that ran. Pure: a string.
 */
import { parseSpec } from "@server/language/parser";
import type { SpecResult } from "@server/runner/specResult";
import { actualConversation, expectedConversation } from "@server/diagrams/conversation";
import { DIAGRAM_SCRIPT, DIAGRAM_STYLE } from "@server/diagrams/diagramAssets";
import { escapeHtml } from "@server/diagrams/htmlText";
import { renderSequenceDiagram } from "@server/diagrams/sequenceDiagram";

export interface DiagramPageInput {
  readonly text: string;
  readonly fileName: string;
  /** The latest run's result when it ran this very text; the expected flow otherwise. */
  readonly result?: SpecResult;
  /** The nonce that lets the page's inline script run under the webview's content security policy. */
  readonly nonce: string;
  /** 1-based line of the step a debug session stands at. */
  readonly currentLine?: number;
}

/** Tells the extension which arrow was chosen, so it reveals the arrow's line in the spec. */
function hostScript(currentLine: number | undefined): string {
  return `
(() => {
  const host = acquireVsCodeApi();
  document.addEventListener("sd-select", (event) => host.postMessage({ type: "reveal", line: event.detail.line }));
  const currentLine = ${JSON.stringify(currentLine ?? null)};
  if (currentLine !== null) window.postMessage({ type: "sd-highlight", line: currentLine }, "*");
})();
`;
}

export function diagramPage(input: DiagramPageInput): string {
  const doc = parseSpec(input.text);
  const conversation = input.result ? actualConversation(input.result, doc) : expectedConversation(doc, input.fileName);
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${input.nonce}'`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(conversation.title)}</title>
<style>${DIAGRAM_STYLE} body { padding: 8px 16px; } h2 { font-size: 15px; margin: 4px 0; }</style></head>
<body><h2 class="sd-title">${escapeHtml(conversation.title)}</h2>
${renderSequenceDiagram(conversation, { id: "diagram" })}
<script nonce="${input.nonce}">${DIAGRAM_SCRIPT}${hostScript(input.currentLine)}</script>
</body></html>`;
}
