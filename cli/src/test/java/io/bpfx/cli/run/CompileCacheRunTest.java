package io.bpfx.cli.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The second run of a script does not start clang: bpfx runs with $BPFX_CLANG set to a
 * wrapper that logs each call before exec'ing clang, and a fresh $BPFX_CACHE.
 */
class CompileCacheRunTest extends RunTestBase {

    @Test
    void secondRunDoesNotInvokeClangButAChangedSourceDoes(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("script"));
        Files.copy(resource("scripts/count.lua"), dir.resolve("count.lua"));
        Files.copy(resource("scripts/count.bpf.c"), dir.resolve("count.bpf.c"));
        Path cache = tmp.resolve("cache");
        Path log = tmp.resolve("clang.log");
        Path clang = tmp.resolve("clang-logged");
        Files.writeString(clang, "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec clang \"$@\"\n");
        Files.setPosixFilePermissions(clang, PosixFilePermissions.fromString("rwxr-xr-x"));

        run(dir, cache, clang);
        assertEquals(1, clangCalls(log), "the first run compiles count.bpf.c");
        List<Path> objects = objects(cache);
        assertEquals(1, objects.size(), objects::toString);
        String firstObject = Files.getLastModifiedTime(objects.get(0)) + " " + Files.size(objects.get(0));

        run(dir, cache, clang);
        assertEquals(1, clangCalls(log), "the second run takes the object from the cache");
        assertEquals(objects, objects(cache), "no new object");
        assertEquals(firstObject, Files.getLastModifiedTime(objects.get(0)) + " " + Files.size(objects.get(0)),
                "the object is not rewritten");

        Files.writeString(dir.resolve("count.bpf.c"), Files.readString(dir.resolve("count.bpf.c")) + "/* changed */\n");
        run(dir, cache, clang);
        assertEquals(2, clangCalls(log), "a changed source is compiled again");
        assertEquals(2, objects(cache).size());
    }

    private static void run(Path dir, Path cache, Path clang) {
        BpfxProcess.Result r = Bpfx.run(dir.resolve("count.lua"), "--duration", "0.1")
                .env("BPFX_CACHE", cache.toString()).env("BPFX_CLANG", clang.toString()).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("on_stop ran"), r.stdout());
    }

    private static long clangCalls(Path log) throws IOException {
        if (!Files.exists(log)) return 0;
        return Files.readAllLines(log).stream().filter(l -> l.contains("count.bpf.c")).count();
    }

    private static List<Path> objects(Path cache) throws IOException {
        try (Stream<Path> s = Files.walk(cache.resolve("objects"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".o")).sorted().toList();
        }
    }
}
