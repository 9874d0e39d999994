-- Line coverage for a throwaway Prosody, loaded before Prosody by LUA_INIT_5_4=@<this file>
-- (Lua 5.4 runs it in the state that then runs the launcher). Prosody itself is unchanged.
-- Counts every line run per chunk (a debug.sethook line hook) and writes the counts to
-- $SCANSION_COVERAGE_FILE when Lua ends: through os.exit (Prosody's way out after SIGTERM,
-- wrapped here), on SIGTERM (see below), or when the state closes. A SIGKILL writes nothing:
-- the caller says so.
-- Format, one record per line: "@<chunk name>" starts a chunk, then "<line> <count>".
local out_file = os.getenv("SCANSION_COVERAGE_FILE")
if out_file == nil or out_file == "" then return end

local getinfo, sethook = debug.getinfo, debug.sethook
local hits = {} -- source -> { [line] = count }

-- The running function's lines table, found by the function (getinfo's "f" is much cheaper than
-- "S", which formats the short source name on every call); weak keys: closures come and go.
local lines_of_function = setmetatable({}, { __mode = "k" })

local function on_line(_, line)
	local func = getinfo(2, "f").func
	local lines = lines_of_function[func]
	if lines == nil then
		local source = getinfo(func, "S").source
		lines = hits[source]
		if lines == nil then
			lines = {}
			hits[source] = lines
		end
		lines_of_function[func] = lines
	end
	lines[line] = (lines[line] or 0) + 1
end

-- Coroutines get the hook mask but not the Lua hook function (it is kept per thread): each new
-- coroutine sets it for itself first. Prosody runs its sessions and start-up in coroutines.
local create, wrap = coroutine.create, coroutine.wrap
coroutine.create = function(f)
	return create(function(...)
		sethook(on_line, "l")
		return f(...)
	end)
end
coroutine.wrap = function(f)
	return wrap(function(...)
		sethook(on_line, "l")
		return f(...)
	end)
end

local own_source = getinfo(1, "S").source
local written = false
local function write_hits()
	if written then return end
	written = true
	sethook()
	local temp = out_file .. ".partial"
	local file = io.open(temp, "w")
	if file == nil then return end
	local parts = {}
	for source, lines in pairs(hits) do
		-- Only chunks loaded from files ("@path"); strings run with load() have no file to show.
		if source:sub(1, 1) == "@" and source ~= own_source and not source:find("\n", 1, true) then
			parts[#parts + 1] = source
			for line, count in pairs(lines) do
				parts[#parts + 1] = line .. " " .. count
			end
		end
	end
	parts[#parts + 1] = "."
	file:write(table.concat(parts, "\n"), "\n")
	file:close()
	-- Whole or nothing: the reader never sees a file still being written.
	os.rename(temp, out_file)
end

local exit = os.exit
os.exit = function(...)
	write_hits()
	return exit(...)
end
-- SIGTERM writes and exits at once. Prosody's own shutdown would close every session first, and
-- with mod_debug_reset loaded the last one's end resets every host: seconds under the line hook.
-- Prosody registers its handler through util.signal's signal() (required as "prosody.util.signal"
-- in 13, "util.signal" in 0.12), which net/server.lua may replace by its signalfd version: the
-- field is kept behind a metatable, so whichever signal() is in place, a SIGTERM handler given to
-- it is replaced by ours.
local wrapped_signal_modules = {}
local function stop_on_sigterm(module)
	if type(module) ~= "table" or type(rawget(module, "signal")) ~= "function" or wrapped_signal_modules[module] then return end
	if getmetatable(module) ~= nil then return end
	wrapped_signal_modules[module] = true
	local register = rawget(module, "signal")
	local function on_sigterm()
		write_hits()
		exit(0)
	end
	local function signal(name, handler, ...)
		if name == "SIGTERM" or (name ~= nil and name == rawget(module, "SIGTERM")) then handler = on_sigterm end
		return register(name, handler, ...)
	end
	rawset(module, "signal", nil)
	setmetatable(module, {
		__index = function(_, key) if key == "signal" then return signal end end,
		__newindex = function(t, key, value)
			if key == "signal" then register = value else rawset(t, key, value) end
		end,
	})
end
local original_require = require
require = function(name, ...)
	local module, loader_data = original_require(name, ...)
	if name == "prosody.util.signal" or name == "util.signal" then stop_on_sigterm(module) end
	return module, loader_data
end

-- The end of the main chunk (lua.c closes the state): finalizers run then.
_G.__scansion_coverage = setmetatable({}, { __gc = write_hits })

sethook(on_line, "l")
