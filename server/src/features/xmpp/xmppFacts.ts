/**
 * What the editor knows about XMPP: namespaces and the specifications that
 * define them, each element's attributes (required, enumerated values) and
 * allowed children, MUC status codes and error conditions. All of it comes
 * from xmppData.json (generated, see scripts/xmpp-data/generate.ts); this
 * module only indexes it, lazily, so that the server starts as fast as before.
 */
import rawData from "./xmppData.json";
import type { AttributeData, ElementData, MucStatusData, XmppDataFile } from "./xmppDataFormat";

const DATA = rawData as unknown as XmppDataFile;

export interface SpecReference {
  readonly kind: "XEP" | "RFC";
  readonly number: number;
  /** The title, when the sources give one. */
  readonly title: string | undefined;
  readonly url: string;
}

export interface XmppNamespace {
  readonly uri: string;
  readonly spec: SpecReference | undefined;
  /** Element names of the namespace, the top elements (those no element of it contains) first. */
  readonly elements: readonly string[];
  readonly topElements: readonly string[];
  /** Whether the schema describes its elements (else only the registrar knows it, and nothing is checked). */
  readonly hasSchema: boolean;
}

export interface QualifiedName {
  readonly namespace: string;
  readonly name: string;
}

export interface ElementSchema extends QualifiedName {
  readonly spec: SpecReference | undefined;
  readonly attributes: ReadonlyMap<string, AttributeData>;
  /** Names of the required attributes without a prefix. */
  readonly requiredAttributes: readonly string[];
  readonly children: readonly QualifiedName[];
  /** The children by namespace, for lookups. */
  readonly childNames: ReadonlyMap<string, ReadonlySet<string>>;
  /** Any other child element is allowed too. */
  readonly anyChildren: boolean;
  readonly textValues: readonly string[] | undefined;
}

/** "XEP-0030: Service Discovery", "RFC 6121: XMPP IM", or just "XEP-0485" when no title is known. */
export function specLabel(spec: SpecReference): string {
  const name = spec.kind === "XEP" ? `XEP-${String(spec.number).padStart(4, "0")}` : `RFC ${spec.number}`;
  return spec.title ? `${name}: ${spec.title}` : name;
}

/** A markdown link to the specification. */
export function specLink(spec: SpecReference): string {
  return `[${specLabel(spec)}](${spec.url})`;
}

const specs = new Map<string, SpecReference | undefined>();

/** The specification of a document key ("xep0045", "rfc6120"). */
export function specOf(key: string | undefined): SpecReference | undefined {
  if (key === undefined) return undefined;
  if (specs.has(key)) return specs.get(key);
  const match = /^(xep|rfc)(\d+)$/.exec(key);
  const spec: SpecReference | undefined = match
    ? match[1] === "xep"
      ? { kind: "XEP", number: Number(match[2]), title: DATA.documents[key], url: `https://xmpp.org/extensions/xep-${match[2]}.html` }
      : { kind: "RFC", number: Number(match[2]), title: DATA.documents[key], url: `https://www.rfc-editor.org/rfc/rfc${Number(match[2])}` }
    : undefined;
  specs.set(key, spec);
  return spec;
}

let namespaceIndex: ReadonlyMap<string, XmppNamespace> | undefined;

function childName(namespace: string, written: string): QualifiedName {
  const match = /^\{([^}]*)\}(.+)$/.exec(written);
  return match ? { namespace: match[1]!, name: match[2]! } : { namespace, name: written };
}

function buildNamespaceIndex(): ReadonlyMap<string, XmppNamespace> {
  const index = new Map<string, XmppNamespace>();
  for (const [uri, data] of Object.entries(DATA.namespaces)) {
    const elements = Object.keys(data.elements ?? {});
    const contained = new Set<string>();
    for (const element of Object.values(data.elements ?? {})) {
      for (const child of element.children ?? []) if (!child.startsWith("{")) contained.add(child);
    }
    const topElements = elements.filter((name) => !contained.has(name));
    index.set(uri, {
      uri,
      spec: specOf(data.doc),
      elements: [...topElements, ...elements.filter((name) => contained.has(name))],
      topElements,
      hasSchema: elements.length > 0,
    });
  }
  return index;
}

export function namespaceInfo(uri: string): XmppNamespace | undefined {
  namespaceIndex ??= buildNamespaceIndex();
  return namespaceIndex.get(uri);
}

