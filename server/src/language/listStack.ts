/**
 * Building the tree's lists at their exact size (stanzaXml.ts).
 */

/**
 * Shared by every empty list of the tree (which is read-only). Not frozen: a
 * frozen array has its own elements kind, which would make every loop over
 * these lists polymorphic.
 */
export const NONE: readonly never[] = [];

/**
 * The items of lists still being filled (the children of every open element,
 * a start tag's attributes) on one stack, each finished list copied out at
 * its exact size: a list grown by push keeps room for 17 items, which for the
 * many one- and two-item lists of a long spec is most of their memory. (Slots
 * above the top keep old items until they are overwritten.)
 */
export class ListStack<T> {
  private readonly items: T[] = [];
  private top = 0;

  get mark(): number {
    return this.top;
  }

  push(item: T): void {
    this.items[this.top++] = item;
  }

  /** The items pushed since `mark`, removed from the stack. */
  take(mark: number): readonly T[] {
    if (this.top <= mark) return NONE;
    const list = this.items.slice(mark, this.top);
    this.top = mark;
    return list;
  }

  drop(mark: number): void {
    this.top = Math.min(this.top, mark);
  }
}
