import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RunEvent, SpecRef } from "./specResult";
import { OrderedEvents } from "./orderedEvents";

const spec = (index: number): SpecRef => ({ file: `spec${index}.scs`, name: `spec ${index}` });
const started = (index: number): RunEvent => ({ type: "spec-started", spec: spec(index) });
const note = (index: number, text: string): RunEvent =>
  ({ type: "transcript", spec: spec(index), entry: { direction: "note", client: "A", atMs: 0, text } });

function label(event: RunEvent): string {
  if (event.type === "transcript") return `${event.spec.name}: ${event.entry.text}`;
  return `${event.type === "spec-ended" ? event.result.spec.name : "spec" in event ? event.spec.name : "?"}: ${event.type}`;
}

describe("OrderedEvents: specs running at once report as if run one after another", () => {
  it("streams the earliest running spec live and holds later ones until it ends", () => {
    const seen: string[] = [];
    const ordered = new OrderedEvents((event) => seen.push(label(event)));
    ordered.forSpec(1)(started(1));
    ordered.forSpec(0)(started(0));
    assert.deepEqual(seen, ["spec 0: spec-started"], "spec 1 is held while spec 0 runs");
    ordered.forSpec(1)(note(1, "one"));
    ordered.forSpec(0)(note(0, "zero"));
    ordered.ended(0);
    assert.deepEqual(seen, ["spec 0: spec-started", "spec 0: zero", "spec 1: spec-started", "spec 1: one"]);
    ordered.forSpec(1)(note(1, "live"));
    assert.equal(seen.at(-1), "spec 1: live", "spec 1 is now the head and streams live");
  });

  it("passes on every spec that ended before the head in one go, in order", () => {
    const seen: string[] = [];
    const ordered = new OrderedEvents((event) => seen.push(label(event)));
    ordered.forSpec(2)(note(2, "c"));
    ordered.ended(2);
    ordered.forSpec(1)(note(1, "b"));
    ordered.ended(1);
    assert.deepEqual(seen, []);
    ordered.forSpec(0)(note(0, "a"));
    ordered.ended(0);
    assert.deepEqual(seen, ["spec 0: a", "spec 1: b", "spec 2: c"]);
  });

  it("drops the events of specs past a stop, held or still to come", () => {
    const seen: string[] = [];
    const ordered = new OrderedEvents((event) => seen.push(label(event)));
    ordered.forSpec(0)(note(0, "a"));
    ordered.forSpec(2)(note(2, "held"));
    ordered.forSpec(1)(note(1, "b"));
    ordered.stopBefore(2);
    ordered.forSpec(2)(note(2, "later"));
    ordered.ended(0);
    ordered.ended(1);
    ordered.ended(2);
    assert.deepEqual(seen, ["spec 0: a", "spec 1: b"]);
  });
});
