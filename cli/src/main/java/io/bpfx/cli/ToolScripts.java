package io.bpfx.cli;

import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.stdlib.ToolCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A SCRIPT word on the command line: a .lua file, or a bare name of a ready tool (bpfx run opensnoop). */
final class ToolScripts {
    private ToolScripts() {}

    /** The script to load, or empty when {@code script} is neither a file nor a ready tool. */
    static Optional<Path> resolve(Path script) {
        if (Files.isRegularFile(script)) return Optional.of(script);
        return bareName(script) ? ToolCatalog.unpack(script.toString(), BpfCompiler.defaultCacheDir()) : Optional.empty();
    }

    /** A word that can only be a tool's name: one path element, not a script or a BPF program. */
    private static boolean bareName(Path script) {
        return script.getNameCount() == 1 && !script.toString().endsWith(".lua")
                && !io.bpfx.dsl.ProgramScript.isProgram(script);
    }

    /** "bpfx: script X not found", pointing at bpfx tools for a bare name. */
    static String notFound(Path script) {
        return "bpfx: script " + script + " not found" + (bareName(script)
                ? ", and no ready tool has that name (bpfx tools lists them)" : "");
    }
}
