#!/usr/bin/env bash
# Builds bpfx and runs every test, the real-kernel ones included (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp verify "$@"
