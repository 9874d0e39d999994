-- Prosody 0.12.x configuration for the project's throwaway test server
-- (server/src/servers/prosody/throwawayProsody.ts): the tests, `npm run demo`, the benchmark
-- and the conformance run. It carries the settings Prosody's own spec/scansion suite
-- relies on (same modules, components, contact_info and external services as
-- shared/conformance/prosody-0.12.3/prosody.cfg.lua).
--
-- throwawayProsody.ts starts it from a scratch directory (prosody.pid and the data
-- live there) with the ports in the environment:
--   SCS_C2S_PORT=15222 SCS_HTTP_PORT=15280 SCS_PROSODY_LOG=/abs/prosody.log \
--     prosody --config /path/to/prosody.cfg.lua
-- Every port is bound to loopback only. Any username/password logs in with SASL PLAIN
-- without TLS, and storage is in memory: a fresh server starts empty.

-- The 0.12 specs contain literal timestamps (2008-08-22T21:09:04Z), so the
-- server's clock is frozen at that instant.
local frozen = 1219439344
-- `Lua` on Prosody 13, `_G` on 0.12: see loopback.cfg.lua.
(Lua or _G).os.time = function () return frozen end
(Lua or _G).package.preload["util.time"] = function ()
	return {
		now = function () return frozen + 0.1 end;
		monotonic = function () return 0.1 end;
	}
end

Include "loopback.cfg.lua"

admins = { "admin@localhost" }
certificates = "."

modules_enabled = {
	"roster"; "saslauth"; "disco"; "carbons"; "pep"; "private"; "blocklist";
	"vcard4"; "vcard_legacy"; "version"; "uptime"; "time"; "ping"; "register";
	"mam"; "server_contact_info"; "lastactivity"; "external_services";
	"tombstones"; "user_account_management";
}
modules_disabled = { "s2s"; "tls" }

-- Any username/password logs in; accounts exist on first login.
authentication = "insecure"
insecure_open_authentication = "Yes please, I know what I'm doing!"
allow_registration = false
c2s_require_encryption = false
allow_unencrypted_plain_auth = true

storage = "memory"
mam_smart_enable = true

contact_info = {
	abuse = { "mailto:abuse@localhost", "xmpp:abuse@localhost" };
	admin = { "mailto:admin@localhost", "xmpp:admin@localhost" };
	feedback = { "http://localhost/feedback.html", "mailto:feedback@localhost", "xmpp:feedback@localhost" };
	sales = { "xmpp:sales@localhost" };
	security = { "xmpp:security@localhost" };
	status = { "gopher://status.localhost" };
	support = { "https://localhost/support.html", "xmpp:support@localhost" };
}

external_service_host = "default.example"
external_service_port = 9876
external_service_secret = "<secret>"
external_services = {
	{ type = "stun"; transport = "udp" };
	{ type = "turn"; transport = "udp"; secret = true };
	{ type = "turn"; transport = "udp"; secret = "foo" };
	{ type = "ftp"; transport = "tcp"; port = 2121; username = "john"; password = "password" };
	{ type = "ftp"; transport = "tcp"; host = "ftp.example.com"; port = 21; username = "john"; password = "password" };
}

VirtualHost "localhost"
	hide_os_type = true

-- Clients whose jid: is this bare domain, with no password, log in with SASL ANONYMOUS
-- (testFixture/runner/anonymous.scs); the server assigns their JIDs.
VirtualHost "anon.localhost"
	authentication = "anonymous"

Component "conference.localhost" "muc"
	storage = "memory"
	admins = { "Admin@localhost" }
	modules_enabled = { "muc_mam" }

Component "pubsub.localhost" "pubsub"
	storage = "memory"
	expose_publisher = true

Component "upload.localhost" "http_file_share"
	http_file_share_size_limit = 10000000
	http_file_share_allowed_file_types = { "text/plain", "image/*" }
