/**
 * The one syntax tree of a scansion spec. The parser builds it; the editor
 * features, the runner, the CLI and the Test Explorer only read it.
 *
 * Invariants (kept by the parser, relied on by every reader):
 * - Every node carries its exact range in the document, in LSP coordinates
 *   (0-based line, UTF-16 code unit column, end exclusive).
 * - Nodes appear in document order within each list.
 * - Parsing never throws: what could not be understood becomes a
 *   `SyntaxProblem` and the parser goes on with the next line.
 * - Names are kept as written; resolving a name to a client definition is the
 *   job of `semantics.ts`, not of the tree.
 *
 * Stanza blocks, XML nodes and one-line spans are built as classes
 * (treeNodes.ts) whose ranges are getters: copy them with `copyWith`, not
 * with a spread, which would drop the ranges.
 */

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A piece of source text together with where it stands. */
export interface TextSpan {
  readonly text: string;
  readonly range: Range;
}

export type ProblemSeverity = "error" | "warning" | "information" | "hint";

/** Something the parser or a check found wrong; becomes an LSP diagnostic. */
export interface SyntaxProblem {
  readonly range: Range;
  readonly severity: ProblemSeverity;
  /** Stable identifier, e.g. "xml-malformed", "action-unknown-verb". */
  readonly code: string;
  /** Says what is wrong and what would be right. */
  readonly message: string;
}

export interface SpecDocument {
  /** The document's lines, without line terminators. */
  readonly lines: readonly string[];
  readonly header: SpecHeader;
  readonly clients: readonly ClientDefinition[];
  /** The `-----` line ending the header; undefined when the spec has none. */
  readonly separator: Separator | undefined;
  readonly actions: readonly Action[];
  readonly comments: readonly Comment[];
  /** Problems found while parsing (syntax only; semantic checks live in features/diagnostics). */
  readonly problems: readonly SyntaxProblem[];
}

export interface SpecHeader {
  /** First `#` line of the file. */
  readonly title: TextSpan | undefined;
  /** Further leading `#` lines, text without the `#` marker. */
  readonly description: readonly TextSpan[];
  readonly tags: readonly Tag[];
}

/** `## name` or `## name: value`. */
export interface Tag {
  readonly name: TextSpan;
  readonly value: TextSpan | undefined;
  readonly range: Range;
}

/** `[Client] Romeo` with its indented `key: value` lines. */
export interface ClientDefinition {
  /** The class between the brackets, e.g. "Client". */
  readonly className: TextSpan;
  /** Everything after `] ` to the end of the line, e.g. "Juliet's phone". */
  readonly name: TextSpan;
  /** The `[Client] Name` line. */
  readonly headerRange: Range;
  /** From the header line to the end of the last property line. */
  readonly range: Range;
  readonly properties: readonly ClientProperty[];
}

export interface ClientProperty {
  readonly key: TextSpan;
  readonly value: TextSpan;
  readonly range: Range;
}

export type CommentStyle = "hash" | "slashes" | "dashes";

export interface Comment {
  readonly style: CommentStyle;
  /** The comment's text after its marker and one optional space. */
  readonly text: string;
  readonly range: Range;
  /**
   * Before or after the separator; "block" for a `#` line between an action line and the
   * end of its stanza block, which the block goes on after (not a caption of the outline).
   */
  readonly section: "header" | "body" | "block";
}

export interface Separator {
  readonly range: Range;
}

export type Action = ConnectAction | DisconnectAction | SendAction | ReceiveAction | UnknownVerbAction;

export type ActionKind = Action["kind"];

interface ActionBase {
  /** The client name as written at the start of the line. */
  readonly client: TextSpan;
  /** The verb as written (without the colon). */
  readonly verb: TextSpan;
  readonly hasColon: boolean;
  /** The action line itself. */
  readonly lineRange: Range;
  /** The action line plus its stanza block, if any. */
  readonly range: Range;
}

export interface ConnectAction extends ActionBase {
  readonly kind: "connects";
}

export interface DisconnectAction extends ActionBase {
  readonly kind: "disconnects";
}

export interface SendAction extends ActionBase {
  readonly kind: "sends";
  readonly block: StanzaBlock | undefined;
}

