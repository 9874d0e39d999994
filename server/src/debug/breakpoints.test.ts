import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSpec } from "../language/parser";
import { placeBreakpoints, stoppingLines } from "./breakpoints";

// Line numbers (1-based) are given next to each line.
const SPEC = [
  "# A spec",                          // 1
  "",                                  // 2
  "[Client] Romeo",                    // 3
  "\tjid: romeo@localhost",            // 4
  "\tpassword: password",              // 5
  "",                                  // 6
  "-----",                             // 7
  "",                                  // 8
  "Romeo connects",                    // 9
  "",                                  // 10
  "# Ask for the version",             // 11
  "Romeo sends:",                      // 12
  "\t<iq type='get' id='v1'>",         // 13
  "\t\t<query xmlns='jabber:iq:version'/>", // 14
  "\t</iq>",                           // 15
  "",                                  // 16
  "Romeo disconnects",                 // 17
  "",                                  // 18
  "# the end",                         // 19
].join("\n");

describe("placing breakpoints on action lines", () => {
  const doc = parseSpec(SPEC);

  it("keeps a breakpoint on an action line where it is", () => {
    assert.deepEqual(placeBreakpoints(doc, [9, 12, 17]).map((p) => [p.line, p.verified]), [[9, true], [12, true], [17, true]]);
  });

  it("moves a breakpoint on a comment, a blank line or the header to the next action line", () => {
    assert.deepEqual(placeBreakpoints(doc, [11, 16, 10, 1, 4, 7]).map((p) => p.line), [12, 17, 12, 9, 9, 9]);
  });

  it("puts a breakpoint inside a stanza block on the action the block belongs to", () => {
    assert.deepEqual(placeBreakpoints(doc, [13, 14, 15]).map((p) => p.line), [12, 12, 12]);
  });

  it("leaves a breakpoint below the last action unverified, saying why", () => {
    const [placement] = placeBreakpoints(doc, [19]);
    assert.equal(placement?.verified, false);
    assert.equal(placement?.line, undefined);
    assert.match(placement?.message ?? "", /No action at or below this line/);
  });

  it("says so when a spec has no actions at all", () => {
    const [placement] = placeBreakpoints(parseSpec("[Client] Romeo\n\tjid: r@localhost\n-----\n"), [1]);
    assert.equal(placement?.verified, false);
    assert.match(placement?.message ?? "", /no actions/);
  });

  it("reports each requested line once, in the order asked, and stops once per action line", () => {
    const placements = placeBreakpoints(doc, [14, 12, 19]);
    assert.deepEqual(placements.map((p) => p.requestedLine), [14, 12, 19]);
    assert.deepEqual([...stoppingLines(placements)], [12]);
  });
});
