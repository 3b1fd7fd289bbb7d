package io.bpfx.engine.btf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Test-only: finds the repo and the BTF of the compiled test BPF objects. */
final class BtfFixtures {
    static final Path VMLINUX = Paths.get("/sys/kernel/btf/vmlinux");

    private BtfFixtures() {}

    /** The repo root: system property bpfx.root, else the first parent of the working dir holding native/. */
    static Path repoRoot() {
        String prop = System.getProperty("bpfx.root");
        if (prop != null && Files.isDirectory(Paths.get(prop, "native"))) return Paths.get(prop);
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("native/bpf"))) return p;
        }
        throw new IllegalStateException("cannot find the repo root (no native/ above " + Paths.get("").toAbsolutePath() + ")");
    }

    /** The raw .BTF section of native/build/bpf/{name}; run `make -C native` first. */
    static byte[] objectBtf(String name) {
        Path obj = repoRoot().resolve("native/build/bpf").resolve(name);
        if (!Files.exists(obj)) throw new IllegalStateException(obj + " is missing: run `make -C native`");
        try {
            return ElfSections.section(obj, ".BTF");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Btf object(String name) {
        return Btf.parse(objectBtf(name));
    }
}
