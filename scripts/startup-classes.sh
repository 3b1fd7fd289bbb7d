#!/usr/bin/env bash
# Regenerates cli/src/main/resources/io/bpfx/cli/startup-classes.txt: the classes that real runs of
# ready tools load beyond the JDK's own CDS archive (bpfx's, LuaJ's, JNA's, picocli's, a few JDK
# ones). `bpfx __train` loads every class named there, so the launcher's archive holds the whole
# start path without touching the kernel. A stale list only costs speed: names that no longer
# exist are skipped, new classes load from the jar as before.
# Needs root and a BPF-capable kernel; takes the kernel lock for each run. Run after a build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/cli/target/bpfx.jar"
out="$root/cli/src/main/resources/io/bpfx/cli/startup-classes.txt"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
n=0
run() { # one real run, every class load logged (no bpfx archive: all app classes show their jar)
  n=$((n + 1))
  flock /tmp/bpfx-kernel.lock java -XX:+UseSerialGC -Djna.nosys=true -Xlog:class+load=info:file="$tmp/$n.log" \
    -jar "$jar" "$@" >/dev/null 2>&1 </dev/null || true
}
run run "$root/examples/schedswitch.lua" --duration 0.2
run run "$root/examples/opensnoop.lua" --duration 0.2
run run "$root/examples/opensnoop.lua" --duration 0.2 --json
run run schedswitch --duration 0.2
# "name source: jrt:/..." or "source: file:..."; hidden and generated classes can't be named
cat "$tmp"/*.log | sed -nE 's/.*\] ([^ ]+) source: (jrt:|file:).*/\1/p' | grep -v -e '\$\$Lambda' -e '/0x' | sort -u >"$out"
echo "$(wc -l <"$out") classes -> $out"
