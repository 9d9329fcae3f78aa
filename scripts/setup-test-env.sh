#!/usr/bin/env bash
# Installs what the test suites need on a Debian machine (run as root), idempotently:
#   Debian: chromium (editor UI tests, diagram rendering), graphviz (DOT export validated by `dot`), neovim (second LSP client), nftables + iptables + ipset + iproute2
#   (rules loaded into a real kernel), and the toolchain code-server's native modules build with.
#   code-server 4.100.3 (a real VS Code 1.100.3) into .vscode-test/code-server, offline-safe.
#   The current Neovim release (Debian unstable's) into .vscode-test/nvim-current, beside Debian's 0.7.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium neovim nftables iptables ipset conntrack iproute2 build-essential pkg-config python3 libkrb5-dev ripgrep graphviz)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup-test-env: missing Debian packages (${missing[*]}) and not root: install them first." >&2
        exit 1
    fi
    echo "setup-test-env: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash scripts/setup-code-server.sh
python3 scripts/setup-neovim-current.py
