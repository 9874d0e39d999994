import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Conversation } from "./conversation";
import { renderSequenceDiagram } from "./sequenceDiagram";

const conversation: Conversation = {
  title: "A <tricky> & spec",
  flow: "actual",
  status: "failed",
  clients: ["Romeo", "Juliet's phone"],
  exchanges: [
    { kind: "note", client: "Romeo", label: "connected as romeo@localhost/r1", atMs: 3, line: 10, substitutions: [], captures: [] },
    { kind: "sent", client: "Romeo", label: "message chat", atMs: 4, line: 12, xml: "<message type='chat'>\n\t<body>a < b</body>\n</message>", substitutions: [{ reference: "${Juliet's phone's JID}", value: "juliet@localhost" }], captures: [] },
    { kind: "missing", client: "Juliet's phone", label: "message chat", atMs: 5004, line: 15, xml: "<message/>", failure: "message/body: expected text \"hi\"", substitutions: [], captures: [] },
  ],
};

const html = renderSequenceDiagram(conversation, { id: "d1" });

describe("the sequence diagram", () => {
  it("has a lifeline for the server and each client", () => {
    assert.equal(html.match(/class="sd-lifeline"/g)?.length, 3);
    assert.match(html, />server</);
    assert.match(html, />Juliet&#39;s phone</);
  });

  it("has one focusable row per exchange, with its spec line", () => {
    const rows = [...html.matchAll(/<g class="(sd-x [^"]*)" data-i="(\d+)"(?: data-line="(\d+)")? tabindex="0"/g)];
    assert.deepEqual(rows.map((row) => [row[1], row[2], row[3]]), [
      ["sd-x sd-note", "0", "10"],
      ["sd-x sd-sent", "1", "12"],
      ["sd-x sd-missing sd-failed", "2", "15"],
    ]);
  });

  it("labels arrows, their time and line, and marks the missing one with its difference", () => {
    assert.match(html, /<text class="sd-label"[^>]*>message chat/);
    assert.match(html, />5\.00 s</);
    assert.match(html, />L15</);
    assert.match(html, /✗ never came: message chat/);
    assert.match(html, /class="sd-difference"[^>]*>message\/body: expected text &quot;hi&quot;/);
  });

  it("has a hidden detail per row with the stanza escaped and the substitutions' values", () => {
    assert.equal(html.match(/<section class="sd-detail" data-i="\d+" hidden>/g)?.length, 3);
    assert.match(html, /&lt;body&gt;a &lt; b&lt;\/body&gt;/);
    assert.match(html, /<dt>\$\{Juliet&#39;s phone&#39;s JID\}<\/dt><dd>juliet@localhost<\/dd>/);
  });

  it("escapes the title and never loads anything", () => {
    assert.match(html, /aria-label="A &lt;tricky&gt; &amp; spec: actual flow: failed"/);
    assert.doesNotMatch(html, /https?:\/\/|\bsrc=|\bhref=/);
  });
});
