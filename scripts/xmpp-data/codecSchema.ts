/**
 * ProcessOne's xmpp_codec.spec read as a schema: each `-xml` definition
 * becomes an element (namespace, name, attributes, allowed children), and
 * definitions of the same element in the same namespace are merged the
 * permissive way (attributes and children of either, required only where
 * both require it), because the checks built on it must not raise false alarms.
 */
import type { AttributeData, ElementData } from "@server/features/xmpp/xmppDataFormat";
import { decoderClauses, xmlForms, type Term } from "./erlangTerms";

interface Definition {
  readonly id: string;
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly doc: string | undefined;
  readonly attrs: ReadonlyMap<string, AttributeData>;
  readonly refs: readonly string[];
  readonly anyChildren: boolean;
  readonly textValues: readonly string[] | undefined;
}

export interface MutableElement {
  doc: string | undefined;
  attrs: Map<string, AttributeData>;
  children: Set<string>;
  anyChildren: boolean;
  textValues: Set<string> | undefined;
  /** How many definitions were merged into it (attributes required by all stay required). */
  definitions: number;
}

/** Namespace → element name → merged element. */
export type CodecSchema = Map<string, Map<string, MutableElement>>;

function field(term: Term | undefined, name: string): Term | undefined {
  return term?.kind === "record" ? term.fields.get(name) : undefined;
}

function text(term: Term | undefined): string | undefined {
  return term && (term.kind === "binary" || term.kind === "atom" || term.kind === "string") ? term.value : undefined;
}

function items(term: Term | undefined): readonly Term[] {
  return term && (term.kind === "list" || term.kind === "tuple") ? term.items : [];
}

/** "xep0045", "rfc6120", or undefined for modules that are no specification (p1_mucsub). */
export function documentKey(module: string | undefined): string | undefined {
  return module && /^(xep\d{4}|rfc\d+)$/.test(module) ? module : undefined;
}

function mentions(term: Term | undefined, atom: string): boolean {
  if (!term) return false;
  if (term.kind === "atom") return term.value === atom;
  if (term.kind === "list" || term.kind === "tuple") return term.items.some((item) => mentions(item, atom));
  return false;
}

/** Allowed values of a `dec = {dec_enum, [[a, b]]}` or of a `dec_*` function written as clauses. */
function enumeratedValues(dec: Term | undefined, source: string): string[] | undefined {
  const [decoder, args] = items(dec);
  const name = text(decoder);
  if (!name) return undefined;
  if (name === "dec_enum") return items(items(args)[0]).map((value) => text(value) ?? "");
  if (name === "dec_bool") return ["true", "false", "1", "0"];
  if (!name.startsWith("dec_")) return undefined;
  // A decoder that accepts anything (dec_message_type's `_ -> normal`) still lists the wire values;
  // overrides.ts adds what a catch-all stands for.
  return decoderClauses(source, name)?.values;
}

/** Prefixes the codec writes in element names (`stream:error`), whose `xmlns` is then the stream's default namespace. */
const PREFIX_NAMESPACES: Readonly<Record<string, string>> = {
  stream: "http://etherx.jabber.org/streams",
  db: "jabber:server:dialback",
};

function definitionOf(id: string, elem: Term, source: string): Definition {
  const xmlns = field(elem, "xmlns");
  let namespaces = xmlns?.kind === "list" ? xmlns.items.map((item) => text(item) ?? "") : [text(xmlns) ?? ""];
  let name = text(field(elem, "name")) ?? "";
  const prefixed = /^([a-z]+):(.+)$/.exec(name);
  if (prefixed) {
    const namespace = PREFIX_NAMESPACES[prefixed[1]!];
    if (!namespace) throw new Error(`xmpp_codec.spec: ${id} has the unknown prefix ${prefixed[1]}:`);
    namespaces = [namespace];
    name = prefixed[2]!;
  }
  const attrs = new Map<string, AttributeData>();
  for (const attr of items(field(elem, "attrs"))) {
    const name = text(field(attr, "name"));
    if (!name || name === "xmlns") continue;
    const values = enumeratedValues(field(attr, "dec"), source);
    const required = text(field(attr, "required")) === "true";
    attrs.set(name, { ...(required ? { required: true as const } : {}), ...(values ? { values } : {}) });
  }
  const cdata = field(elem, "cdata");
  return {
    id,
    name,
    namespaces,
    doc: documentKey(text(field(elem, "module"))),
    attrs,
    refs: items(field(elem, "refs")).map((ref) => text(field(ref, "name")) ?? ""),
    anyChildren: mentions(field(elem, "result"), "$_els") || text(field(elem, "ignore_els")) === "true",
    textValues: enumeratedValues(field(cdata, "dec"), source),
  };
}

function mergeAttribute(existing: AttributeData | undefined, added: AttributeData, firstDefinition: boolean): AttributeData {
  // An attribute that an earlier definition of the element lacks is optional.
  if (!existing) return firstDefinition ? added : { ...(added.values ? { values: added.values } : {}) };
  const values = existing.values && added.values ? [...new Set([...existing.values, ...added.values])] : undefined;
  const required = existing.required && added.required;
  return { ...(required ? { required: true as const } : {}), ...(values ? { values } : {}) };
}

/** The schema of every element the codec defines. */
export function readCodecSchema(source: string): CodecSchema {
  const definitions = xmlForms(source).map((form) => definitionOf(form.name, form.elem, source));
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const schema: CodecSchema = new Map();
  for (const definition of definitions) {
    for (const namespace of definition.namespaces) {
      let elements = schema.get(namespace);
      if (!elements) schema.set(namespace, (elements = new Map()));
      const existing = elements.get(definition.name);
      const element: MutableElement = existing ?? {
        doc: definition.doc, attrs: new Map(), children: new Set(), anyChildren: false, textValues: undefined, definitions: 0,
      };
      // An attribute only one of two merged definitions has is optional.
      for (const [name, attr] of element.attrs) {
        if (!definition.attrs.has(name) && attr.required) element.attrs.set(name, {});
      }
      for (const [name, attr] of definition.attrs) {
        const merged = mergeAttribute(element.attrs.get(name), attr, element.definitions === 0);
        element.attrs.set(name, merged);
      }
      for (const ref of definition.refs) {
        const child = byId.get(ref);
        if (!child) throw new Error(`xmpp_codec.spec: ${definition.id} refers to ${ref}, which is not defined`);
        // A child defined for several namespaces (jabber:client, jabber:server, ...) takes its parent's.
        const childNamespaces = child.namespaces.includes(namespace) ? [namespace] : child.namespaces;
        for (const childNamespace of childNamespaces) {
          element.children.add(childNamespace === namespace ? child.name : `{${childNamespace}}${child.name}`);
        }
      }
      element.anyChildren ||= definition.anyChildren;
      if (definition.textValues) element.textValues = new Set([...(element.textValues ?? []), ...definition.textValues]);
      element.definitions++;
      elements.set(definition.name, element);
    }
  }
  return schema;
}

export function toElementData(element: MutableElement, namespaceDoc: string | undefined): ElementData {
  const attrs = Object.fromEntries([...element.attrs].sort(([a], [b]) => a.localeCompare(b)));
  return {
    ...(element.doc && element.doc !== namespaceDoc ? { doc: element.doc } : {}),
    ...(element.attrs.size > 0 ? { attrs } : {}),
    ...(element.children.size > 0 ? { children: [...element.children].sort() } : {}),
    ...(element.anyChildren ? { anyChildren: true as const } : {}),
    ...(element.textValues ? { textValues: [...element.textValues] } : {}),
  };
}
