-- Loaded on a MUC component: every room answers <hello xmlns='urn:scansion:test:hello'/>.
local st = require "util.stanza";
local jid_split = require "util.jid".split;

local xmlns_hello = "urn:scansion:test:hello";

module:hook("iq-get/bare/"..xmlns_hello..":hello", function (event)
	local origin, stanza = event.origin, event.stanza;
	local room = jid_split(stanza.attr.to);
	origin.send(st.reply(stanza):text_tag("hello", "Hello from "..room.."!", { xmlns = xmlns_hello }));
	return true;
end, 10);
