import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic } from "vscode-languageserver";
import { parseSpec } from "../language/parser";
import { computeDiagnostics } from "./diagnostics";
import { schemaQuickFixes } from "./schemaFixes";
import { lineOf, textAt } from "@support/features/cursor";
import { conformanceSpecs } from "@support/features/sampleSpecs";

const ERROR = 1;
const WARNING = 2;
const HINT = 4;
const UNNECESSARY = 1;

const HEADER = `# A spec

[Client] Romeo
	jid: romeo@localhost
	password: password

[Client] Juliet
	jid: juliet@localhost
	password: password

-----
`;

function diagnose(text: string, unusedClient = false) {
  const doc = parseSpec(text);
  return {
    diagnostics: computeDiagnostics(doc, { unusedClient }),
    text: (d: Diagnostic) => textAt(doc, d.range),
    line: (content: string, occurrence = 1) => lineOf(doc, content, occurrence),
  };
}

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
}

function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = withCode(diagnostics, code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  return found[0]!;
}

describe("computeDiagnostics", () => {
  describe("on Prosody's own specs", () => {
    const specs = conformanceSpecs();
    it("reports no error on any conformance spec", { skip: specs === undefined && "../shared is absent" }, () => {
      for (const { name, text } of specs ?? []) {
        const errors = computeDiagnostics(parseSpec(text), { unusedClient: true }).filter((d) => d.severity === ERROR);
        assert.deepEqual(errors.map((d) => d.message), [], name);
      }
    });
    it("warns that server_contact_info.scs has a block with several top-level elements", { skip: specs === undefined && "../shared is absent" }, () => {
      const spec = specs!.find((candidate) => candidate.name === "server_contact_info.scs");
      assert.ok(spec, "server_contact_info.scs is among the conformance specs");
      const doc = parseSpec(spec.text);
      const warning = only(computeDiagnostics(doc, { unusedClient: true }), "block-several-elements");
      assert.equal(warning.severity, WARNING);
      assert.match(doc.lines[warning.range.start.line]!, /<iq from='localhost' id='lx2' type='result'>/);
    });
  });

  it("passes the parser's problems on, with source and code", () => {
    const { diagnostics } = diagnose("[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n\nRomeo connects\n");
    const missing = only(diagnostics, "separator-missing");
    assert.equal(missing.severity, WARNING);
    assert.equal(missing.source, "scansion");
  });

  it("gives every diagnostic the source scansion and a code", () => {
    const { diagnostics } = diagnose(`${HEADER}\nRomo connects\nRomeo sends:\n\t<message to='\${Nobody's JID}'/>\n`);
    assert.ok(diagnostics.length >= 2);
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.source, "scansion");
      assert.equal(typeof diagnostic.code, "string");
    }
  });

  describe("actions", () => {
    it("reports an action by an undefined client, lists the clients and suggests the closest name", () => {
      const { diagnostics, text } = diagnose(`${HEADER}\nRomo connects\n`);
      const error = only(diagnostics, "action-undefined-client");
      assert.equal(error.severity, ERROR);
      assert.equal(text(error), "Romo");
      assert.match(messageOf(error), /"Romeo" and "Juliet"/);
      assert.match(messageOf(error), /Did you mean "Romeo"\?/);
    });

    it("reports an unknown verb once, naming the known verbs", () => {
      const { diagnostics, text } = diagnose(`${HEADER}\nRomeo conects\n`);
      const error = only(diagnostics, "action-unknown-verb");
      assert.equal(error.severity, ERROR);
      assert.equal(text(error), "conects");
      assert.match(messageOf(error), /connects/);
    });

    it("reports sends and receives without a block, but not receives: nothing", () => {
      const { diagnostics, line } = diagnose(`${HEADER}\nRomeo connects\nRomeo sends:\nRomeo receives:\nRomeo receives: nothing\n`);
      const missing = withCode(diagnostics, "action-missing-block");
      assert.deepEqual(missing.map((d) => d.range.start.line), [line("Romeo sends:"), line("Romeo receives:")]);
    });

    it("warns about a connect of a client that is already connected", () => {
      const { diagnostics, line } = diagnose(`${HEADER}\nRomeo connects\nRomeo connects\n`);
      const warning = only(diagnostics, "client-already-connected");
      assert.equal(warning.severity, WARNING);
      assert.equal(warning.range.start.line, line("Romeo connects", 2));
    });

    it("warns about an action after the client disconnected", () => {
      const { diagnostics, line } = diagnose(`${HEADER}\nRomeo connects\nRomeo disconnects\nRomeo sends:\n\t<presence/>\n`);
      const warning = only(diagnostics, "action-after-disconnect");
      assert.equal(warning.severity, WARNING);
      assert.equal(warning.range.start.line, line("Romeo sends:"));
      assert.match(messageOf(warning), new RegExp(`disconnected on line ${line("Romeo disconnects") + 1}`));
    });

    it("only hints at a second disconnect", () => {
      const { diagnostics } = diagnose(`${HEADER}\nRomeo connects\nRomeo disconnects\nRomeo disconnects\n`);
      assert.equal(only(diagnostics, "client-already-disconnected").severity, HINT);
      assert.equal(diagnostics.filter((d) => d.severity !== HINT).length, 0);
    });

    it("accepts connects after disconnects as a reconnect", () => {
      const { diagnostics } = diagnose(`${HEADER}\nRomeo connects\nRomeo disconnects\nRomeo connects\nRomeo sends:\n\t<presence/>\n`);
      assert.deepEqual(diagnostics, []);
    });

    it("does not guess the session effect of an unknown verb", () => {
      const { diagnostics } = diagnose(`${HEADER}\nRomeo conects\nRomeo sends:\n\t<presence/>\n`);
      assert.deepEqual(diagnostics.map((d) => d.code), ["action-unknown-verb", "action-before-connect"]);
    });

    it("warns about an action before the client connects", () => {
      const { diagnostics } = diagnose(`${HEADER}\nRomeo sends:\n\t<presence/>\n`);
      assert.equal(only(diagnostics, "action-before-connect").severity, WARNING);
    });
  });

  describe("stanza blocks", () => {
    it("warns about a block with several top-level elements, pointing at the extra ones", () => {
      const { diagnostics, line } = diagnose(`${HEADER}\nRomeo connects\nRomeo sends:\n\t<presence/>\n\t<message to='juliet@localhost'/>\n`);
      const warning = only(diagnostics, "block-several-elements");
      assert.equal(warning.range.start.line, line("\t<message to='juliet@localhost'/>"));
      assert.match(messageOf(warning), /2 top-level elements/);
    });

    it("warns that {scansion:any} and captures in a sends block are sent literally", () => {
      const { diagnostics, text } = diagnose(
        `${HEADER}\nRomeo connects\nRomeo sends:\n\t<iq type='result' id='{scansion:any}' to='{scansion:capture:who}'/>\n`,
      );
      const warnings = withCode(diagnostics, "matcher-in-sends");
      assert.deepEqual(warnings.map(text), ["{scansion:any}", "{scansion:capture:who}"]);
      assert.match(messageOf(warnings[0]!), /sent literally/);
    });

    it("accepts {scansion:any} and captures in a receives block", () => {
      const { diagnostics } = diagnose(
        `${HEADER}\nRomeo connects\nRomeo receives:\n\t<iq type='result' id='{scansion:any}' to='{scansion:capture:who}'/>\n`,
      );
      assert.deepEqual(diagnostics, []);
    });

    it("reports a scansion:strict value other than true, false, yes or no", () => {
      const { diagnostics, text } = diagnose(`${HEADER}\nRomeo connects\nRomeo receives:\n\t<iq scansion:strict='sure'/>\n`);
      const error = only(diagnostics, "xml-strict-invalid");
      assert.equal(error.severity, ERROR);
      assert.equal(text(error), "sure");
    });

    it("offers 'true' and 'false' as quick fixes for it, the likelier one preferred", () => {
      const { diagnostics } = diagnose(`${HEADER}\nRomeo connects\nRomeo receives:\n\t<iq scansion:strict='on'/>\n`);
      const actions = schemaQuickFixes("file:///a.scs", diagnostics);
      assert.deepEqual(actions.map((action) => [action.title, action.isPreferred]), [['Set scansion:strict to "true"', true], ['Set scansion:strict to "false"', false]]);
      assert.deepEqual(actions[0]?.edit?.changes?.["file:///a.scs"]?.map((edit) => edit.newText), ["true"]);
    });

    it("accepts scansion:strict 'yes' and 'no'", () => {
      const { diagnostics } = diagnose(`${HEADER}\nRomeo connects\nRomeo receives:\n\t<iq scansion:strict='yes'><query xmlns='jabber:iq:roster' scansion:strict='no'/></iq>\n`);
      assert.deepEqual(diagnostics, []);
    });

    it("warns about an unknown scansion: directive", () => {
      const { diagnostics, text } = diagnose(`${HEADER}\nRomeo connects\nRomeo receives:\n\t<iq scansion:strictly='true'/>\n`);
      assert.equal(text(only(diagnostics, "directive-unknown")), "scansion:strictly");
    });
  });

  describe("variables", () => {
    it("reports a variable naming an undefined client, with a suggestion", () => {
      const { diagnostics, text } = diagnose(`${HEADER}\nRomeo connects\nRomeo sends:\n\t<message to="\${Julet's JID}"/>\n`);
      const error = only(diagnostics, "variable-undefined-client");
      assert.equal(error.severity, ERROR);
      assert.equal(text(error), "Julet");
      assert.match(messageOf(error), /Did you mean "Juliet"\?/);
    });

    it("reports an unknown variable kind", () => {
      const { diagnostics } = diagnose(`${HEADER}\nRomeo connects\nRomeo sends:\n\t<message to="\${Juliet's bare JID}"/>\n`);
      assert.equal(only(diagnostics, "variable-unknown-kind").severity, ERROR);
    });

    it("warns about a full JID used before its client connects, but not a bare JID", () => {
      const { diagnostics, text } = diagnose(
        `${HEADER}\nRomeo connects\nRomeo sends:\n\t<message to="\${Juliet's full JID}" from="\${Juliet's JID}"/>\n`,
      );
      const warning = only(diagnostics, "full-jid-before-connect");
      assert.equal(warning.severity, WARNING);
      assert.equal(text(warning), "${Juliet's full JID}");
      assert.match(messageOf(warning), /\$\{Juliet's JID\}/);
    });

    it("accepts a full JID after its client disconnected (the last bound JID is kept)", () => {
      const { diagnostics } = diagnose(
        `${HEADER}\nJuliet connects\nJuliet disconnects\nRomeo connects\nRomeo sends:\n\t<message to="\${Juliet's full JID}"/>\n`,
      );
      assert.deepEqual(diagnostics, []);
    });
  });

  describe("client definitions", () => {
    it("reports a client without jid or without password", () => {
      const { diagnostics, text } = diagnose("[Client] Romeo\n\tpassword: p\n[Client] Juliet\n\tjid: juliet@localhost\n-----\nRomeo connects\nJuliet connects\n");
      assert.equal(text(only(diagnostics, "client-missing-jid")), "Romeo");
      assert.equal(text(only(diagnostics, "client-missing-password")), "Juliet");
      assert.ok(diagnostics.every((d) => d.severity === ERROR));
    });

    it("warns about an unknown property key and lists the known ones", () => {
      const { diagnostics, text } = diagnose("[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n\tpasword: p\n-----\nRomeo connects\n");
      const warning = only(diagnostics, "client-unknown-property");
      assert.equal(warning.severity, WARNING);
      assert.equal(text(warning), "pasword");
      assert.match(messageOf(warning), /"jid", "password", "resource", "connect_host" and "connect_port"/);
      assert.match(messageOf(warning), /Did you mean "password"\?/);
    });

    it("reports an invalid jid and a non-numeric connect_port", () => {
      const { diagnostics, text } = diagnose("[Client] Romeo\n\tjid: localhost\n\tpassword: p\n\tconnect_port: five\n-----\nRomeo connects\n");
      assert.equal(text(only(diagnostics, "client-invalid-jid")), "localhost");
      assert.equal(text(only(diagnostics, "client-invalid-port")), "five");
    });

    it("accepts a jid with a resource and a numeric connect_port", () => {
      const { diagnostics } = diagnose("[Client] Romeo\n\tjid: romeo@localhost/phone\n\tpassword: p\n\tconnect_port: 15222\n\tconnect_host: 127.0.0.1\n-----\nRomeo connects\n");
      assert.deepEqual(diagnostics, []);
    });

    it("warns at a client name defined twice: the first definition is the one used", () => {
      const { diagnostics, line } = diagnose(`${HEADER.replace("-----", "[Client] Romeo\n\tjid: r2@localhost\n\tpassword: p\n\n-----")}\nRomeo connects\nJuliet connects\n`);
      const error = only(diagnostics, "client-duplicate-name");
      assert.equal(error.severity, WARNING);
      assert.equal(error.range.start.line, line("[Client] Romeo", 2));
      assert.match(messageOf(error), new RegExp(`already defined on line ${line("[Client] Romeo") + 1}`));
    });

    it("reports a character class other than Client", () => {
      const { diagnostics, text } = diagnose("[Component] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n-----\nRomeo connects\n");
      assert.equal(text(only(diagnostics, "client-unknown-class")), "Component");
    });
  });

  describe("unused clients", () => {
    const text = `${HEADER}\nRomeo connects\n`;

    it("hints at a client no action uses, marked unnecessary, when the setting is on", () => {
      const { diagnostics, text: at } = diagnose(text, true);
      const hint = only(diagnostics, "client-unused");
      assert.equal(hint.severity, HINT);
      assert.deepEqual(hint.tags, [UNNECESSARY]);
      assert.equal(at(hint), "Juliet");
    });

    it("stays silent when the setting is off", () => {
      assert.deepEqual(diagnose(text, false).diagnostics, []);
    });

    it("counts a client named only in a variable as used", () => {
      const { diagnostics } = diagnose(`${HEADER}\nRomeo connects\nRomeo sends:\n\t<presence to="\${Juliet's JID}" type="subscribe"/>\n`, true);
      assert.deepEqual(withCode(diagnostics, "client-unused"), []);
    });
  });
});