export interface ReceiveAction extends ActionBase {
  readonly kind: "receives";
  /** `receives: nothing` */
  readonly expectsNothing: boolean;
  readonly block: StanzaBlock | undefined;
}

/** An action line whose verb is not one of the four known verbs. */
export interface UnknownVerbAction extends ActionBase {
  readonly kind: "unknown";
  readonly block: StanzaBlock | undefined;
}

/** The indented lines following a `sends`/`receives` line. */
export interface StanzaBlock {
  /** From the first to the last non-blank indented line. */
  readonly range: Range;
  /** The block's source lines as they stand in the document (blank lines included). */
  readonly lines: readonly TextSpan[];
  /** Top-level elements; normally exactly one. Empty when the XML is malformed. */
  readonly elements: readonly XmlElementNode[];
  /** Every `${...}` reference inside the block, in document order. */
  readonly variables: readonly VariableReference[];
  /** True when the block's XML could not be parsed (a problem is reported). */
  readonly malformed: boolean;
}

/** The namespace bound to the `scansion:` prefix inside stanza blocks ([OPEN] in docs/scansion-language.md; our choice). */
export const SCANSION_NAMESPACE = "https://matthewwild.co.uk/projects/scansion";
export const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
/** Default namespace of top-level stanzas in a block. */
export const CLIENT_NAMESPACE = "jabber:client";

export type XmlNode = XmlElementNode | XmlTextNode;

export interface XmlElementNode {
  readonly type: "element";
  /** Qualified name as written, e.g. "query" or "stream:features". */
  readonly name: string;
  readonly localName: string;
  /** Resolved namespace URI ("" only for an element in no namespace). */
  readonly namespace: string;
  /** Attributes that are compared or sent: namespace declarations and `scansion:*` excluded. */
  readonly attributes: readonly XmlAttributeNode[];
  /** `xmlns` and `xmlns:prefix` declarations as written. */
  readonly namespaceDeclarations: readonly XmlAttributeNode[];
  /** `scansion:*` directive attributes as written (e.g. scansion:strict). */
  readonly directives: readonly XmlAttributeNode[];
  /** Explicit `scansion:strict` value; undefined when absent or invalid. */
  readonly strict: boolean | undefined;
  readonly children: readonly XmlNode[];
  /** From `<` of the start tag to `>` of the end tag (or of `/>`). */
  readonly range: Range;
  /** The element name in the start tag. */
  readonly nameRange: Range;
  /** The start tag from `<` to `>`. */
  readonly startTagRange: Range;
}

export interface XmlTextNode {
  readonly type: "text";
  /** Text with entities decoded. */
  readonly text: string;
  readonly range: Range;
}

/** How an expected attribute value is compared. */
export type AttributeValueMatcher =
  | { readonly kind: "literal" }
  | { readonly kind: "any" }
  | { readonly kind: "capture"; readonly name: string };

export interface XmlAttributeNode {
  /** Qualified name as written, e.g. "type", "xml:lang", "xmlns:stream". */
  readonly name: string;
  readonly localName: string;
  readonly prefix: string | undefined;
  /** Namespace of a prefixed attribute ("" for unprefixed ones). */
  readonly namespace: string;
  /** Value with entities decoded, `${...}` left as written. */
  readonly value: string;
  readonly quote: "'" | '"';
  readonly matcher: AttributeValueMatcher;
  readonly range: Range;
  readonly nameRange: Range;
  /** The value between the quotes. */
  readonly valueRange: Range;
}

export type VariableKind = "JID" | "full JID";

/** `${Juliet's phone's full JID}`, or `${version}` (a captured value: `capture` is true). */
export interface VariableReference {
  /** The whole `${...}`. */
  readonly range: Range;
  /** The client name inside, e.g. "Juliet's phone"; for a capture, the capture's name. */
  readonly client: TextSpan;
  /** The kind as written, e.g. "full JID"; may be unknown (a problem is reported). */
  readonly kind: TextSpan;
  /** The kind when it is one we know. */
  readonly knownKind: VariableKind | undefined;
  /** False when the text inside the braces is neither `<name>'s <kind>` nor a capture's name (`${}`): a variable-malformed problem. */
  readonly wellFormed: boolean;
  /** `${NAME}`: the value last bound by `{scansion:capture:NAME}` in an earlier receives. */
  readonly capture: boolean;
}
