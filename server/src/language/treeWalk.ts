/**
 * Every range of a SpecDocument, each with the range that must contain it.
 * Used by the property-based tests to check the tree's invariants; handy for
 * any reader that needs to visit all nodes.
 */
import type { Range, SpecDocument, StanzaBlock, XmlAttributeNode, XmlNode } from "./syntaxTree";

export interface RangeEntry {
  /** Where the range comes from, e.g. "actions[3].block.elements[0].nameRange". */
  readonly path: string;
  readonly range: Range;
  /** The range that must contain this one (undefined for top-level nodes). */
  readonly container: Range | undefined;
}

export function* rangesOf(document: SpecDocument): Generator<RangeEntry> {
  const { header } = document;
  if (header.title) yield { path: "header.title", range: header.title.range, container: undefined };
  for (const [i, line] of header.description.entries()) yield { path: `header.description[${i}]`, range: line.range, container: undefined };
  for (const [i, tag] of header.tags.entries()) {
    yield { path: `header.tags[${i}]`, range: tag.range, container: undefined };
    yield { path: `header.tags[${i}].name`, range: tag.name.range, container: tag.range };
    if (tag.value) yield { path: `header.tags[${i}].value`, range: tag.value.range, container: tag.range };
  }
  for (const [i, client] of document.clients.entries()) {
    const path = `clients[${i}]`;
    yield { path, range: client.range, container: undefined };
    yield { path: `${path}.headerRange`, range: client.headerRange, container: client.range };
    yield { path: `${path}.className`, range: client.className.range, container: client.headerRange };
    yield { path: `${path}.name`, range: client.name.range, container: client.headerRange };
    for (const [k, property] of client.properties.entries()) {
      yield { path: `${path}.properties[${k}]`, range: property.range, container: client.range };
      yield { path: `${path}.properties[${k}].key`, range: property.key.range, container: property.range };
      yield { path: `${path}.properties[${k}].value`, range: property.value.range, container: property.range };
    }
  }
  if (document.separator) yield { path: "separator", range: document.separator.range, container: undefined };
  for (const [i, comment] of document.comments.entries()) yield { path: `comments[${i}]`, range: comment.range, container: undefined };
  for (const [i, problem] of document.problems.entries()) yield { path: `problems[${i}]`, range: problem.range, container: undefined };
  for (const [i, action] of document.actions.entries()) {
    const path = `actions[${i}]`;
    yield { path, range: action.range, container: undefined };
    yield { path: `${path}.lineRange`, range: action.lineRange, container: action.range };
    yield { path: `${path}.client`, range: action.client.range, container: action.lineRange };
    yield { path: `${path}.verb`, range: action.verb.range, container: action.lineRange };
    if ("block" in action && action.block) yield* blockRanges(action.block, `${path}.block`, action.range);
  }
}

function* blockRanges(block: StanzaBlock, path: string, container: Range): Generator<RangeEntry> {
  yield { path, range: block.range, container };
  for (const [i, line] of block.lines.entries()) yield { path: `${path}.lines[${i}]`, range: line.range, container: block.range };
  for (const [i, variable] of block.variables.entries()) {
    yield { path: `${path}.variables[${i}]`, range: variable.range, container: block.range };
    yield { path: `${path}.variables[${i}].client`, range: variable.client.range, container: variable.range };
    yield { path: `${path}.variables[${i}].kind`, range: variable.kind.range, container: variable.range };
  }
  for (const [i, element] of block.elements.entries()) yield* nodeRanges(element, `${path}.elements[${i}]`, block.range);
}

function* nodeRanges(node: XmlNode, path: string, container: Range): Generator<RangeEntry> {
  yield { path, range: node.range, container };
  if (node.type === "text") return;
  yield { path: `${path}.startTagRange`, range: node.startTagRange, container: node.range };
  yield { path: `${path}.nameRange`, range: node.nameRange, container: node.startTagRange };
  const lists: [string, readonly XmlAttributeNode[]][] = [
    ["attributes", node.attributes], ["namespaceDeclarations", node.namespaceDeclarations], ["directives", node.directives],
  ];
  for (const [list, attributes] of lists) {
    for (const [i, attribute] of attributes.entries()) {
      const at = `${path}.${list}[${i}]`;
      yield { path: at, range: attribute.range, container: node.startTagRange };
      yield { path: `${at}.nameRange`, range: attribute.nameRange, container: attribute.range };
      yield { path: `${at}.valueRange`, range: attribute.valueRange, container: attribute.range };
    }
  }
  for (const [i, child] of node.children.entries()) yield* nodeRanges(child, `${path}.children[${i}]`, node.range);
}
