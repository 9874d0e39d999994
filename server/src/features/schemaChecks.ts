/**
 * Schema checks of the stanzas in a spec against the XMPP data
 * (xmpp/xmppFacts.ts): enumerated values, elements their parent does not
 * allow, unknown and missing attributes. A `sends` block gets all four; a
 * `receives` block is partial by design (non-strict matching), so there only
 * values and elements are checked.
 *
 * Never flagged: `${...}`, `{scansion:any}` and `{scansion:capture:...}`
 * values, prefixed attributes (`xml:lang`, `scansion:*`), namespace
 * declarations, and anything in a namespace the data has no schema for.
 */
import type { Range, XmlAttributeNode, XmlElementNode } from "../language/syntaxTree";
import type { Finding, Report } from "./finding";
import { closestMatch, quotedList } from "./suggest";
import { allowsChild, namespaceInfo, schemaNamespace, specLabel, type ElementSchema, type SchemaNamespace } from "./xmpp/xmppFacts";

export const SCHEMA_CODES = {
  invalidValue: "schema-invalid-value",
  unknownElement: "schema-unknown-element",
  unknownAttribute: "schema-unknown-attribute",
  missingAttribute: "schema-missing-attribute",
} as const;

/** A "did you mean" the quick fix applies: `newText` at each range. */
export interface SchemaFix {
  readonly title: string;
  readonly edits: readonly { readonly range: Range; readonly newText: string }[];
}

/**
 * Findings by top-level element, for sends and for receives. The block memo (blockCache.ts) hands
 * an unchanged block's very nodes to the next parse, so their findings (ranges included) still hold;
 * a changed or moved block has new nodes and is checked afresh.
 */
const memo: Record<"sends" | "receives", WeakMap<XmlElementNode, readonly Finding[]>> = { sends: new WeakMap(), receives: new WeakMap() };

/** Checks one top-level element of a block and everything in it. `lines` are the document's. */
export function checkStanzaSchema(element: XmlElementNode, inSends: boolean, lines: readonly string[], report: Report): void {
  const remembered = memo[inSends ? "sends" : "receives"];
  let findings = remembered.get(element);
  if (!findings) {
    const found: Finding[] = [];
    checkElement(element, undefined, inSends, lines, (finding) => found.push(finding));
    findings = found;
    remembered.set(element, findings);
  }
  for (const finding of findings) report(finding);
}

interface Parent {
  readonly element: XmlElementNode;
  readonly schema: ElementSchema;
}

function checkElement(element: XmlElementNode, parent: Parent | undefined, inSends: boolean, lines: readonly string[], report: Report): void {
  const namespace = schemaNamespace(element.namespace);
  const schema = namespace ? checkPlacement(element, namespace, parent, lines, report) : undefined;
  if (schema) {
    if (element.attributes.length > 0 || (inSends && schema.requiredAttributes.length > 0)) checkAttributes(element, schema, inSends, report);
    if (schema.textValues) checkText(element, schema.textValues, report);
  }
  const children = element.children;
  if (children.length === 0) return;
  const childParent = schema && { element, schema };
  for (const child of children) {
    if (child.type === "element") checkElement(child, childParent, inSends, lines, report);
  }
}

/** The element's schema, after reporting it where its parent or its namespace has no place for it. */
function checkPlacement(
  element: XmlElementNode,
  namespace: SchemaNamespace,
  parent: Parent | undefined,
  lines: readonly string[],
  report: Report,
): ElementSchema | undefined {
  const name = element.localName;
  const schema = namespace.element(name);
  if (parent && !allowsChild(parent.schema, element.namespace, name)) {
    const siblings = parent.schema.children.filter((child) => child.namespace === element.namespace).map((child) => child.name);
    const allowed = parent.schema.children.map((child) => child.name);
    const suggestion = closestMatch(name, siblings);
    report({
      range: element.nameRange, severity: "warning", code: SCHEMA_CODES.unknownElement,
      message: `<${name}> (${element.namespace}) is not allowed in <${parent.element.localName}>` +
        (allowed.length > 0 ? `; it may hold ${elementList([...new Set(allowed)])}.` : ", which holds no child elements.") +
        (suggestion ? ` Did you mean <${suggestion}>?` : ""),
      data: suggestion ? renameFix(element, suggestion, lines) : undefined,
    });
    return schema;
  }
  if (!schema) {
    const info = namespaceInfo(element.namespace)!;
    const suggestion = closestMatch(name, info.elements);
    report({
      range: element.nameRange, severity: "warning", code: SCHEMA_CODES.unknownElement,
      message: `<${name}> is not an element of ${element.namespace}` +
        `${info.spec ? ` (${specLabel(info.spec)})` : ""}.` + (suggestion ? ` Did you mean <${suggestion}>?` : ""),
      data: suggestion ? renameFix(element, suggestion, lines) : undefined,
    });
  }
  return schema;
}

