package io.bpfx.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of what native/Makefile builds: BPF test objects and workload binaries. */
public final class NativeBuild {
    private NativeBuild() {}

    public static Path root() {
        String prop = System.getProperty("bpfx.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "native"))) return Path.of(prop);
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("native"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repo root (native/)");
        return p;
    }

    public static Path dir() {
        return root().resolve("native/build");
    }

    public static Path bpfObject(String name) {
        return dir().resolve("bpf/" + name + ".bpf.o");
    }

    public static Path bin(String name) {
        return dir().resolve("bin/" + name);
    }
}
