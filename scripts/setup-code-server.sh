#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3 server + web workbench) into .vscode-test/code-server from
# the npm registry alone: every download its native dependencies would make from elsewhere is
# answered locally (ripgrep from Debian, Node headers from this machine's Node).
set -euo pipefail
version="${CODE_SERVER_VERSION:-4.100.3}"   # the last code-server for Node 20 (VS Code 1.100.3)
dest="$(pwd)/.vscode-test/code-server"
pkg="$dest/node_modules/code-server"
if [ -f "$pkg/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
   && [ "$(node -p "require('$pkg/package.json').version" 2>/dev/null)" = "$version" ]; then
    exit 0
fi
rg="$(command -v rg || true)"
[ -n "$rg" ] || { echo "setup-code-server: ripgrep is missing (apt-get install ripgrep)" >&2; exit 1; }
[ -f /usr/include/gssapi/gssapi.h ] || { echo "setup-code-server: libkrb5-dev is missing" >&2; exit 1; }
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
[ -f "$node_prefix/include/node/node_api.h" ] || { echo "setup-code-server: no Node headers under $node_prefix/include/node" >&2; exit 1; }
mkdir -p "$dest"
seed="$dest/tmp"
mkdir -p "$seed/vscode-ripgrep-cache-1.15.11"
# @vscode/ripgrep would fetch rg from GitHub; it takes this cached archive instead.
tar czf "$seed/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$rg")" rg
[ -f "$dest/package.json" ] || echo '{ "name": "segplan-code-server", "private": true }' > "$dest/package.json"
echo "setup-code-server: installing code-server $version (about a minute)"
(
    cd "$dest"
    # unsafe_perm: its postinstall refuses root otherwise; yes: node-pty's postinstall runs npx;
    # nodedir: node-gyp uses local headers instead of downloading them.
    TMPDIR="$seed" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$node_prefix" \
        npm install --no-audit --no-fund --no-save --foreground-scripts "code-server@$version" > "$dest/install.log" 2>&1 \
        || { tail -40 "$dest/install.log" >&2; exit 1; }
)
rm -rf "$seed"
echo "setup-code-server: code-server $(node -p "require('$pkg/package.json').version") ready"