/** `<item>, <group> or <annotate>` for messages. */
function elementList(names: readonly string[]): string {
  const tags = names.map((name) => `<${name}>`);
  return tags.length <= 1 ? tags.join("") : `${tags.slice(0, -1).join(", ")} or ${tags[tags.length - 1]}`;
}

function isPlainValue(attribute: XmlAttributeNode): boolean {
  return attribute.matcher.kind === "literal" && !attribute.value.includes("${");
}

function checkAttributes(element: XmlElementNode, schema: ElementSchema, inSends: boolean, report: Report): void {
  for (const attribute of element.attributes) {
    if (attribute.prefix !== undefined) continue;
    const known = schema.attributes.get(attribute.localName);
    if (!known) {
      if (!inSends) continue;
      const candidates = [...schema.attributes.keys()].filter((name) => !name.includes(":") && !element.attributes.some((a) => a.localName === name));
      const suggestion = closestMatch(attribute.localName, candidates);
      report({
        range: attribute.nameRange, severity: "warning", code: SCHEMA_CODES.unknownAttribute,
        message: `<${element.localName}> (${element.namespace}) has no attribute "${attribute.localName}"` +
          (candidates.length > 0 ? `; it has ${quotedList(candidates, "and")}.` : ".") + (suggestion ? ` Did you mean "${suggestion}"?` : ""),
        data: suggestion ? { title: `Change to "${suggestion}"`, edits: [{ range: attribute.nameRange, newText: suggestion }] } : undefined,
      });
      continue;
    }
    if (!known.values || known.values.includes(attribute.value) || !isPlainValue(attribute)) continue;
    const suggestion = closestMatch(attribute.value, known.values);
    report({
      range: attribute.valueRange, severity: "warning", code: SCHEMA_CODES.invalidValue,
      message: `"${attribute.value}" is not a valid ${attribute.localName} of <${element.localName}>; allowed: ${quotedList(known.values, "or")}.` +
        (suggestion ? ` Did you mean "${suggestion}"?` : ""),
      data: suggestion ? { title: `Change to "${suggestion}"`, edits: [{ range: attribute.valueRange, newText: suggestion }] } : undefined,
    });
  }
  if (!inSends || schema.requiredAttributes.length === 0) return;
  const missing = schema.requiredAttributes.filter((name) => !element.attributes.some((a) => a.prefix === undefined && a.localName === name));
  if (missing.length === 0) return;
  report({
    range: element.nameRange, severity: "warning", code: SCHEMA_CODES.missingAttribute,
    message: `<${element.localName}> (${element.namespace}) requires ${missing.length === 1 ? "the attribute" : "the attributes"} ${quotedList(missing, "and")}` +
      `${schema.spec ? ` (${specLabel(schema.spec)})` : ""}.`,
  });
}

/** Enumerated text content (presence `<show>`). */
function checkText(element: XmlElementNode, textValues: readonly string[], report: Report): void {
  if (element.children.length !== 1) return;
  const text = element.children[0]!;
  if (text.type !== "text") return;
  const value = text.text.trim();
  if (value === "" || value.includes("${") || textValues.includes(value)) return;
  const suggestion = closestMatch(value, textValues);
  report({
    range: text.range, severity: "warning", code: SCHEMA_CODES.invalidValue,
    message: `"${value}" is not a valid <${element.localName}>; allowed: ${quotedList(textValues, "or")}.` +
      (suggestion ? ` Did you mean "${suggestion}"?` : ""),
    data: suggestion && value === text.text ? { title: `Change to "${suggestion}"`, edits: [{ range: text.range, newText: suggestion }] } : undefined,
  });
}

/** Renames an element in its start tag and, when it has one, its end tag. */
function renameFix(element: XmlElementNode, newName: string, lines: readonly string[]): SchemaFix {
  const prefix = element.name.length > element.localName.length ? element.name.slice(0, element.name.length - element.localName.length) : "";
  const newText = `${prefix}${newName}`;
  const edits = [{ range: element.nameRange, newText }];
  const end = element.range.end;
  const endTagNameStart = end.character - 1 - element.name.length;
  const line = lines[end.line] ?? "";
  const selfClosing = element.startTagRange.end.line === end.line && element.startTagRange.end.character === end.character;
  if (!selfClosing && line.slice(endTagNameStart - 2, end.character) === `</${element.name}>`) {
    edits.push({ range: { start: { line: end.line, character: endTagNameStart }, end: { line: end.line, character: end.character - 1 } }, newText });
  }
  return { title: `Change to <${newText}>`, edits };
}
