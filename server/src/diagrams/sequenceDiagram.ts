/**
 * A conversation drawn as a sequence diagram: an HTML fragment holding an SVG (one
 * lifeline for the server, one per client, one row per exchange) and a panel that shows
 * the stanza of the selected arrow. Pure: a string from a `Conversation`; the page that
 * embeds it adds `DIAGRAM_STYLE` and `DIAGRAM_SCRIPT` once (diagramAssets.ts).
 *
 * Every row is a focusable `.sd-x` element carrying `data-i` (its index, which detail it
 * opens) and `data-line` (the spec line), so a host page can follow or reveal lines.
 */
import type { Conversation, Exchange } from "./conversation";
import { clip, escapeHtml, formatDuration } from "./htmlText";

const GUTTER = 118;
const COLUMN = 180;
const ROW = 30;
const FAILURE_ROW = 48;
const HEADER = 34;
const LABEL_MAX = 56;
const SERVER = "server";
const NOTE_MAX = 70;
/** Width of a character of the 12px monospace text, to cut what would run past the drawing. */
const CHARACTER = 7.3;
const fitting = (room: number): number => Math.max(12, Math.floor(room / CHARACTER));
const RIGHT_MARGIN = 24;

export interface DiagramOptions {
  /** Prefix of the element ids; unique per page when a page holds several diagrams. */
  readonly id: string;
}

export function renderSequenceDiagram(conversation: Conversation, options: DiagramOptions): string {
  const lifelines = [SERVER, ...conversation.clients];
  const last = lifelines.at(-1)!;
  const width = GUTTER + COLUMN * lifelines.length + RIGHT_MARGIN;
  const xOf = (client: string): number => {
    const index = lifelines.indexOf(client);
    return GUTTER + COLUMN * (index < 0 ? 0 : index) + COLUMN / 2;
  };
  let y = 8;
  const rows = conversation.exchanges.map((exchange, index) => {
    const height = exchange.failure !== undefined ? FAILURE_ROW : ROW;
    const row = renderRow(exchange, index, y, width, xOf(SERVER), xOf(exchange.client), exchange.client === last && lifelines.length > 1);
    y += height;
    return row;
  });
  const height = Math.max(y + 12, 40);
  const lines = lifelines.map((name) => `<line class="sd-lifeline" x1="${xOf(name)}" y1="0" x2="${xOf(name)}" y2="${height}"/>`).join("");
  const heads = lifelines.map((name) => {
    const x = xOf(name);
    const text = clip(name, 22);
    return `<g class="sd-head${name === SERVER ? " sd-server" : ""}"><rect x="${x - COLUMN / 2 + 8}" y="4" width="${COLUMN - 16}" height="26" rx="5"/><text x="${x}" y="22" text-anchor="middle">${escapeHtml(text)}</text></g>`;
  }).join("");
  const flow = conversation.flow === "expected" ? "expected flow (from the spec's text)" : `actual flow${conversation.status ? `: ${conversation.status}` : ""}`;
  const empty = conversation.exchanges.length === 0 ? `<p class="sd-empty">No action yet.</p>` : "";
  return `<div class="sd" id="${options.id}" data-flow="${conversation.flow}">`
    + `<div class="sd-caption"><span class="sd-flow sd-${conversation.status ?? "expected"}">${escapeHtml(flow)}</span> <span class="sd-hint">Click an arrow or press Enter on it to see its stanza; ↑/↓ move between arrows.</span></div>`
    + `<div class="sd-body"><div class="sd-scroll">`
    + `<svg class="sd-heads" width="${width}" height="${HEADER}" viewBox="0 0 ${width} ${HEADER}" role="presentation">${heads}</svg>`
    + `<svg class="sd-svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="list" aria-label="${escapeHtml(`${conversation.title}: ${flow}`)}">${lines}${rows.join("")}</svg>`
    + `${empty}</div>`
    + `<aside class="sd-details" aria-live="polite"><p class="sd-placeholder">Select an arrow to see its stanza.</p>${conversation.exchanges.map((exchange, index) => renderDetail(exchange, index)).join("")}</aside>`
    + `</div></div>`;
}

