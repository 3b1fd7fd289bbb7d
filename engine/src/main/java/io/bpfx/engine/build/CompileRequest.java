package io.bpfx.engine.build;

import java.nio.file.Path;
import java.util.List;

/** One *.bpf.c to compile into a CO-RE object, with the target's flags. */
public record CompileRequest(Path source, List<String> defines, List<Path> includeDirs) {
    public CompileRequest {
        defines = List.copyOf(defines);
        includeDirs = List.copyOf(includeDirs);
    }

    public static CompileRequest of(Path source) {
        return new CompileRequest(source, List.of(), List.of());
    }
}
