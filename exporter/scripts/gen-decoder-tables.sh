#!/bin/sh
# Regenerates the number -> name tables behind the `syscall` and `errno`
# decoders from the kernel UAPI headers of the build host. The output is
# committed, so the exporter never needs kernel headers at run time.
#
#   exporter/scripts/gen-decoder-tables.sh [include-dir]
#
# include-dir defaults to /usr/include (Debian/Ubuntu layout: x86_64 syscall
# numbers in x86_64-linux-gnu/asm/unistd_64.h, errno in asm-generic/).
set -eu

inc=${1:-/usr/include}
out=$(dirname "$0")/../src/main/resources/io/bpfx/exporter/decode

unistd=$inc/x86_64-linux-gnu/asm/unistd_64.h
[ -f "$unistd" ] || unistd=$inc/asm/unistd_64.h

{
  echo "# x86_64 syscall numbers, generated from $(basename "$unistd") by exporter/scripts/gen-decoder-tables.sh"
  awk '$1 == "#define" && $2 ~ /^__NR_/ && $3 ~ /^[0-9]+$/ { sub(/^__NR_/, "", $2); print $3, $2 }' "$unistd" | sort -n
} > "$out/syscalls-x86_64.txt"

{
  echo "# errno numbers, generated from asm-generic/errno-base.h and errno.h by exporter/scripts/gen-decoder-tables.sh"
  # Aliases (EWOULDBLOCK EAGAIN, EDEADLOCK EDEADLK) are not numeric and are
  # skipped, so every number keeps the name golang.org/x/sys/unix gives it.
  cat "$inc/asm-generic/errno-base.h" "$inc/asm-generic/errno.h" \
    | awk '$1 == "#define" && $2 ~ /^E[A-Z0-9]+$/ && $3 ~ /^[0-9]+$/ { print $3, $2 }' | sort -n
} > "$out/errno.txt"
