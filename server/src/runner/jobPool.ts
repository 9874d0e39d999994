/**
 * Slots shared by several runs at once (a matrix: one run per target): a spec of any of them
 * runs only while it holds a slot, so specs × targets share one `--jobs`. First come, first served.
 */
export class JobPool {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.#free = Math.max(1, Math.floor(size));
  }

  /** Resolves with the slot's release once one is free; release it exactly once. */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    };
  }
}
