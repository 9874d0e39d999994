#!/usr/bin/env bash
# The CLI's npm package as a user gets it: installs dist/scansion-run-<version>.tgz with
# `npm install --offline -g` into an empty prefix with an empty npm cache (so nothing can be
# fetched or found), then runs the installed scansion-run from outside the repository against
# a throwaway Prosody: a passing spec exits 0, a failing one exits 1 naming its line.
# Needs `npm run package` first and Prosody 0.12 (node scripts/ensure-prosody.mjs).
# Usage: bash scripts/release/verify-cli-package.sh [tarball]
set -euo pipefail
exec </dev/null
repo="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(node -p 'require(process.argv[1]).version' "$repo/package.json")"
tarball="$(realpath "${1:-$repo/dist/scansion-run-$version.tgz}")"
fail() { echo "verify-cli-package: $*" >&2; exit 1; }
[ -f "$tarball" ] || fail "$tarball not found: run npm run package first"

bytes=$(stat -c %s "$tarball")
[ "$bytes" -lt 1048576 ] || fail "$tarball is $bytes bytes, over 1 MB"

scratch="$(mktemp -d /tmp/scansion-cli-package.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/prefix" "$scratch/cache" "$scratch/work"
# npm run exports npm_config_* (prefix, cache, …) that this install must not take as its own.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_config_[^=]*\)=.*/\1/Ip')
npm install --offline --global --prefix "$scratch/prefix" --cache "$scratch/cache" \
  --no-audit --no-fund --loglevel=error "$tarball"

installed="$scratch/prefix/lib/node_modules/scansion-run"
[ -x "$scratch/prefix/bin/scansion-run" ] || fail "no bin/scansion-run in the prefix"
[ "$(ls "$scratch/prefix/lib/node_modules")" = "scansion-run" ] || fail "the install brought other packages: $(ls "$scratch/prefix/lib/node_modules" | tr '\n' ' ')"
[ ! -e "$installed/node_modules" ] || fail "the install has dependencies: $(ls "$installed/node_modules" | tr '\n' ' ')"

cd "$scratch/work"
export PATH="$scratch/prefix/bin:$PATH" NODE_PATH=""
[ "$(command -v scansion-run)" = "$scratch/prefix/bin/scansion-run" ] || fail "scansion-run on PATH is $(command -v scansion-run)"
printed="$(scansion-run --version)"
[ "$printed" = "$version" ] || fail "scansion-run --version printed '$printed', package.json says $version"

cp "$repo/testFixture/specs/muc_members_only_deregister.scs" passing.scs
cp "$repo/testFixture/failing/text-mismatch.scs" failing.scs
config="$repo/testFixture/prosody/prosody.cfg.lua"
scansion-run --prosody-config "$config" passing.scs > passing.out 2>&1 || { cat passing.out; fail "the passing spec did not pass"; }
grep -q '^1 passed, 0 failed' passing.out || { cat passing.out; fail "no '1 passed, 0 failed' summary"; }
status=0
scansion-run --prosody-config "$config" --timeout 500 failing.scs > failing.out 2>&1 || status=$?
[ "$status" -eq 1 ] || { cat failing.out; fail "the failing spec exited $status, not 1"; }
grep -q 'failing.scs:19 Romeo receives' failing.out || { cat failing.out; fail "the failure does not name failing.scs:19"; }
# --coverage reads the Lua collector shipped beside cli.js.
scansion-run --prosody-config "$config" --coverage coverage.lcov passing.scs > coverage.out 2>&1 || { cat coverage.out; fail "the passing spec did not pass with --coverage"; }
grep -q '^SF:.*modulemanager\.lua$' coverage.lcov || { cat coverage.out; fail "--coverage wrote no LCOV record of Prosody's module manager"; }
# An ejabberd target with no config of its own reads the config shipped beside cli.js.
[ -r "$installed/throwaway-ejabberd.yml" ] || fail "the package has no throwaway-ejabberd.yml"
ejabberd_checked=""
if command -v ejabberdctl >/dev/null 2>&1; then
  cp "$repo/testFixture/ejabberd/message-and-muc.scs" on-ejabberd.scs
  echo '[{ "name": "ejabberd", "ejabberd": {} }]' > targets.json
  scansion-run --targets targets.json on-ejabberd.scs > ejabberd.out 2>&1 || { cat ejabberd.out; fail "the ejabberd spec did not pass on a throwaway ejabberd with the shipped config"; }
  ejabberd_checked=", and passes a spec on a throwaway ejabberd with its shipped config"
fi
echo "verify-cli-package: $(basename "$tarball") ($bytes bytes) installs offline with no dependencies; its scansion-run $version passes a spec and fails a failing one against a throwaway Prosody, and writes its coverage$ejabberd_checked"
