#!/usr/bin/env bash
# Regenerates cli/cds/startup.classlist: every class (JDK, bpfx, LuaJ, JNA, picocli) and every
# lambda / method-handle form that real runs loaded, in the JVM's -XX:DumpLoadedClassList format.
# The launcher dumps a static CDS archive from it (-Xshare:dump -XX:SharedClassListFile), which
# holds the lambdas of the whole start path too: a dynamic archive recorded at exit only holds
# those its training run executed, and the kernel part of the path can't run at training time.
# Only `bpfx run`'s path: the archive's size costs every start (mapping and relocating it), and
# adding the REPL's and the exporter's classes made a run ~20 ms slower. A stale list only costs
# speed: names that no longer exist are skipped at dump time.
# Needs root and a BPF-capable kernel; takes the kernel lock for each run. Run after a build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/cli/target/bpfx.jar"
out="$root/cli/cds/startup.classlist"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
n=0
run() { # one real run with the launcher's flags, its classes listed (no bpfx archive)
  n=$((n + 1))
  flock /tmp/bpfx-kernel.lock java -XX:+UseSerialGC -XX:-UsePerfData -Djna.nosys=true \
    -XX:DumpLoadedClassList="$tmp/$n.lst" -jar "$jar" "$@" >/dev/null 2>&1 </dev/null || true
}
run run "$root/examples/schedswitch.lua" --duration 0.2
run run "$root/examples/opensnoop.lua" --duration 0.2
run run "$root/examples/opensnoop.lua" --duration 0.2 --json
run run schedswitch --duration 0.2
{
  echo "# bpfx's start-up classes for -Xshare:dump, made by scripts/startup-classes.sh: do not edit"
  cat "$tmp"/*.lst | grep -v '^#' | awk '!seen[$0]++'
} >"$out"
echo "$(grep -vc '^#' "$out") lines -> $out"
