/**
 * Bookkeeping shared by the matcher's element and children comparisons:
 * differences, their tally, and how paths and values are written in messages.
 */
import type { Range, XmlElementNode } from "../language/syntaxTree";
import { shortNamespace } from "../stanzaModel/stanzaView";

export type MismatchKind =
  | "element-name"
  | "element-namespace"
  | "attribute-missing"
  | "attribute-value"
  | "attribute-unexpected"
  | "text-missing"
  | "text-different"
  | "child-missing"
  | "child-unexpected"
  | "child-order";

export interface Mismatch {
  readonly kind: MismatchKind;
  /** Local names from the top-level element down, `{short namespace}` where it changes, `@attribute` last. */
  readonly path: string;
  readonly detail: string;
  /** The expected node the difference is about. */
  readonly range: Range;
  /** For the attribute kinds: the attribute's name, as written in the expected stanza (as received when unexpected). */
  readonly attribute?: string;
  /**
   * What differs, as data (neither quoted nor shortened, unlike `detail`): names for
   * element-name, namespaces for element-namespace, values for the attribute kinds, texts for the text kinds.
   */
  readonly expectedValue?: string;
  readonly receivedValue?: string;
}

export type Capture = readonly [name: string, value: string];

/** Outcome of comparing one expected element with one received element of the same name. */
export interface Comparison {
  /** 0 when they match; otherwise a rough count of differences, to pick the closest candidate. */
  readonly cost: number;
  /** The first difference in document order; undefined exactly when cost is 0. */
  readonly first: Mismatch | undefined;
  /** Captures bound, in document order (complete when cost is 0). */
  readonly captures: readonly Capture[];
}

/**
 * Collects the differences of one element, keeping the first. A quick tally
 * only needs to know whether there is any: it is `settled` at the first one,
 * and the comparison stops there.
 */
export class Tally {
  cost = 0;
  first: Mismatch | undefined;
  readonly captures: Capture[] = [];

  constructor(readonly quick: boolean) {}

  get settled(): boolean {
    return this.quick && this.cost > 0;
  }

  /** `describe` runs only for the first difference: most differences (failing candidates) are never shown. */
  add(describe: () => Mismatch, cost = 1): void {
    this.cost += cost;
    this.first ??= describe();
  }

  addComparison(comparison: Comparison): void {
    this.cost += comparison.cost;
    this.first ??= comparison.first;
  }

  result(): Comparison {
    return { cost: this.cost, first: this.first, captures: this.captures };
  }
}

export interface QualifiedName {
  readonly localName: string;
  readonly namespace: string;
}

export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.localName === b.localName && a.namespace === b.namespace;
}

export function nameKey(name: QualifiedName): string {
  return `${name.namespace} ${name.localName}`;
}

/** `name`, plus `{short namespace}` when it differs from the parent's, plus a sibling index when given. */
export function segment(element: XmlElementNode, parentNamespace: string, index = ""): string {
  const namespace = element.namespace === parentNamespace ? "" : `{${shortNamespace(element.namespace)}}`;
  return `${element.localName}${namespace}${index}`;
}

/** A namespace difference, in words and as data. */
export function namespaceMismatch(expected: string, received: string): Pick<Mismatch, "kind" | "detail" | "expectedValue" | "receivedValue"> {
  return { kind: "element-namespace", detail: `expected namespace ${quote(expected)}, received ${quote(received)}`, expectedValue: expected, receivedValue: received };
}

/** How much of the expected tree an absent element stands for. */
export function size(element: XmlElementNode): number {
  let total = 1 + element.attributes.length;
  for (const child of element.children) {
    total += child.type === "element" ? size(child) : child.text.trim() === "" ? 0 : 1;
  }
  return total;
}

/** A value in a one-line message: JSON-quoted (so newlines stay visible), long ones shortened. */
export function quote(value: string): string {
  const limit = 120;
  return JSON.stringify(value.length > limit ? `${value.slice(0, limit - 1)}…` : value);
}
