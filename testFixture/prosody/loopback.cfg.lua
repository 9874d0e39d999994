-- Included by the project's test configs (prosody.cfg.lua, prosody-starttls.cfg.lua): every
-- listener on loopback, ports from the environment that throwawayProsody.ts sets
-- (SCS_C2S_PORT, SCS_HTTP_PORT), no s2s or component ports, and the pid file, data and log
-- in the scratch directory the server is started in.
-- Lua's globals through `Lua` where the config has it (Prosody 13 reports a plain global with
-- its line, which fails for a config path longer than Lua keeps, 60 characters), else `_G` (0.12).
local G = Lua or _G
local function port(var, default)
	return G.tonumber(G.os.getenv(var) or "") or default
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
log = { debug = G.os.getenv("SCS_PROSODY_LOG") or "prosody.log" }
