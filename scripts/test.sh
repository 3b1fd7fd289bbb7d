#!/usr/bin/env bash
# Builds bpfx and runs every test, the real-kernel ones included (as root),
# then prints one summary line counted from the Surefire reports.
set -euo pipefail
cd "$(dirname "$0")/.."
rc=0
mvn -B -ntp verify "$@" || rc=$?
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml)
if [ ${#reports[@]} -gt 0 ]; then
  # one line per suite: tests, failures, errors, skipped
  awk -F'"' '/<testsuite /{
      for (i = 1; i < NF; i++) {
        if ($i ~ / tests=$/) t += $(i+1); if ($i ~ / failures=$/) f += $(i+1);
        if ($i ~ / errors=$/) e += $(i+1); if ($i ~ / skipped=$/) s += $(i+1)
      }
    } END { printf "\ntests: %d passed, %d failed, %d skipped\n", t - f - e - s, f + e, s }' "${reports[@]}"
fi
exit $rc
