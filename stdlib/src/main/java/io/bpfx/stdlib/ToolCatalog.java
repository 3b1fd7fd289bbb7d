package io.bpfx.stdlib;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The ready tools packaged in the jar, so {@code bpfx run opensnoop} works from any
 * folder: each is {@code NAME.lua} + {@code NAME.bpf.c} (+ {@code NAME.h} with the event
 * struct), the same files as in the repository's examples/. A tool is unpacked into a
 * cache folder before it runs (its .lua names its C by a relative path).
 */
public final class ToolCatalog {
    static final String ROOT = "/io/bpfx/stdlib/tools/";
    private static final List<String> TOOLS = List.of("opensnoop", "execsnoop", "funclatency", "profile",
            "schedswitch", "exporter");
    private static final List<String> SUFFIXES = List.of(".lua", ".bpf.c", ".h");

    private ToolCatalog() {}

    public static List<String> names() {
        return TOOLS;
    }

    /**
     * Unpacks tool {@code name} under {@code cacheDir}/tools/NAME and returns its script, or
     * empty when there is no such tool. Files are rewritten each time (they are small), so a
     * newer bpfx never runs an older copy.
     */
    public static Optional<Path> unpack(String name, Path cacheDir) {
        if (!TOOLS.contains(name)) return Optional.empty();
        Path dir = cacheDir.resolve("tools").resolve(name);
        try {
            Files.createDirectories(dir);
            for (String suffix : SUFFIXES) {
                try (InputStream in = ToolCatalog.class.getResourceAsStream(ROOT + name + suffix)) {
                    if (in != null) Files.write(dir.resolve(name + suffix), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new BpfxException("cannot unpack tool " + name + " into " + dir + ": " + e.getMessage(), e);
        }
        Path script = dir.resolve(name + ".lua");
        if (!Files.isRegularFile(script)) {
            throw new BpfxException.CorruptObject("tool " + name + " is missing from this bpfx jar");
        }
        return Optional.of(script);
    }
}
