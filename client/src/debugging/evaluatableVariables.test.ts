import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { variableExpressionAt } from "./evaluatableVariables";

const LINE = "\t<message to='${Juliet's full JID}' from='${Romeo's JID}'>";

describe("the expression evaluated under the mouse", () => {
  it("is the whole variable, from `$` to `}`, wherever in it the mouse rests", () => {
    const start = LINE.indexOf("${Juliet");
    const end = LINE.indexOf("}") + 1;
    for (const column of [start, start + 5, LINE.indexOf("full"), end - 1]) {
      assert.deepEqual(variableExpressionAt(LINE, column), { expression: "${Juliet's full JID}", start, end }, `column ${column}`);
    }
  });

  it("tells two variables of one line apart", () => {
    assert.equal(variableExpressionAt(LINE, LINE.indexOf("Romeo"))?.expression, "${Romeo's JID}");
  });

  it("is nothing outside a variable", () => {
    assert.equal(variableExpressionAt(LINE, 2), undefined);
    assert.equal(variableExpressionAt(LINE, LINE.indexOf("}") + 1), undefined, "just after the closing brace");
    assert.equal(variableExpressionAt("\t<body>${unfinished</body>", 9), undefined);
  });
});
