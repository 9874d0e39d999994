import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { WorkspaceEdit } from "vscode-languageserver";
import { parseSpec } from "../language/parser";
import { blockOf } from "../language/locate";
import { isRenameRefusal, prepareRename, renameClient, type RenameRefusal } from "./rename";
import { textAt, withCursor } from "@support/features/cursor";
import { applyTextEdits } from "@support/features/edits";
import { sampleSpecs } from "@support/features/sampleSpecs";
import { TWO_JULIETS_SPEC } from "@support/features/julietSpecs";

const URI = "file:///spec.scs";

const SPEC = TWO_JULIETS_SPEC;

function cursorOn(find: string, marked: string) {
  assert.ok(SPEC.includes(find), `SPEC contains ${find}`);
  const { text, position } = withCursor(SPEC.replace(find, () => marked));
  return { text, doc: parseSpec(text), position };
}

function renamed(find: string, marked: string, newName: string): string {
  const { text, doc, position } = cursorOn(find, marked);
  const edit = renameClient(doc, position, newName, URI);
  assert.ok(!isRenameRefusal(edit), isRenameRefusal(edit) ? edit.error : "");
  return applyTextEdits(text, (edit as WorkspaceEdit).changes?.[URI] ?? []);
}

function refusal(result: unknown): string {
  assert.ok(isRenameRefusal(result), `expected a refusal, got ${JSON.stringify(result)}`);
  return (result as RenameRefusal).error;
}

describe("prepareRename", () => {
  it("offers the whole client name under the cursor, with its range", () => {
    const { text, doc, position } = cursorOn("Juliet's phone receives:", "Juliet|'s phone receives:");
    const prepared = prepareRename(doc, position);
    assert.ok(!isRenameRefusal(prepared));
    assert.equal(prepared.placeholder, "Juliet's phone");
    assert.equal(textAt(text, prepared.range), "Juliet's phone");
    assert.equal(prepared.range.start.line, 19);
  });

  it("works from a definition's name and from a variable's client part", () => {
    const fromDefinition = cursorOn("[Client] Juliet\n", "[Client] Jul|iet\n");
    assert.equal((prepareRename(fromDefinition.doc, fromDefinition.position) as { placeholder: string }).placeholder, "Juliet");
    const fromVariable = cursorOn('from="${Juliet\'s full', 'from="${Jul|iet\'s full');
    assert.equal((prepareRename(fromVariable.doc, fromVariable.position) as { placeholder: string }).placeholder, "Juliet");
  });

  it("refuses, saying why, on a verb, a variable's kind, an element, a property and empty space", () => {
    const onVerb = cursorOn("Juliet connects", "Juliet conn|ects");
    assert.match(refusal(prepareRename(onVerb.doc, onVerb.position)), /"connects" is a verb/);
    const onKind = cursorOn("Juliet's full JID}\">", "Juliet's full J|ID}\">");
    assert.match(refusal(prepareRename(onKind.doc, onKind.position)), /client name inside a variable/);
    const onElement = cursorOn("<body>", "<bo|dy>");
    assert.match(refusal(prepareRename(onElement.doc, onElement.position)), /element name "body"/);
    const onProperty = cursorOn("\tjid: juliet@localhost\n\tpassword: password\n\n[Client] Juliet's", "\tj|id: juliet@localhost\n\tpassword: password\n\n[Client] Juliet's");
    assert.match(refusal(prepareRename(onProperty.doc, onProperty.position)), /property "jid"/);
    const onNothing = cursorOn("-----", "--|---");
    assert.match(refusal(prepareRename(onNothing.doc, onNothing.position)), /Only client names can be renamed/);
  });

  it("refuses a name that no [Client] defines", () => {
    const { doc, position } = cursorOn("Juliet connects\n", "Juliet connects\n\nRo|meo connects\n");
    assert.match(refusal(prepareRename(doc, position)), /No client named "Romeo" is defined/);
  });
});

describe("renameClient", () => {
  it("renames the definition, the action lines and the variables, and leaves a longer name alone", () => {
    const result = renamed("Juliet connects", "Jul|iet connects", "Rosaline");
    assert.equal(result, SPEC
      .replace("[Client] Juliet\n", "[Client] Rosaline\n")
      .replace("Juliet connects", "Rosaline connects")
      .replace("Juliet sends:", "Rosaline sends:")
      .replaceAll("${Juliet's full JID}", "${Rosaline's full JID}"));
  });

  it("renames a name containing 's and spaces, inside variables too", () => {
    const result = renamed("Juliet's phone connects", "|Juliet's phone connects", "Juliet's laptop");
    assert.equal(result, SPEC.replaceAll("Juliet's phone", "Juliet's laptop"));
    const doc = parseSpec(result);
    assert.deepEqual(doc.clients.map((client) => client.name.text), ["Juliet", "Juliet's laptop"]);
    assert.ok(doc.actions.some((action) => blockOf(action)?.variables.some((variable) => variable.client.text === "Juliet's laptop")));
  });

  it("refuses empty names, line breaks, braces, dollars and surrounding spaces, with a reason", () => {
    const { doc, position } = cursorOn("Juliet connects", "|Juliet connects");
    assert.match(refusal(renameClient(doc, position, "", URI)), /cannot be empty/);
    assert.match(refusal(renameClient(doc, position, "Ro\nmeo", URI)), /one line/);
    assert.match(refusal(renameClient(doc, position, "Ro}meo", URI)), /cannot contain "}" or "\$"/);
    assert.match(refusal(renameClient(doc, position, "Ro$meo", URI)), /cannot contain "}" or "\$"/);
    assert.match(refusal(renameClient(doc, position, " Romeo", URI)), /start or end with a space/);
    assert.match(refusal(renameClient(doc, position, "Romeo ", URI)), /start or end with a space/);
    assert.match(refusal(renameClient(doc, position, "# Romeo", URI)), /read as comments/);
  });

  it("refuses a name another client already has", () => {
    const { doc, position } = cursorOn("Juliet connects", "|Juliet connects");
    assert.match(refusal(renameClient(doc, position, "Juliet's phone", URI)), /"Juliet's phone" is already defined/);
  });

  it("accepts the client's own name (nothing changes)", () => {
    assert.equal(renamed("Juliet connects", "|Juliet connects", "Juliet"), SPEC);
  });

  it("renames every client of the sample specs so that the renamed spec reads the same under the new name", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    for (const sample of samples) {
      const before = parseSpec(sample.text);
      for (const client of before.clients) {
        const edit = renameClient(before, client.name.range.start, "Zed Ü🌹", URI);
        assert.ok(!isRenameRefusal(edit), `${sample.name}: ${client.name.text}`);
        const after = parseSpec(applyTextEdits(sample.text, edit.changes?.[URI] ?? []));
        const renamedName = (name: string): string => (name === client.name.text ? "Zed Ü🌹" : name);
        const label = `${sample.name}: ${client.name.text}`;
        assert.deepEqual(after.clients.map((c) => c.name.text), before.clients.map((c) => renamedName(c.name.text)), label);
        assert.deepEqual(after.actions.map((a) => a.client.text), before.actions.map((a) => renamedName(a.client.text)), label);
        const variableNames = (doc: typeof before) => doc.actions.flatMap((a) => blockOf(a)?.variables.map((v) => v.client.text) ?? []);
        assert.deepEqual(variableNames(after), variableNames(before).map(renamedName), label);
        assert.equal(after.problems.length, before.problems.length, label);
      }
    }
  });
});
