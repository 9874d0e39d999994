/**
 * Outline of a spec: one root symbol (the title, or "Spec") holding the clients
 * (their properties as children) and the actions grouped into sections.
 *
 * Sections: a run of body `#` comments with no action between them captions
 * the actions that follow (name = first caption line, detail = the rest).
 * Actions before the first caption go to a section named "Actions".
 *
 * Symbol kinds: root File, client Object, property Property, section Namespace,
 * `sends` Method, `receives` Event, `connects`/`disconnects` Operator, unknown verb Null.
 */
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import type { Action, ClientDefinition, Comment, Range, SpecDocument, XmlElementNode } from "../language/syntaxTree";
import { blockOf, comparePositions } from "../language/locate";
import { findProperty } from "../language/semantics";

/** Longest action summary shown in the outline before it is cut with "…". */
const MAX_SUMMARY_LENGTH = 60;
const DEFAULT_SECTION_NAME = "Actions";
const DEFAULT_ROOT_NAME = "Spec";

export function documentSymbols(doc: SpecDocument): DocumentSymbol[] {
  const title = doc.header.title;
  const wholeDocument = documentRange(doc);
  const root: DocumentSymbol = {
    name: nonEmpty(title?.text.trim(), DEFAULT_ROOT_NAME),
    kind: SymbolKind.File,
    range: wholeDocument,
    selectionRange: title?.range ?? { start: wholeDocument.start, end: wholeDocument.start },
    children: [...doc.clients.map(clientSymbol), ...actionSections(doc).map(sectionSymbol)],
  };
  const description = doc.header.description.map((line) => line.text.trim()).filter(Boolean).join(" ");
  if (description) root.detail = shorten(description);
  return [root];
}

function clientSymbol(client: ClientDefinition): DocumentSymbol {
  const jid = findProperty(client, "jid");
  const symbol: DocumentSymbol = {
    name: nonEmpty(client.name.text, `[${client.className.text}]`),
    kind: SymbolKind.Object,
    range: client.range,
    selectionRange: client.name.text ? client.name.range : client.headerRange,
    children: client.properties.map((property) => ({
      name: nonEmpty(property.key.text, "(property)"),
      detail: property.value.text,
      kind: SymbolKind.Property,
      range: property.range,
      selectionRange: property.key.range,
    })),
  };
  if (jid) symbol.detail = jid.value.text;
  return symbol;
}

export interface ActionSection {
  /** The run of `#` comments naming the section; empty for the leading "Actions" section. */
  readonly captions: Comment[];
  readonly actions: Action[];
}

/** Body `#` comments and actions merged in document order, cut into sections (also used for folding). */
export function actionSections(doc: SpecDocument): ActionSection[] {
  const captions = doc.comments.filter((comment) => comment.section === "body" && comment.style === "hash");
  const result: ActionSection[] = [];
  let current: ActionSection | undefined;
  let nextCaption = 0;
  const takeCaptionsBefore = (limit: Range | undefined): void => {
    while (nextCaption < captions.length) {
      const caption = captions[nextCaption]!;
      if (limit && comparePositions(caption.range.start, limit.start) > 0) return;
      if (!current || current.actions.length > 0) {
        current = { captions: [], actions: [] };
        result.push(current);
      }
      current.captions.push(caption);
      nextCaption++;
    }
  };
  for (const action of doc.actions) {
    takeCaptionsBefore(action.range);
    if (!current) {
      current = { captions: [], actions: [] };
      result.push(current);
    }
    current.actions.push(action);
  }
  takeCaptionsBefore(undefined);
  return result;
}

function sectionSymbol(section: ActionSection): DocumentSymbol {
  const [first, ...rest] = section.captions;
  const firstAction = section.actions[0];
  const lastAction = section.actions[section.actions.length - 1];
  const start = first?.range.start ?? firstAction!.range.start;
  const end = lastAction?.range.end ?? section.captions[section.captions.length - 1]!.range.end;
  const symbol: DocumentSymbol = {
    name: nonEmpty(first?.text.trim(), DEFAULT_SECTION_NAME),
    kind: SymbolKind.Namespace,
    range: { start, end },
    selectionRange: first?.range ?? firstAction!.lineRange,
    children: section.actions.map(actionSymbol),
  };
  const detail = rest.map((caption) => caption.text.trim()).filter(Boolean).join(" ");
  if (detail) symbol.detail = shorten(detail);
  return symbol;
}

const ACTION_KINDS: Record<Action["kind"], SymbolKind> = {
  connects: SymbolKind.Operator,
  disconnects: SymbolKind.Operator,
  sends: SymbolKind.Method,
  receives: SymbolKind.Event,
  unknown: SymbolKind.Null,
};

function actionSymbol(action: Action): DocumentSymbol {
  const symbol: DocumentSymbol = {
    name: actionName(action),
    kind: ACTION_KINDS[action.kind],
    range: action.range,
    selectionRange: action.lineRange,
  };
  const firstElement = blockOf(action)?.elements[0];
  const child = firstElement?.children.find((node): node is XmlElementNode => node.type === "element");
  if (child) symbol.detail = child.namespace ? `${child.name} ${child.namespace}` : child.name;
  return symbol;
}

/** `Romeo sends: <iq type="get" id="x">`, `Romeo connects`, `Juliet receives: nothing`. */
export function actionName(action: Action): string {
  const head = `${action.client.text} ${action.verb.text}${action.hasColon ? ":" : ""}`;
  if (action.kind === "receives" && action.expectsNothing) return `${head} nothing`;
  const block = blockOf(action);
  if (!block) return head;
  const element = block.elements[0];
  const summary = element ? startTagSummary(element) : block.lines.map((line) => line.text.trim()).find(Boolean);
  return summary ? `${head} ${shorten(summary)}` : head;
}

/** The start tag rebuilt on one line from the tree: name, then attributes with their quotes. */
function startTagSummary(element: XmlElementNode): string {
  const attributes = element.attributes.map((attribute) => ` ${attribute.name}=${attribute.quote}${attribute.value}${attribute.quote}`);
  const selfClosing = element.children.length === 0 && comparePositions(element.range.end, element.startTagRange.end) === 0;
  return `<${element.name}${attributes.join("")}${selfClosing ? "/>" : ">"}`;
}

function shorten(text: string): string {
  return text.length <= MAX_SUMMARY_LENGTH ? text : `${text.slice(0, MAX_SUMMARY_LENGTH - 1)}…`;
}

/** VS Code rejects symbols with an empty name. */
function nonEmpty(text: string | undefined, fallback: string): string {
  return text ? text : fallback;
}

function documentRange(doc: SpecDocument): Range {
  const lastLine = Math.max(0, doc.lines.length - 1);
  return { start: { line: 0, character: 0 }, end: { line: lastLine, character: (doc.lines[lastLine] ?? "").length } };
}
