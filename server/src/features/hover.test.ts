import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MarkupContent } from "vscode-languageserver";
import { hoverAt } from "./hover";
import { parseWithCursor, textAt } from "@support/features/cursor";

const SECRET = "s3cret-Pa55";

const SPEC = `# Hover

[Client] Romeo
	jid: romeo@localhost
	password: ${SECRET}

[Client] Juliet's phone
	jid: juliet@localhost
	password: ${SECRET}
	resource: mobile

[Client] Bob
	jid: bob@localhost/laptop

-----

Romeo connects

Romeo sends:
	<iq type='get' id='v1' to="\${Juliet's phone's JID}" from="\${Romeo's full JID}">
		<query xmlns='jabber:iq:version'/>
	</iq>

Romeo receives:
	<iq type='result' id='{scansion:any}' from="\${Bob's full JID}">
		<query xmlns='jabber:iq:version' scansion:strict='false'/>
	</iq>
`;

/** Hover at the place where `marked` (a copy of part of SPEC with a `|` inside) occurs. */
function hoverOn(marked: string) {
  const plain = marked.replace("|", "");
  const at = SPEC.indexOf(plain);
  assert.ok(at >= 0, `fixture does not contain ${plain}`);
  const { doc, position } = parseWithCursor(SPEC.slice(0, at) + marked + SPEC.slice(at + plain.length));
  const hover = hoverAt(doc, position);
  return { hover, markdown: hover ? (hover.contents as MarkupContent).value : "", doc };
}

describe("hoverAt", () => {
  describe("on a variable", () => {
    it("shows the bare JID of ${X's JID}", () => {
      const { hover, markdown, doc } = hoverOn("${Juliet's ph|one's JID}");
      assert.match(markdown, /Bare JID of \*\*Juliet's phone\*\*: `juliet@localhost`/);
      assert.equal(textAt(doc, hover!.range!), "Juliet's phone");
    });

    it("says a full JID is bound at connect, with the server's choice of resource", () => {
      const { markdown } = hoverOn("${Romeo's fu|ll JID}");
      assert.match(markdown, /`romeo@localhost\/‹resource chosen by the server›`/);
      assert.match(markdown, /Bound when Romeo connects/);
    });

    it("shows the resource of a full JID when the jid carries it", () => {
      const { markdown } = hoverOn("${Bob's fu|ll JID}");
      assert.match(markdown, /`bob@localhost\/laptop`/);
      assert.match(markdown, /from its `jid:`/);
    });
  });

  describe("on a client name", () => {
    it("shows the properties of a client at its definition, the password only as set", () => {
      const { markdown } = hoverOn("[Client] Juliet's ph|one");
      assert.match(markdown, /\| jid \| `juliet@localhost` \|/);
      assert.match(markdown, /\| resource \| `mobile` \|/);
      assert.match(markdown, /\| password \| set \|/);
      assert.equal(markdown.includes(SECRET), false);
    });

    it("shows the client's properties on an action's client name, never the password", () => {
      const { markdown } = hoverOn("Rom|eo connects");
      assert.match(markdown, /\*\*\[Client\] Romeo\*\*/);
      assert.match(markdown, /`\$\{Romeo's JID\}` = `romeo@localhost`/);
      assert.equal(markdown.includes(SECRET), false);
    });

    it("says when a client has no password", () => {
      assert.match(hoverOn("[Client] B|ob").markdown, /\| password \| \*\*not set\*\* \|/);
    });
  });

  describe("in a stanza block", () => {
    it("links an xmlns value to the specification that defines it", () => {
      const { markdown } = hoverOn("<query xmlns='jabber:iq:ver|sion'/>");
      assert.match(markdown, /\[XEP-0092: Software Version\]\(https:\/\/xmpp\.org\/extensions\/xep-0092\.html\)/);
    });

    it("gives an element name its namespace's specification", () => {
      const { markdown } = hoverOn("<qu|ery xmlns='jabber:iq:version'/>");
      assert.match(markdown, /`<query>` in `jabber:iq:version`/);
      assert.match(markdown, /XEP-0092/);
    });

    it("tells how an element in a receives block is compared", () => {
      assert.match(hoverOn("<qu|ery xmlns='jabber:iq:version' scansion:strict").markdown, /Compared leniently \(set by scansion:strict\)/);
      assert.match(hoverOn("<i|q type='result' id='{scansion:any}'").markdown, /Compared leniently \(default for jabber:client\)/);
    });

    it("explains {scansion:any}", () => {
      assert.match(hoverOn("id='{scansion:a|ny}'").markdown, /must carry this attribute/);
    });

    it("has nothing to say about a plain attribute value", () => {
      assert.equal(hoverOn("id='v|1'").hover, undefined);
    });

    it("says what an enumerated value means and lists the others", () => {
      const { markdown } = hoverOn("type='g|et'");
      assert.match(markdown, /A request for information\./);
      assert.match(markdown, /Allowed: \*\*get\*\*, `set`, `result`, `error`\./);
    });
  });
});
