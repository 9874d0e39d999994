/**
 * Matching the element children of an expected element against a received
 * one (docs/scansion-language.md §2.4.5):
 * - non-strict: each expected child gets its own received child, any order,
 *   extras ignored — a maximum bipartite matching found with augmenting paths
 *   (Kuhn), i.e. backtracking that stays polynomial;
 * - strict: same children, same order, each pair in the child's own mode;
 *   on failure both lists are aligned (longest common subsequence) to say
 *   what is missing, extra, out of order or different.
 * Pass/fail questions use quick comparisons (stop at the first difference);
 * full comparisons are made only for the pairs a message is about.
 */
import type { XmlElementNode } from "../language/syntaxTree";
import { nameKey, namespaceMismatch, sameName, segment, size, type Comparison, type Mismatch, type Tally } from "./matchReport";
import { startTagText } from "../writing/stanzaText";
import type { ElementView } from "../stanzaModel/stanzaView";

export interface ElementComparer {
  /** Compares two elements of the same name and namespace. */
  compare(expected: XmlElementNode, received: ElementView, path: string, quick: boolean): Comparison;
}

/**
 * Non-strict children. `partners`, when given, is filled with the pairing the
 * comparison settled on (expected child i → received child, -1 for none): the
 * passing pairs, then each unpaired expected child with the received child its
 * difference is explained with, where no other expected child took it.
 */
