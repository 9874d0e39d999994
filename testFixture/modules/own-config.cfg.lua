-- A module author's own config, as it would stand beside the specs (moduleRun.test.ts copies it
-- into mod_hello/tests/prosody.cfg.lua): no plugin_paths, the run adds the module's folder.
modules_enabled = { "roster"; "saslauth"; "disco"; "hello" }
modules_disabled = { "s2s"; "tls" }
hello_greeting = "Howdy"

authentication = "insecure"
insecure_open_authentication = "Yes please, I know what I'm doing!"
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
storage = "memory"
certificates = "."

VirtualHost "localhost"
