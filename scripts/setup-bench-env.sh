#!/usr/bin/env bash
# What `npm run bench` compares against: Capirca's `aclgen` (Debian's python3-capirca). Installs it
# when missing and running as root; otherwise the benchmark says Capirca is not installed.
set -uo pipefail
if command -v aclgen >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-bench-env: installing python3-capirca (Capirca's aclgen, the benchmark's reference)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-capirca >/dev/null \
        || echo "setup-bench-env: could not install python3-capirca; the benchmark runs without the Capirca comparison" >&2
else
    echo "setup-bench-env: aclgen (python3-capirca) is not installed and this is not root; the benchmark runs without the Capirca comparison" >&2
fi
exit 0
