#!/usr/bin/env bash
# Installs what bpfx needs on Debian 12 (as root) and prepares the kernel side:
# tracefs mounted, and kernel headers BCC can find. Safe to run again.
set -euo pipefail

PACKAGES=(
  # build: JDK 17, Maven, the BPF toolchain and the C workloads
  openjdk-17-jdk-headless maven make gcc libc6-dev
  clang llvm libbpf-dev libelf-dev zlib1g-dev bpftool linux-libc-dev
  systemtap-sdt-dev libluajit-5.1-dev
  # run: Lua interpreters for the seed example, BCC for runtime-compiled C
  luajit lua5.4 libbpfcc libbpfcc-dev linux-headers-amd64
  # compare and check: bpftrace and BCC tools for benchmarks, Prometheus for the exporter tests
  bpftrace bpfcc-tools python3-bpfcc prometheus
  curl jq procps util-linux
  # the REPL tests drive `bpfx repl` in a real terminal
  tmux
)

if [ "$(id -u)" != 0 ]; then
  echo "setup.sh must run as root (it installs packages and mounts tracefs)" >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # prometheus' postinst would start a daemon on :9090; tests start their own
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

# tracefs lists tracepoints; it is not mounted at boot on every machine
if [ ! -d /sys/kernel/tracing/events ]; then
  mount -t tracefs nodev /sys/kernel/tracing
fi

# BCC looks for headers under /lib/modules/$(uname -r)/build; a kernel without
# its own headers package (like a VM's custom kernel) borrows Debian's
if [ ! -e "/lib/modules/$(uname -r)/build" ] && [ -z "${BCC_KERNEL_SOURCE:-}" ]; then
  debian=$(ls -d /lib/modules/*-amd64 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$debian" ] && [ ! -e "/lib/modules/$(uname -r)" ]; then
    ln -s "$debian" "/lib/modules/$(uname -r)"
    echo "setup: linked /lib/modules/$(uname -r) -> $debian (Debian's headers, for BCC)" >&2
  fi
fi