export function compareLenientChildren(table: PairTable, tally: Tally, partners?: number[]): void {
  const { expectedChildren, receivedChildren } = table;
  const candidates = table.candidates();
  const pairedWith = new Array<number>(receivedChildren.length).fill(-1);
  const partnerOf = new Array<number>(expectedChildren.length).fill(-1);

  // A child may take a received element from an earlier sibling if that sibling can move to another one.
  const augment = (i: number, visited: boolean[]): boolean => {
    for (const j of candidates[i]!) {
      if (visited[j] || !table.passes(i, j)) continue;
      visited[j] = true;
      if (pairedWith[j] === -1 || augment(pairedWith[j]!, visited)) {
        pairedWith[j] = i;
        partnerOf[i] = j;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < expectedChildren.length; i++) {
    // A free received child that fits is the common case; search augmenting paths only without one.
    const free = candidates[i]!.find((j) => pairedWith[j] === -1 && table.passes(i, j));
    if (free !== undefined) {
      pairedWith[free] = i;
      partnerOf[i] = free;
      continue;
    }
    if (augment(i, new Array<boolean>(receivedChildren.length).fill(false))) continue;
    if (tally.quick) return tally.add(() => table.differs());
  }

  const explainWith = (i: number, j: number): void => {
    if (pairedWith[j] !== -1) return;
    pairedWith[j] = i;
    partnerOf[i] = j;
  };
  expectedChildren.forEach((child, i) => {
    const partner = partnerOf[i]!;
    if (partner !== -1) {
      tally.captures.push(...table.pair(i, partner).captures);
      return;
    }
    const failing = candidates[i]!.filter((j) => !table.passes(i, j));
    if (failing.length > 0) {
      // Explain with the received element that came closest, one no other expected child took if there is one.
      const untaken = failing.filter((j) => pairedWith[j] === -1);
      const nearest = closest(untaken.length > 0 ? untaken : failing, (j) => table.pair(i, j).cost);
      tally.addComparison(table.pair(i, nearest));
      explainWith(i, nearest);
    } else if (candidates[i]!.length > 0) {
      tally.add(() => ({ ...table.missing(i), detail: "missing element (the received ones that match are paired with other expected elements)" }), size(child));
    } else {
      const other = receivedChildren.findIndex((r, j) => pairedWith[j] === -1 && r.localName === child.localName);
      tally.add(() => (other === -1 ? table.missing(i) : table.wrongNamespace(i, receivedChildren[other]!)), size(child));
      if (other !== -1) explainWith(i, other);
    }
  });
  partners?.splice(0, partners.length, ...partnerOf);
}

/**
 * Strict children. `partners`, when given, is filled like the non-strict
 * comparison's: aligned pairs, children found out of order, and the received
 * children the differences of the others are explained with.
 */
export function compareStrictChildren(table: PairTable, tally: Tally, partners?: number[]): void {
  const { expectedChildren, receivedChildren } = table;
  const e = expectedChildren.length;
  const r = receivedChildren.length;
  const ok = (i: number, j: number): boolean => sameName(expectedChildren[i]!, receivedChildren[j]!) && table.passes(i, j);

  if (e === r && expectedChildren.every((_, i) => ok(i, i))) {
    expectedChildren.forEach((_, i) => tally.captures.push(...table.pair(i, i).captures));
    partners?.splice(0, partners.length, ...expectedChildren.map((_, i) => i));
    return;
  }
  if (tally.quick) return tally.add(() => table.differs());

  // common[i][j] = length of the longest common subsequence of the suffixes from i and j.
  const common = Array.from({ length: e + 1 }, () => new Array<number>(r + 1).fill(0));
  for (let i = e - 1; i >= 0; i--) {
    for (let j = r - 1; j >= 0; j--) {
      common[i]![j] = ok(i, j) ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  // Walk the alignment into gaps (children that did not line up) separated by aligned pairs.
  const gaps: Array<{ missing: number[]; extra: number[] }> = [{ missing: [], extra: [] }];
  const reported = new Set<number>();
  const partnerOf = new Array<number>(e).fill(-1);
  let i = 0;
  let j = 0;
  while (i < e || j < r) {
    if (i < e && j < r && ok(i, j) && common[i]![j] === common[i + 1]![j + 1]! + 1) {
      reported.add(j);
      partnerOf[i] = j;
      gaps.push({ missing: [], extra: [] });
      i++;
      j++;
    } else if (j >= r || (i < e && common[i + 1]![j]! >= common[i]![j + 1]!)) {
      gaps.at(-1)!.missing.push(i++);
    } else {
      gaps.at(-1)!.extra.push(j++);
    }
  }
  // `reported`: received children already explained (aligned, or named in an earlier message).
  for (const gap of gaps) explainGap(table, gap.missing, gap.extra, reported, tally, partnerOf);
  partners?.splice(0, partners.length, ...partnerOf);
}

/** Explains a stretch of strict children that did not line up: expected ones missing, received ones extra. */
function explainGap(table: PairTable, missing: readonly number[], extra: readonly number[], reported: Set<number>, tally: Tally, partnerOf: number[]): void {
  const { expectedChildren, receivedChildren } = table;
  const free = (j: number): boolean => !reported.has(j);
  for (const i of missing) {
    const child = expectedChildren[i]!;
    const elsewhere = receivedChildren.findIndex((r, j) => free(j) && sameName(child, r) && table.passes(i, j));
    if (elsewhere !== -1) {
      reported.add(elsewhere);
      partnerOf[i] = elsewhere;
      tally.add(() => ({ ...table.missing(i), kind: "child-order", detail: `out of order: expected as child ${i + 1}, received as child ${elsewhere + 1}` }));
      continue;
    }
    const sameNamed = extra.filter((j) => free(j) && sameName(child, receivedChildren[j]!));
    if (sameNamed.length > 0) {
      const best = closest(sameNamed, (j) => table.pair(i, j).cost);
      reported.add(best);
      partnerOf[i] = best;
      tally.addComparison(table.pair(i, best));
      continue;
    }
    const stranger = extra.find(free);
    if (stranger !== undefined) reported.add(stranger);
    const other = stranger === undefined ? undefined : receivedChildren[stranger]!;
    if (other !== undefined && other.localName === child.localName) partnerOf[i] = stranger!;
    tally.add(() => {
      if (other === undefined) return table.missing(i);
      if (other.localName === child.localName) return table.wrongNamespace(i, other);
      return {
        ...table.missing(i),
        kind: "element-name",
        detail: `expected <${child.localName}>, received ${startTagText(other, table.expected.namespace)}`,
        expectedValue: child.localName,
        receivedValue: other.localName,
      };
    }, size(child));
  }
  for (const j of extra) {
    if (reported.has(j)) continue;
    reported.add(j);
    const { expected, path } = table;
    tally.add(() => ({ kind: "child-unexpected", path, detail: `unexpected element ${startTagText(receivedChildren[j]!, expected.namespace)}`, range: expected.startTagRange }));
  }
}

/** Memoised comparisons between the element children of one expected and one received element. */
export class PairTable {
  readonly expectedChildren: readonly XmlElementNode[];
  readonly receivedChildren: readonly ElementView[];
  /** Quick comparisons; a passing one is also the full one (nothing differs). */
  private readonly quick: Array<Comparison | undefined>;
  private readonly full: Array<Comparison | undefined>;
  private readonly segments: readonly string[];

  constructor(private readonly comparer: ElementComparer, readonly expected: XmlElementNode, received: ElementView, readonly path: string) {
    this.expectedChildren = expected.children.filter((c): c is XmlElementNode => c.type === "element");
    this.receivedChildren = received.elements;
    this.quick = new Array<Comparison | undefined>(this.expectedChildren.length * this.receivedChildren.length);
    this.full = new Array<Comparison | undefined>(this.quick.length);
    this.segments = siblingSegments(this.expectedChildren, expected.namespace);
  }

  /** Whether expected child i is satisfied by received child j (same name and namespace required). */
  passes(i: number, j: number): boolean {
    const key = i * this.receivedChildren.length + j;
    const known = this.full[key] ?? (this.quick[key] ??= this.comparer.compare(this.expectedChildren[i]!, this.receivedChildren[j]!, this.childPath(i), true));
    return known.cost === 0;
  }

  /** The full comparison of expected child i with received child j. */
  pair(i: number, j: number): Comparison {
    const key = i * this.receivedChildren.length + j;
    const quick = this.quick[key];
    if (quick !== undefined && quick.cost === 0) return quick;
    return (this.full[key] ??= this.comparer.compare(this.expectedChildren[i]!, this.receivedChildren[j]!, this.childPath(i), false));
  }

  childPath(i: number): string {
    return `${this.path}/${this.segments[i] ?? ""}`;
  }

  missing(i: number): Mismatch {
    return { kind: "child-missing", path: this.childPath(i), detail: "missing element", range: this.expectedChildren[i]!.range };
  }

  wrongNamespace(i: number, other: ElementView): Mismatch {
    return { ...this.missing(i), ...namespaceMismatch(this.expectedChildren[i]!.namespace, other.namespace) };
  }

  /** Stands for "some child differs" in quick comparisons, whose differences are never shown. */
  differs(): Mismatch {
    return { kind: "child-missing", path: this.path, detail: "children differ", range: this.expected.range };
  }

  /** For each expected child, the received children with its name and namespace. */
  candidates(): number[][] {
    const byName = new Map<string, number[]>();
    this.receivedChildren.forEach((child, j) => {
      const key = nameKey(child);
      const list = byName.get(key);
      if (list === undefined) byName.set(key, [j]);
      else list.push(j);
    });
    return this.expectedChildren.map((child) => byName.get(nameKey(child)) ?? []);
  }
}

/** Path segments of siblings; same-named siblings get a 1-based `[index]`. */
function siblingSegments(children: readonly XmlElementNode[], parentNamespace: string): string[] {
  const total = new Map<string, number>();
  for (const child of children) total.set(nameKey(child), (total.get(nameKey(child)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return children.map((child) => {
    const key = nameKey(child);
    const index = (seen.get(key) ?? 0) + 1;
    seen.set(key, index);
    return segment(child, parentNamespace, total.get(key)! > 1 ? `[${index}]` : "");
  });
}

function closest(items: readonly number[], cost: (item: number) => number): number {
  let best = items[0]!;
  for (const item of items) if (cost(item) < cost(best)) best = item;
  return best;
}
