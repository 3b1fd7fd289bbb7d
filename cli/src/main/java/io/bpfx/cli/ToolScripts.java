package io.bpfx.cli;

import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.Prebuilt;
import io.bpfx.stdlib.ToolCatalog;
import io.bpfx.stdlib.pkg.PackageStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A SCRIPT word on the command line: a .lua file, or a bare name of an installed package or of
 * a ready tool (bpfx run opensnoop). An installed package wins over the ready tool of the same
 * name: installing one is a deliberate act (root's folder, or your $BPFX_HOME), e.g. a newer
 * opensnoop than this bpfx ships; bpfx list and bpfx tools say so, bpfx remove NAME undoes it.
 */
public final class ToolScripts {
    private ToolScripts() {}

    /** The script to load and the prebuilt objects that come with it (a package's). */
    public record Resolved(Path script, Prebuilt objects) {}

    /** The script, or empty when {@code script} is neither a file, a package nor a ready tool. */
    public static Optional<Resolved> resolve(Path script) {
        if (Files.isRegularFile(script)) return Optional.of(new Resolved(script, Prebuilt.none()));
        if (!isBareName(script)) return Optional.empty();
        Optional<PackageStore.Installed> pkg = PackageCommands.store().open(script.toString());
        if (pkg.isPresent()) return Optional.of(new Resolved(pkg.get().script(), pkg.get().objects()));
        return ToolCatalog.unpack(script.toString(), BpfCompiler.defaultCacheDir()).map(p -> new Resolved(p, Prebuilt.none()));
    }

    /** The names a bare word can run: the ready tools and the installed packages, sorted. */
    public static java.util.List<String> names() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(ToolCatalog.names());
        PackageCommands.store().list().forEach(p -> all.add(p.name()));
        return java.util.List.copyOf(all);
    }

    /** A word that can only be a tool's name: one path element, not a script or a BPF program. */
    private static boolean isBareName(Path script) {
        return script.getNameCount() == 1 && !script.toString().endsWith(".lua")
                && !io.bpfx.dsl.ProgramScript.isProgram(script);
    }

    /** "bpfx: script X not found", pointing at bpfx tools for a bare name. */
    static String notFound(Path script) {
        return "bpfx: script " + script + " not found" + (isBareName(script)
                ? ", and no ready tool has that name (bpfx tools lists them)" : "");
    }
}
