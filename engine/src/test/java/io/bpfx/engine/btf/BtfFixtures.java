package io.bpfx.engine.btf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.bpfx.engine.testing.NativeBuild;

/** Test-only: the BTF of the compiled test BPF objects. */
final class BtfFixtures {
    static final Path VMLINUX = Paths.get("/sys/kernel/btf/vmlinux");

    private BtfFixtures() {}

    /** The raw .BTF section of native/build/bpf/{name}; run `make -C native` first. */
    static byte[] objectBtf(String name) {
        Path obj = NativeBuild.dir().resolve("bpf").resolve(name);
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
