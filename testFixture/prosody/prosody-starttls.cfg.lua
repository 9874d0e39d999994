-- Prosody 0.12.x configuration with STARTTLS required, for the tests of the client's TLS
-- handling (server/src/runner/xmppSession.test.ts). The certificate and key come from
-- SCS_TLS_CERTIFICATE and SCS_TLS_KEY (the test makes a self-signed pair for "localhost").
Include "loopback.cfg.lua"

modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping" }
modules_disabled = { "s2s" }

authentication = "insecure"
insecure_open_authentication = "Yes please, I know what I'm doing!"
c2s_require_encryption = true
allow_unencrypted_plain_auth = false
storage = "memory"

-- `Lua` on Prosody 13, `_G` on 0.12: see loopback.cfg.lua.
ssl = {
	certificate = (Lua or _G).os.getenv("SCS_TLS_CERTIFICATE");
	key = (Lua or _G).os.getenv("SCS_TLS_KEY");
}

VirtualHost "localhost"
