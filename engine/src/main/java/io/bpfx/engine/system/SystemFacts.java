package io.bpfx.engine.system;

import io.bpfx.engine.Capabilities;
import io.bpfx.engine.bcc.KernelHeaders;
import io.bpfx.engine.libbpf.LibBpf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The facts behind {@link Features} that are read, not loaded: sysctls, capabilities, tools. */
final class SystemFacts {
    static final Path JIT = Path.of("/proc/sys/net/core/bpf_jit_enable");
    static final Path UNPRIVILEGED = Path.of("/proc/sys/kernel/unprivileged_bpf_disabled");

    private SystemFacts() {
    }

    static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Feature jit() {
        Optional<String> v = read(JIT);
        if (v.isEmpty()) {
            return Feature.no("jit", "no " + JIT + ": kernel built without CONFIG_BPF_JIT", "a kernel with CONFIG_BPF_JIT=y");
        }
        if (v.get().equals("0")) {
            return Feature.no("jit", "bpf_jit_enable is 0: programs run in the interpreter (slower)",
                    "sysctl net.core.bpf_jit_enable=1");
        }
        return Feature.yes("jit", "bpf_jit_enable=" + v.get());
    }

    static Feature unprivilegedBpf() {
        Optional<String> v = read(UNPRIVILEGED);
        if (v.isPresent() && v.get().equals("0")) {
            return Feature.yes("unprivileged_bpf", "unprivileged_bpf_disabled=0: any user may load socket filters");
        }
        return Feature.no("unprivileged_bpf", "unprivileged_bpf_disabled=" + v.orElse("?")
                        + ": only root or CAP_BPF may load programs (the safe default)",
                "run bpfx as root or with CAP_BPF and CAP_PERFMON");
    }

    static Feature capabilities() {
        long caps = Capabilities.effective();
        List<String> names = new ArrayList<>();
        String[] wanted = {"CAP_SYS_ADMIN:21", "CAP_NET_ADMIN:12", "CAP_PERFMON:38", "CAP_BPF:39"};
        for (String w : wanted) {
            int bit = Integer.parseInt(w.substring(w.indexOf(':') + 1));
            if (caps != -1 && (caps & (1L << bit)) != 0) {
                names.add(w.substring(0, w.indexOf(':')));
            }
        }
        String have = names.isEmpty() ? "none of CAP_SYS_ADMIN, CAP_BPF, CAP_PERFMON" : String.join(" ", names);
        if (caps == -1 || Capabilities.canLoadBpf(caps)) {
            return Feature.yes("capabilities", have);
        }
        return Feature.no("capabilities", have, "run as root, or grant CAP_BPF and CAP_PERFMON");
    }

    static Feature bccHeaders() {
        String release = System.getProperty("os.version");
        Optional<String> problem = KernelHeaders.problem(System::getenv, release, Path.of("/lib/modules"),
                Path.of("/sys/kernel/kheaders.tar.xz"));
        return problem.map(p -> Feature.no("bcc_headers", p, "apt-get install linux-headers-" + release))
                .orElseGet(() -> Feature.yes("bcc_headers", "kernel headers for " + release));
    }

    static Feature clang() {
        String clang = System.getenv().getOrDefault("BPFX_CLANG", "clang");
        try {
            Process p = new ProcessBuilder(clang, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Feature.no("clang", clang + " --version failed", "apt-get install clang llvm");
            }
            String first = out.lines().findFirst().orElse("").trim();
            return Feature.yes("clang", first);
        } catch (IOException e) {
            return Feature.no("clang", clang + " not found: *.bpf.c cannot be compiled here",
                    "apt-get install clang llvm, or run prebuilt *.bpf.o / tool packages");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Feature.no("clang", "interrupted", "");
        }
    }

    static Feature libbpf() {
        LibBpf lib = LibBpf.INSTANCE;
        return Feature.yes("libbpf", "libbpf " + lib.libbpf_major_version() + "." + lib.libbpf_minor_version());
    }
}
