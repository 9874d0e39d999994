#!/usr/bin/env bash
# Runs CI as a new machine would, to catch what a warm cache or a hand-installed package hides:
# clones this repository's committed HEAD into a new folder with a read-only copy of ../shared
# beside it, points XDG_CACHE_HOME at an empty folder, and runs `CI=true bash .ci/run` with no
# standard input. Uncommitted changes are not in the clone: commit first.
# Usage: bash scripts/ci-fresh-clone.sh [work folder]   (default: a new folder under /tmp)
# Debian packages stay installed; to check their install steps too, remove them first
# (e.g. `apt-get remove -y prosody chromium libkrb5-dev`).
set -euo pipefail
exec </dev/null
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="$repo/../shared"
work="${1:-$(mktemp -d /tmp/scansion-fresh-ci.XXXXXX)}"
mkdir -p "$work"
git clone --quiet "$repo" "$work/main"
if [ -d "$shared" ]; then
  cp -r "$shared" "$work/shared"
  chmod -R a-w "$work/shared"
fi
mkdir -p "$work/cache"
echo "fresh-clone CI: $(git -C "$work/main" log -1 --format='%h %s' | cut -c1-100)"
echo "fresh-clone CI: in $work (cache: $work/cache)"
started=$SECONDS
status=0
(cd "$work/main" && env XDG_CACHE_HOME="$work/cache" CI=true bash .ci/run) || status=$?
echo "fresh-clone CI: exit $status after $((SECONDS - started)) s"
exit "$status"
