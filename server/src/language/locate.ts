/**
 * What stands at a position of a spec: the one question hover, definition,
 * references and rename all start from. Answers from the syntax tree only.
 *
 * Lookup is a binary search over actions and clients by line, then a descent
 * through the one block or definition found, so it stays cheap on long specs.
 * A position touching the end of a span still counts as on it (the cursor right
 * after a word is "on" the word, as editors expect).
 */
import type {
  Action,
  ClientDefinition,
  ClientProperty,
  Position,
  Range,
  SpecDocument,
  StanzaBlock,
  TextSpan,
  VariableReference,
  XmlAttributeNode,
  XmlElementNode,
} from "./syntaxTree";

/** Which of an element's attribute lists an attribute comes from. */
export type AttributeRole = "attribute" | "namespaceDeclaration" | "directive";

export type Located =
  /** The class between the brackets of `[Client] Romeo`. */
  | { readonly kind: "clientClass"; readonly client: ClientDefinition; readonly span: TextSpan }
  /** The name of a client definition. */
  | { readonly kind: "clientName"; readonly client: ClientDefinition; readonly span: TextSpan }
  | {
      readonly kind: "property";
      readonly client: ClientDefinition;
      readonly property: ClientProperty;
      readonly part: "key" | "value";
      readonly span: TextSpan;
    }
  /** The client name at the start of an action line. */
  | { readonly kind: "actionClient"; readonly action: Action; readonly span: TextSpan }
  | { readonly kind: "verb"; readonly action: Action; readonly span: TextSpan }
  /** Inside `${...}`: the client name, the kind, or the rest (span = the whole reference). */
  | {
      readonly kind: "variable";
      readonly action: Action;
      readonly variable: VariableReference;
      readonly part: "client" | "kind" | "delimiter";
      readonly span: TextSpan;
    }
  /** An element name in its start tag or its end tag. */
  | {
      readonly kind: "elementName";
      readonly action: Action;
      readonly element: XmlElementNode;
      readonly tag: "start" | "end";
      readonly span: TextSpan;
    }
  | {
      readonly kind: "attributeName";
      readonly action: Action;
      readonly element: XmlElementNode;
      readonly attribute: XmlAttributeNode;
      readonly role: AttributeRole;
      readonly span: TextSpan;
    }
  /** The value between the quotes (a `${...}` inside it is reported as a variable instead). */
  | {
      readonly kind: "attributeValue";
      readonly action: Action;
      readonly element: XmlElementNode;
      readonly attribute: XmlAttributeNode;
      readonly role: AttributeRole;
      readonly span: TextSpan;
    };

export type LocatedKind = Located["kind"];

export function locateAt(doc: SpecDocument, position: Position): Located | undefined {
  const action = findByLine(doc.actions, position.line, (candidate) => candidate.range);
  if (action) return locateInAction(doc, action, position);
  const client = findByLine(doc.clients, position.line, (candidate) => candidate.range);
  if (client) return locateInClient(client, position);
  return undefined;
}

function locateInClient(client: ClientDefinition, position: Position): Located | undefined {
  if (touches(client.name.range, position)) return { kind: "clientName", client, span: client.name };
  if (touches(client.className.range, position)) return { kind: "clientClass", client, span: client.className };
  const property = findByLine(client.properties, position.line, (candidate) => candidate.range);
  if (!property) return undefined;
  if (touches(property.key.range, position)) return { kind: "property", client, property, part: "key", span: property.key };
  if (touches(property.value.range, position)) return { kind: "property", client, property, part: "value", span: property.value };
  return undefined;
}

function locateInAction(doc: SpecDocument, action: Action, position: Position): Located | undefined {
  if (position.line === action.lineRange.start.line) {
    if (touches(action.client.range, position)) return { kind: "actionClient", action, span: action.client };
    if (touches(action.verb.range, position)) return { kind: "verb", action, span: action.verb };
    return undefined;
  }
  const block = blockOf(action);
  if (!block) return undefined;
  const variable = findByPosition(block.variables, position, (candidate) => candidate.range);
  if (variable) return locateInVariable(doc, action, variable, position);
  const element = deepestElementAt(block.elements, position);
  return element ? locateInElement(doc, action, element, position) : undefined;
}

function locateInVariable(doc: SpecDocument, action: Action, variable: VariableReference, position: Position): Located {
  if (touches(variable.client.range, position)) return { kind: "variable", action, variable, part: "client", span: variable.client };
  if (touches(variable.kind.range, position)) return { kind: "variable", action, variable, part: "kind", span: variable.kind };
  return { kind: "variable", action, variable, part: "delimiter", span: spanOf(doc, variable.range) };
}

