import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closestMatch, editDistance, quotedList } from "./suggest";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("same", "same"), 0);
  });

  it("stops early past the limit, returning limit + 1", () => {
    assert.equal(editDistance("abcdef", "uvwxyz", 2), 3);
  });
});

describe("closestMatch", () => {
  it("finds a plausible typo", () => {
    assert.equal(closestMatch("Romo", ["Juliet", "Romeo"]), "Romeo");
    assert.equal(closestMatch("recieves", ["connects", "disconnects", "sends", "receives"]), "receives");
  });

  it("prefers a case-only difference", () => {
    assert.equal(closestMatch("romeo", ["Rome", "Romeo"]), "Romeo");
  });

  it("suggests nothing when no candidate is close", () => {
    assert.equal(closestMatch("Mercutio", ["Romeo", "Juliet"]), undefined);
  });
});

describe("quotedList", () => {
  it("joins quoted items with commas and a conjunction", () => {
    assert.equal(quotedList(["a"]), '"a"');
    assert.equal(quotedList(["a", "b", "c"], "or"), '"a", "b" or "c"');
  });
});