/** Every namespace the data knows, in URI order. */
export function allNamespaces(): readonly XmppNamespace[] {
  namespaceIndex ??= buildNamespaceIndex();
  return [...namespaceIndex.values()];
}

/** The elements of one namespace that has a schema, their schemas built on first use. */
export interface SchemaNamespace {
  readonly uri: string;
  element(name: string): ElementSchema | undefined;
}

class LazySchemaNamespace implements SchemaNamespace {
  private readonly built = new Map<string, ElementSchema | undefined>();

  constructor(readonly uri: string, private readonly doc: string | undefined, private readonly elements: Readonly<Record<string, ElementData>>) {}

  element(name: string): ElementSchema | undefined {
    let schema = this.built.get(name);
    if (schema === undefined && !this.built.has(name)) {
      const data = own(this.elements, name);
      schema = data && buildElementSchema(this.uri, name, data, this.doc);
      this.built.set(name, schema);
    }
    return schema;
  }
}

/** Namespace → its schema (null: looked up, the data has no schema for it); filled on demand. */
const schemaNamespaces = new Map<string, SchemaNamespace | null>();

/** The namespace's element schemas, when the data has a schema for it (one lookup, for the checks' hot path). */
export function schemaNamespace(uri: string): SchemaNamespace | undefined {
  let namespace = schemaNamespaces.get(uri);
  if (namespace === undefined) {
    const data = own(DATA.namespaces, uri);
    namespace = data?.elements && Object.keys(data.elements).length > 0 ? new LazySchemaNamespace(uri, data.doc, data.elements) : null;
    schemaNamespaces.set(uri, namespace);
  }
  return namespace ?? undefined;
}

/** The schema of `<name xmlns=namespace>`, if the data describes that element. */
export function elementSchema(namespace: string, name: string): ElementSchema | undefined {
  return schemaNamespace(namespace)?.element(name);
}

function buildElementSchema(namespace: string, name: string, data: ElementData, namespaceDoc: string | undefined): ElementSchema {
  const attributes = new Map(Object.entries(data.attrs ?? {}));
  const children = (data.children ?? []).map((child) => childName(namespace, child));
  const childNames = new Map<string, Set<string>>();
  for (const child of children) {
    let names = childNames.get(child.namespace);
    if (!names) childNames.set(child.namespace, (names = new Set()));
    names.add(child.name);
  }
  return {
    namespace,
    name,
    spec: specOf(data.doc ?? namespaceDoc),
    attributes,
    requiredAttributes: [...attributes].filter(([attribute, facts]) => facts.required && !attribute.includes(":")).map(([attribute]) => attribute),
    children,
    childNames,
    anyChildren: data.anyChildren === true,
    textValues: data.textValues,
  };
}

/** Whether `parent` allows `child` (a listed child, or any when the parent takes extensions). */
export function allowsChild(parent: ElementSchema, namespace: string, name: string): boolean {
  return parent.anyChildren || parent.childNames.get(namespace)?.has(name) === true;
}

/** `record[key]` for data read from JSON, never an inherited property (`constructor`, `__proto__`). */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function mucStatusCode(code: string): MucStatusData | undefined {
  return own(DATA.mucStatusCodes, code);
}

/** A status code's meaning, as the registrar gives it. */
export function mucStatusText(code: string, status: MucStatusData): string {
  return `MUC status code **${code}**: ${status.purpose}.\n\nStanza: ${status.stanza}; context: ${status.context}. ` +
    `(${specLink(specOf("xep0045")!)}, XMPP Registrar.)`;
}

/** Every MUC status code the registrar lists, in numeric order. */
export function mucStatusCodes(): readonly (readonly [string, MucStatusData])[] {
  return Object.entries(DATA.mucStatusCodes).sort(([a], [b]) => Number(a) - Number(b));
}

/** What an error condition element means (RFC 6120 stanza errors, registered application errors). */
export function conditionMeaning(namespace: string, name: string): string | undefined {
  return own(own(DATA.conditions, namespace), name);
}

/** What an enumerated value of an attribute means, where the specifications say (error `type`, ...). */
export function valueMeaning(element: QualifiedName, attribute: string, value: string): string | undefined {
  // Keyed by element name only: give it only where the element's schema has that value (not some other <error>).
  if (elementSchema(element.namespace, element.name)?.attributes.get(attribute)?.values?.includes(value) !== true) return undefined;
  return own(own(DATA.valueMeanings, `${element.name}/@${attribute}`), value);
}
