import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import { parseSpec } from "../language/parser";
import { foldingRanges } from "./foldingRanges";
import { sampleSpecs } from "@support/features/sampleSpecs";

const SPEC = [
  /* 0 */ "# Folding",
  /* 1 */ "# A second line of description",
  /* 2 */ "",
  /* 3 */ "[Client] Romeo",
  /* 4 */ "\tjid: romeo@localhost",
  /* 5 */ "\tpassword: password",
  /* 6 */ "",
  /* 7 */ "-----",
  /* 8 */ "",
  /* 9 */ "# Act 1",
  /* 10 */ "# Romeo asks",
  /* 11 */ "Romeo sends:",
  /* 12 */ "\t<iq type='get' id='1'>",
  /* 13 */ "\t\t<query xmlns='jabber:iq:roster'>",
  /* 14 */ "\t\t\t<item jid='juliet@localhost'/>",
  /* 15 */ "\t\t</query>",
  /* 16 */ "\t</iq>",
  /* 17 */ "",
  /* 18 */ "Romeo receives:",
  /* 19 */ "\t<iq type='result' id='1'/>",
  /* 20 */ "",
  /* 21 */ "// one comment",
  /* 22 */ "-- and another",
  /* 23 */ "Romeo disconnects",
  "",
].join("\n");

function describeRanges(ranges: readonly FoldingRange[]): string[] {
  return ranges.map((range) => `${range.startLine}-${range.endLine}${range.kind ? ` ${range.kind}` : ""}`);
}

describe("foldingRanges", () => {
  it("folds the description, the client, the section, the stanza block, nested elements and comment runs", () => {
    assert.deepEqual(describeRanges(foldingRanges(parseSpec(SPEC))), [
      `0-1 ${FoldingRangeKind.Comment}`,
      "3-5",
      `9-23 ${FoldingRangeKind.Region}`,
      "11-16",
      "12-15",
      "13-14",
      "18-19",
      `21-22 ${FoldingRangeKind.Comment}`,
    ]);
  });

  it("folds a block with '#' comment lines inside it as one action, the comment run inside it", () => {
    const text = ["[Client] Romeo", "\tjid: romeo@localhost", "\tpassword: p", "-----", "Romeo receives:", "#\t<iq type='error' id='1'/>", "#\t<iq type='result' id='2'/>", "\t<iq type='result' id='1'>", "# a note", "\t</iq>", "Romeo disconnects", ""].join("\n");
    assert.deepEqual(describeRanges(foldingRanges(parseSpec(text))), ["0-2", "4-9", `5-6 ${FoldingRangeKind.Comment}`, "7-8"]);
  });

  it("folds an element through its end tag when another tag opens that line", () => {
    const text = "[Client] Romeo\n-----\nRomeo sends:\n\t<iq type='get'\n\t\tid='1'><query xmlns='q'>\n\t\t</query></iq>\n";
    assert.deepEqual(describeRanges(foldingRanges(parseSpec(text))), ["2-5", "3-5"]);
  });

  it("does not fold single-line constructs", () => {
    const text = "[Client] Romeo\n-----\n# one caption\nRomeo connects\nRomeo sends:\n\t<presence/>\n";
    assert.deepEqual(describeRanges(foldingRanges(parseSpec(text))), [`2-5 ${FoldingRangeKind.Region}`, "4-5"]);
  });

  it("gives the sample specs valid ranges, at most one per start line, in order", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    for (const sample of samples) {
      const ranges = foldingRanges(parseSpec(sample.text));
      const lineCount = sample.text.split("\n").length;
      assert.ok(ranges.length > 0, sample.name);
      for (let index = 0; index < ranges.length; index++) {
        const range = ranges[index]!;
        assert.ok(range.startLine < range.endLine && range.endLine < lineCount, `${sample.name}: ${range.startLine}-${range.endLine}`);
        if (index > 0) assert.ok(ranges[index - 1]!.startLine < range.startLine, sample.name);
      }
    }
  });
});
