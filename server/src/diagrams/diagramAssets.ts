/**
 * The style and the script every page showing sequence diagrams embeds once: the HTML
 * report and the VS Code webview. No network: nothing here loads anything.
 *
 * Colours follow VS Code's theme variables inside a webview and the reader's light or
 * dark preference elsewhere. The script opens an arrow's stanza on click, Enter or Space,
 * moves between arrows with the arrow keys, tells its page which arrow was chosen (an
 * `sd-select` event carrying the spec line) and marks the rows of a line it is told to
 * (`{ type: "sd-highlight", line }` posted to the window: the debugger's current step).
 */

export const DIAGRAM_STYLE = `
:root { --sd-fg: #1f2328; --sd-muted: #59636e; --sd-bg: #ffffff; --sd-panel: #f6f8fa; --sd-line: #d1d9e0;
  --sd-sent: #0969da; --sd-received: #8250df; --sd-fail: #cf222e; --sd-pass: #1a7f37; --sd-focus: #bf8700; --sd-current: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --sd-fg: #e6edf3; --sd-muted: #9198a1; --sd-bg: #0d1117; --sd-panel: #151b23; --sd-line: #3d444d;
    --sd-sent: #4493f8; --sd-received: #ab7df8; --sd-fail: #f85149; --sd-pass: #3fb950; --sd-focus: #d29922; --sd-current: #3b2e00; }
}
.sd { --fg: var(--vscode-editor-foreground, var(--sd-fg)); --muted: var(--vscode-descriptionForeground, var(--sd-muted));
  --bg: var(--vscode-editor-background, var(--sd-bg)); --panel: var(--vscode-sideBar-background, var(--sd-panel));
  --rule: var(--vscode-panel-border, var(--sd-line)); --sent: var(--vscode-charts-blue, var(--sd-sent));
  --received: var(--vscode-charts-purple, var(--sd-received)); --fail: var(--vscode-errorForeground, var(--sd-fail));
  --pass: var(--vscode-testing-iconPassed, var(--sd-pass)); --focus: var(--vscode-focusBorder, var(--sd-focus));
  --current: var(--vscode-editor-rangeHighlightBackground, var(--sd-current));
  color: var(--fg); font: 13px/1.4 var(--vscode-font-family, system-ui, sans-serif); }
.sd-caption { margin: 4px 0 6px; }
.sd-flow { font-weight: 600; }
.sd-flow.sd-failed, .sd-flow.sd-error { color: var(--fail); }
.sd-flow.sd-passed { color: var(--pass); }
.sd-hint { color: var(--muted); font-size: 12px; }
.sd-body { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 12px; }
.sd-scroll { flex: none; }
.sd-heads { position: sticky; top: 0; z-index: 1; display: block; background: var(--bg); }
.sd-svg { display: block; font: 12px var(--vscode-editor-font-family, ui-monospace, monospace); }
.sd-head rect { fill: var(--panel); stroke: var(--rule); }
.sd-head text { fill: var(--fg); font-weight: 600; font-size: 12px; }
.sd-server rect { stroke: var(--muted); stroke-dasharray: 4 2; }
.sd-lifeline { stroke: var(--rule); stroke-dasharray: 3 3; }
.sd-hit { fill: transparent; }
.sd-x { cursor: pointer; outline: none; }
.sd-x:hover .sd-hit { fill: var(--panel); }
.sd-x:focus-visible .sd-hit, .sd-x.sd-selected .sd-hit { fill: var(--panel); stroke: var(--focus); stroke-width: 1.5; }
.sd-x.sd-current .sd-hit { fill: var(--current); stroke: var(--focus); stroke-width: 2; }
.sd-time, .sd-line { fill: var(--muted); font-size: 11px; }
.sd-label { fill: var(--fg); paint-order: stroke; stroke: var(--bg); stroke-width: 4px; stroke-linejoin: round; }
.sd-badge { fill: var(--muted); font-style: italic; }
.sd-arrow { stroke-width: 1.6; }
.sd-sent .sd-arrow { stroke: var(--sent); } .sd-sent .sd-head-arrow { fill: var(--sent); }
.sd-received .sd-arrow { stroke: var(--received); } .sd-received .sd-head-arrow { fill: var(--received); }
.sd-missing .sd-arrow { stroke: var(--fail); stroke-dasharray: 6 4; stroke-width: 2; } .sd-missing .sd-head-arrow { fill: var(--fail); }
.sd-missing .sd-label { fill: var(--fail); font-weight: 600; }
.sd-dot { fill: var(--muted); }
.sd-note { fill: var(--muted); font-style: italic; paint-order: stroke; stroke: var(--bg); stroke-width: 4px; }
.sd-failed .sd-dot { fill: var(--fail); } .sd-failed .sd-note { fill: var(--fail); font-weight: 600; font-style: normal; }
.sd-difference { fill: var(--fail); font-size: 12px; paint-order: stroke; stroke: var(--bg); stroke-width: 4px; }
.sd-details { position: sticky; top: 0; flex: 1 1 260px; min-width: 240px; max-width: 640px; max-height: 90vh; overflow: auto;
  background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; }
.sd-details h4 { margin: 4px 0; font-size: 13px; }
.sd-placeholder, .sd-facts, .sd-empty { color: var(--muted); margin: 4px 0; }
.sd-detail-failure { color: var(--fail); font-weight: 600; }
.sd-values { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; font-size: 12px; }
.sd-values dt { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); color: var(--muted); }
.sd-values dd { margin: 0; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); word-break: break-all; }
.sd-xml { margin: 6px 0; padding: 8px; background: var(--bg); border: 1px solid var(--rule); border-radius: 4px; overflow: auto;
  tab-size: 2; font: 12px/1.45 var(--vscode-editor-font-family, ui-monospace, monospace); white-space: pre; }
`;

export const DIAGRAM_SCRIPT = `
(() => {
  const rows = (diagram) => [...diagram.querySelectorAll(".sd-x")];
  function select(row, focus) {
    const diagram = row.closest(".sd");
    for (const other of diagram.querySelectorAll(".sd-x.sd-selected")) other.classList.remove("sd-selected");
    row.classList.add("sd-selected");
    for (const detail of diagram.querySelectorAll(".sd-detail")) detail.hidden = detail.dataset.i !== row.dataset.i;
    const placeholder = diagram.querySelector(".sd-placeholder");
    if (placeholder) placeholder.hidden = true;
    if (focus) row.focus();
    const line = row.dataset.line === undefined ? undefined : Number(row.dataset.line);
    diagram.dispatchEvent(new CustomEvent("sd-select", { bubbles: true, detail: { line, index: Number(row.dataset.i) } }));
  }
  document.addEventListener("click", (event) => {
    const row = event.target instanceof Element ? event.target.closest(".sd-x") : null;
    if (row) select(row, true);
  });
  document.addEventListener("keydown", (event) => {
    const row = event.target instanceof Element ? event.target.closest(".sd-x") : null;
    if (!row) return;
    const all = rows(row.closest(".sd"));
    const at = all.indexOf(row);
    const go = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(row, false); }
    else if (go !== undefined && all[go]) { event.preventDefault(); all[go].focus(); all[go].scrollIntoView({ block: "nearest" }); }
  });
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "sd-highlight") return;
    let first;
    for (const row of document.querySelectorAll(".sd-x")) {
      const current = data.line !== undefined && row.dataset.line === String(data.line);
      row.classList.toggle("sd-current", current);
      if (current && !first) first = row;
    }
    if (first) first.scrollIntoView({ block: "center" });
  });
})();
`;
