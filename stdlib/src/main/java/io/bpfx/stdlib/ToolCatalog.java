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
 * folder. Each is a folder {@code tools/NAME/}: {@code NAME.lua} + {@code NAME.bpf.c} (+
 * {@code NAME.h} with the event struct) — stdlib/tools/NAME/ in the repository, or, for the
 * tools that are also examples, examples/NAME.*. A tool is unpacked into a cache folder before
 * it runs (its .lua names its C by a relative path).
 */
public final class ToolCatalog {
    private static final String ROOT = "/io/bpfx/stdlib/tools/";
    /** The examples that are ready tools too (their files live in examples/). */
    static final List<String> EXAMPLES = List.of("opensnoop", "execsnoop", "funclatency", "profile",
            "schedswitch", "exporter");
    /** The tools of stdlib/tools/, one folder each. */
    static final List<String> FOLDERS = List.of("bashreadline", "biolatency", "biosnoop", "bitesize",
            "cpudist", "exitsnoop", "funccount", "gethostlatency", "hardirqs", "killsnoop", "mountsnoop", "naptime", "oomkill",
            "runqlat", "runqlen", "sigsnoop", "softirqs", "statsnoop", "syncsnoop", "syscount", "tcplife", "tcpstates",
            "threadsnoop");
    private static final List<String> TOOLS = java.util.stream.Stream.concat(EXAMPLES.stream(), FOLDERS.stream())
            .sorted().toList();
    private static final List<String> SUFFIXES = List.of(".lua", ".bpf.c", ".h");

    private ToolCatalog() {}

    /** Every tool, sorted by name. */
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
                try (InputStream in = ToolCatalog.class.getResourceAsStream(ROOT + name + "/" + name + suffix)) {
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
