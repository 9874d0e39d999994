-- Answers <hello xmlns='urn:scansion:test:hello'/> with a greeting for the sender.
local st = require "util.stanza";
local jid_bare = require "util.jid".bare;

local xmlns_hello = "urn:scansion:test:hello";

module:add_feature(xmlns_hello);

module:hook("iq-get/host/"..xmlns_hello..":hello", function (event)
	local origin, stanza = event.origin, event.stanza;
	local greeting = module:get_option_string("hello_greeting", "Hello");
	origin.send(st.reply(stanza):text_tag("hello", greeting..", "..jid_bare(stanza.attr.from).."!", { xmlns = xmlns_hello }));
	return true;
end);