/** `leftward`: the exchange is on the last lifeline, so a note is written to its left, where there is room. */
function renderRow(exchange: Exchange, index: number, top: number, width: number, serverX: number, clientX: number, leftward: boolean): string {
  const y = top + 20;
  const classes = `sd-x sd-${exchange.kind}${exchange.failure !== undefined ? " sd-failed" : ""}`;
  const aria = `${describe(exchange)}${exchange.line !== undefined ? `, line ${exchange.line}` : ""}`;
  const time = exchange.atMs !== undefined ? `<text class="sd-time" x="6" y="${y}">${formatDuration(exchange.atMs)}</text>` : "";
  const line = exchange.line !== undefined ? `<text class="sd-line" x="${GUTTER - 10}" y="${y}" text-anchor="end">L${exchange.line}</text>` : "";
  const height = exchange.failure !== undefined ? FAILURE_ROW : ROW;
  const hit = `<rect class="sd-hit" x="0" y="${top}" width="${width}" height="${height}"/>`;
  const failure = exchange.failure !== undefined
    ? `<text class="sd-difference" x="${GUTTER}" y="${y + 20}">${escapeHtml(clip(exchange.failure, fitting(width - GUTTER - 8)))}<title>${escapeHtml(exchange.failure)}</title></text>`
    : "";
  const drawing = exchange.kind === "note" ? renderNote(exchange, clientX, serverX, y, leftward, width) : renderArrow(exchange, serverX, clientX, y);
  const line1 = exchange.line !== undefined ? ` data-line="${exchange.line}"` : "";
  return `<g class="${classes}" data-i="${index}"${line1} tabindex="0" role="listitem" aria-label="${escapeHtml(aria)}">${hit}${time}${line}${drawing}${failure}</g>`;
}

function renderArrow(exchange: Exchange, serverX: number, clientX: number, y: number): string {
  const [from, to] = exchange.kind === "sent" ? [clientX, serverX] : [serverX, clientX];
  const direction = to > from ? 1 : -1;
  const tip = to - direction * 2;
  const head = `<path class="sd-head-arrow" d="M${tip} ${y} l${-direction * 9} -5 v10 z"/>`;
  const marks = [...exchange.substitutions.length > 0 ? ["${…}"] : [], ...exchange.captures.length > 0 ? ["capture"] : []];
  const prefix = exchange.kind === "missing" ? "✗ never came: " : "";
  const label = clip(prefix + exchange.label, LABEL_MAX);
  const badge = marks.length > 0 ? ` <tspan class="sd-badge">${escapeHtml(marks.join(" "))}</tspan>` : "";
  return `<line class="sd-arrow" x1="${from}" y1="${y}" x2="${tip}" y2="${y}"/>${head}`
    + `<text class="sd-label" x="${Math.min(from, to) + 10}" y="${y - 6}">${escapeHtml(label)}${badge}<title>${escapeHtml(exchange.label)}</title></text>`;
}

function renderNote(exchange: Exchange, clientX: number, serverX: number, y: number, leftward: boolean, width: number): string {
  const x = exchange.client === "" ? serverX : clientX;
  const text = clip(exchange.label, Math.min(NOTE_MAX, fitting(leftward ? x - GUTTER - 10 : width - x - 10)));
  const anchor = leftward ? `x="${x - 10}" text-anchor="end"` : `x="${x + 10}"`;
  return `<circle class="sd-dot" cx="${x}" cy="${y - 4}" r="4"/><text class="sd-note" ${anchor} y="${y}">${escapeHtml(text)}<title>${escapeHtml(exchange.label)}</title></text>`;
}

function describe(exchange: Exchange): string {
  switch (exchange.kind) {
    case "sent": return `${exchange.client} sends ${exchange.label}`;
    case "received": return `${exchange.client} receives ${exchange.label}`;
    case "missing": return `${exchange.client} expected ${exchange.label}, which never came`;
    case "note": return `${exchange.client || "run"}: ${exchange.label}`;
  }
}

function renderDetail(exchange: Exchange, index: number): string {
  const facts = [
    exchange.line !== undefined ? `line ${exchange.line}` : undefined,
    exchange.atMs !== undefined ? `${formatDuration(exchange.atMs)} after the start` : undefined,
  ].filter((fact) => fact !== undefined).join(" · ");
  const failure = exchange.failure !== undefined ? `<p class="sd-detail-failure">${escapeHtml(exchange.failure)}</p>` : "";
  const substitutions = exchange.substitutions.length > 0
    ? `<dl class="sd-values">${exchange.substitutions.map((s) => `<dt>${escapeHtml(s.reference)}</dt><dd>${s.value !== undefined ? escapeHtml(s.value) : "<i>filled in by the run</i>"}</dd>`).join("")}</dl>`
    : "";
  const captures = exchange.captures.length > 0
    ? `<dl class="sd-values">${exchange.captures.map((c) => `<dt>captures ${escapeHtml(c.name)}</dt><dd>${c.value !== undefined ? escapeHtml(c.value) : "<i>bound by the run</i>"}</dd>`).join("")}</dl>`
    : "";
  const xml = exchange.xml !== undefined ? `<pre class="sd-xml">${escapeHtml(exchange.xml)}</pre>` : "";
  return `<section class="sd-detail" data-i="${index}" hidden><h4>${escapeHtml(describe(exchange))}</h4>`
    + `${facts ? `<p class="sd-facts">${facts}</p>` : ""}${failure}${substitutions}${captures}${xml}</section>`;
}
