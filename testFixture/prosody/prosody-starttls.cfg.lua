-- Prosody 0.12.x configuration with STARTTLS required, for the tests of the client's TLS
-- handling (server/src/runner/xmppSession.test.ts). The certificate and key come from
-- SCS_TLS_CERTIFICATE and SCS_TLS_KEY (the test makes a self-signed pair for "localhost").
local function port(var, default)
	return tonumber(os.getenv(var) or "") or default
end

interfaces = { "127.0.0.1" }
c2s_ports = { port("SCS_C2S_PORT", 5222) }
c2s_direct_tls_ports = {}
s2s_ports = {}
component_ports = {}
http_ports = { port("SCS_HTTP_PORT", 5280) }
http_interfaces = { "127.0.0.1" }
https_ports = {}

pidfile = "prosody.pid"
data_path = "."
log = { debug = os.getenv("SCS_PROSODY_LOG") or "prosody.log" }

modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping" }
modules_disabled = { "s2s" }

authentication = "insecure"
insecure_open_authentication = "Yes please, I know what I'm doing!"
c2s_require_encryption = true
allow_unencrypted_plain_auth = false
storage = "memory"

ssl = {
	certificate = os.getenv("SCS_TLS_CERTIFICATE");
	key = os.getenv("SCS_TLS_KEY");
}

VirtualHost "localhost"
