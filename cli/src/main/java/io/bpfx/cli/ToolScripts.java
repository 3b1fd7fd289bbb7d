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
        boolean bareName = script.getNameCount() == 1 && !script.toString().endsWith(".lua");
        return bareName ? ToolCatalog.unpack(script.toString(), BpfCompiler.defaultCacheDir()) : Optional.empty();
    }

    /** "bpfx: script X not found", pointing at bpfx tools for a bare name. */
    static String notFound(Path script) {
        boolean bareName = script.getNameCount() == 1 && !script.toString().endsWith(".lua");
        return "bpfx: script " + script + " not found" + (bareName
                ? ", and no ready tool has that name (bpfx tools lists them)" : "");
    }
}
