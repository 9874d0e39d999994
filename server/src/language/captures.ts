/**
 * Captures in a spec's text: where `{scansion:capture:NAME}` binds a value (an
 * attribute value, or an element's whole text, in a `receives` block) and where
 * `${NAME}` uses it. The runner binds the value each time a capture matches; a
 * use takes the last value bound before it (docs/LANGUAGE-DECISIONS.md, Captures).
 * Editor features ask these lookups; the tree itself keeps names as written.
 */
import { blockOf, comparePositions, locateAt, touches } from "./locate";
import type { Action, Position, Range, SpecDocument, VariableReference, XmlElementNode } from "./syntaxTree";
import { LineSpan } from "./treeNodes";
import { captureNameIn } from "./variables";

/** A `{scansion:capture:NAME}` that binds NAME. */
export interface CaptureSite {
  readonly name: string;
  /** NAME inside the braces (the whole value or text when entities hide it). */
  readonly nameRange: Range;
  /** The attribute value or text that holds it. */
  readonly range: Range;
  readonly action: Action;
}

/** A `${NAME}` that uses a captured value. */
export interface CaptureUse {
  readonly variable: VariableReference;
  readonly action: Action;
}

const PREFIX = "{scansion:capture:";
const sitesByDocument = new WeakMap<SpecDocument, readonly CaptureSite[]>();

/** Every capture of the spec's receives blocks, in document order. */
export function captureSites(doc: SpecDocument): readonly CaptureSite[] {
  let sites = sitesByDocument.get(doc);
  if (sites === undefined) {
    const found: CaptureSite[] = [];
    for (const action of doc.actions) {
      if (action.kind !== "receives" || !action.block) continue;
      // Most blocks capture nothing: a look at their text spares the walk through their elements.
      if (!action.block.lines.some((line) => line.text.includes(PREFIX))) continue;
      for (const element of action.block.elements) collectSites(doc, action, element, found);
    }
    sites = found;
    sitesByDocument.set(doc, sites);
  }
  return sites;
}

function collectSites(doc: SpecDocument, action: Action, element: XmlElementNode, found: CaptureSite[]): void {
  for (const attribute of element.attributes) {
    if (attribute.matcher.kind !== "capture") continue;
    const name = attribute.matcher.name;
    found.push({ name, nameRange: nameRangeIn(doc, attribute.valueRange, name), range: attribute.valueRange, action });
  }
  const texts = element.children.filter((child) => child.type === "text");
  const name = texts.length === 0 ? undefined : captureNameIn(texts.map((text) => text.text).join("").trim());
  const text = texts.find((child) => child.text.trim() !== "");
  if (name !== undefined && text !== undefined) found.push({ name, nameRange: nameRangeIn(doc, text.range, name), range: text.range, action });
  for (const child of element.children) if (child.type === "element") collectSites(doc, action, child, found);
}

/** Where NAME of `{scansion:capture:NAME}` is written inside `range`; the whole range when it is not written plainly. */
function nameRangeIn(doc: SpecDocument, range: Range, name: string): Range {
  const written = `${PREFIX}${name}}`;
  for (let line = range.start.line; line <= range.end.line; line++) {
    const text = doc.lines[line] ?? "";
    const from = line === range.start.line ? range.start.character : 0;
    const at = text.indexOf(written, from);
    if (at >= 0 && (line < range.end.line || at + written.length <= range.end.character)) {
      return new LineSpan(name, line, at + PREFIX.length).range;
    }
  }
  return range;
}

/** Every `${NAME}` of the spec, in document order. */
export function captureUses(doc: SpecDocument): CaptureUse[] {
  const uses: CaptureUse[] = [];
  for (const action of doc.actions) {
    for (const variable of blockOf(action)?.variables ?? []) if (variable.capture) uses.push({ variable, action });
  }
  return uses;
}

/** The captures of `name` in actions before `action` (a block does not use its own captures), nearest last. */
export function capturesAbove(doc: SpecDocument, action: Action, name?: string): CaptureSite[] {
  return captureSites(doc).filter((site) =>
    (name === undefined || site.name === name) && comparePositions(site.action.lineRange.start, action.lineRange.start) < 0);
}

/** Every place `name` is written as a capture or a use, in document order. */
export function captureOccurrences(doc: SpecDocument, name: string): Range[] {
  const ranges = [
    ...captureSites(doc).filter((site) => site.name === name).map((site) => site.nameRange),
    ...captureUses(doc).filter((use) => use.variable.client.text === name).map((use) => use.variable.client.range),
  ];
  return ranges.sort((a, b) => comparePositions(a.start, b.start));
}

/** A capture's name under the cursor: in `{scansion:capture:NAME}` or in `${NAME}`. */
export interface CaptureNameAt {
  readonly name: string;
  /** The name itself. */
  readonly range: Range;
  readonly role: "capture" | "use";
  readonly action: Action;
  /** The capture itself, when the cursor is on one. */
  readonly site?: CaptureSite;
}

export function captureNameAt(doc: SpecDocument, position: Position): CaptureNameAt | undefined {
  const located = locateAt(doc, position);
  if (located?.kind === "variable" && located.variable.capture) {
    return { name: located.variable.client.text, range: located.variable.client.range, role: "use", action: located.action };
  }
  const site = captureSites(doc).find((candidate) => touches(candidate.range, position));
  return site ? { name: site.name, range: site.nameRange, role: "capture", action: site.action, site } : undefined;
}
