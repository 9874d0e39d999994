-- Fails while it loads, as a module with a typo does.
local missing = require "util.no_such_library";
module:add_feature(missing.namespace);