function locateInElement(doc: SpecDocument, action: Action, element: XmlElementNode, position: Position): Located | undefined {
  if (touches(element.nameRange, position)) {
    return { kind: "elementName", action, element, tag: "start", span: spanOf(doc, element.nameRange) };
  }
  for (const [role, attributes] of attributeLists(element)) {
    for (const attribute of attributes) {
      if (touches(attribute.valueRange, position)) {
        return { kind: "attributeValue", action, element, attribute, role, span: spanOf(doc, attribute.valueRange) };
      }
      if (touches(attribute.nameRange, position)) {
        return { kind: "attributeName", action, element, attribute, role, span: spanOf(doc, attribute.nameRange) };
      }
    }
  }
  const endName = endTagNameRange(doc, element);
  if (endName && touches(endName, position)) {
    return { kind: "elementName", action, element, tag: "end", span: spanOf(doc, endName) };
  }
  return undefined;
}

/** The last action whose line is above `line`: the one an indented line belongs to. */
export function actionAbove(actions: readonly Action[], line: number): Action | undefined {
  let low = 0;
  let high = actions.length - 1;
  let found: Action | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (actions[middle]!.lineRange.start.line < line) {
      found = actions[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The block of a sends/receives (or unknown-verb) action; connects/disconnects have none. */
export function blockOf(action: Action): StanzaBlock | undefined {
  return action.kind === "connects" || action.kind === "disconnects" ? undefined : action.block;
}

export function attributeLists(element: XmlElementNode): ReadonlyArray<readonly [AttributeRole, readonly XmlAttributeNode[]]> {
  return [
    ["attribute", element.attributes],
    ["namespaceDeclaration", element.namespaceDeclarations],
    ["directive", element.directives],
  ];
}

/**
 * Range of the name in an element's end tag (`</name>` written on one line), or
 * undefined for a self-closing element or an end tag split over lines.
 */
export function endTagNameRange(doc: SpecDocument, element: XmlElementNode): Range | undefined {
  const end = element.range.end;
  if (samePosition(end, element.startTagRange.end)) return undefined;
  const line = doc.lines[end.line] ?? "";
  const opening = line.lastIndexOf("</", end.character - 1);
  if (opening < 0) return undefined;
  const tag = /^<\/([^\s>]+)\s*>$/.exec(line.slice(opening, end.character));
  if (!tag || tag[1] !== element.name) return undefined;
  const nameStart = opening + 2;
  return { start: { line: end.line, character: nameStart }, end: { line: end.line, character: nameStart + element.name.length } };
}

function deepestElementAt(elements: readonly XmlElementNode[], position: Position): XmlElementNode | undefined {
  let found: XmlElementNode | undefined;
  let candidates = elements;
  for (;;) {
    const inner = candidates.find((element) => touches(element.range, position));
    if (!inner) return found;
    found = inner;
    candidates = childElements(inner);
  }
}

/** The item of a document-ordered list whose range covers the line, by binary search. */
export function findByLine<T>(items: readonly T[], line: number, rangeOf: (item: T) => Range): T | undefined {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = rangeOf(items[middle]!);
    if (line < range.start.line) high = middle - 1;
    else if (line > range.end.line) low = middle + 1;
    else return items[middle];
  }
  return undefined;
}

/** The item of a document-ordered list of disjoint ranges that touches the position, by binary search. */
export function findByPosition<T>(items: readonly T[], position: Position, rangeOf: (item: T) => Range): T | undefined {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = rangeOf(items[middle]!);
    if (comparePositions(position, range.start) < 0) high = middle - 1;
    else if (comparePositions(position, range.end) > 0) low = middle + 1;
    else return items[middle];
  }
  return undefined;
}

/** Whether the position lies within the range, both ends included. */
export function touches(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** Whether `inner` lies within `outer`, both ends included. */
export function containsRange(outer: Range, inner: Range): boolean {
  return touches(outer, inner.start) && touches(outer, inner.end);
}

/** The element children of an element (its text nodes left out). */
export function childElements(element: XmlElementNode): XmlElementNode[] {
  return element.children.filter((child): child is XmlElementNode => child.type === "element");
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** The document text a range covers, as a span. */
export function spanOf(doc: SpecDocument, range: Range): TextSpan {
  if (range.start.line === range.end.line) {
    return { text: (doc.lines[range.start.line] ?? "").slice(range.start.character, range.end.character), range };
  }
  const parts = [(doc.lines[range.start.line] ?? "").slice(range.start.character)];
  for (let line = range.start.line + 1; line < range.end.line; line++) parts.push(doc.lines[line] ?? "");
  parts.push((doc.lines[range.end.line] ?? "").slice(0, range.end.character));
  return { text: parts.join("\n"), range };
}
