/**
 * Passes the events of specs that run at the same time to a listener as if
 * they had run one after another: all of spec 0's events, then spec 1's, ...
 * The earliest spec still running streams live; later specs are held back
 * until every spec before them has ended. A run that stops early (bail, an
 * unreachable server) drops the held events of specs past the stop.
 */
import type { RunEvent, RunListener } from "./specResult";

export class OrderedEvents {
  /** Events of specs after the head, by index, waiting for their turn. */
  readonly #held = new Map<number, RunEvent[]>();
  readonly #ended = new Set<number>();
  #head = 0;
  #limit = Number.POSITIVE_INFINITY;

  constructor(private readonly listener: RunListener | undefined) {}

  /** The listener for the spec at `index` in file order. */
  forSpec(index: number): RunListener {
    return (event) => this.#emit(index, event);
  }

  /** The spec at `index` has emitted its last event. */
  ended(index: number): void {
    this.#ended.add(index);
    this.#advance();
  }

  /** Specs at `index` and after no longer count: their events are never passed on. */
  stopBefore(index: number): void {
    this.#limit = Math.min(this.#limit, index);
    for (const held of [...this.#held.keys()]) if (held >= this.#limit) this.#held.delete(held);
  }

  #emit(index: number, event: RunEvent): void {
    if (index >= this.#limit) return;
    if (index === this.#head) {
      this.listener?.(event);
      return;
    }
    const held = this.#held.get(index);
    if (held) held.push(event);
    else this.#held.set(index, [event]);
  }

  #advance(): void {
    while (this.#ended.has(this.#head)) {
      this.#ended.delete(this.#head);
      this.#head += 1;
      const held = this.#held.get(this.#head);
      this.#held.delete(this.#head);
      if (this.#head < this.#limit) for (const event of held ?? []) this.listener?.(event);
    }
  }
}
