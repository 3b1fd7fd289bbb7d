package io.bpfx.stdlib;

import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolCatalogTest {
    private static Path repo() {
        return NativeBuild.root();
    }

    /** Where tool {@code name}'s files live in the repository. */
    private static Path source(String name, String suffix) {
        return ToolCatalog.EXAMPLES.contains(name) ? repo().resolve("examples").resolve(name + suffix)
                : repo().resolve("stdlib/tools").resolve(name).resolve(name + suffix);
    }

    @Test
    void everyToolUnpacksAsItsFilesAre(@TempDir Path cache) throws Exception {
        for (String name : ToolCatalog.names()) {
            Path script = ToolCatalog.unpack(name, cache).orElseThrow();
            assertEquals(cache.resolve("tools").resolve(name).resolve(name + ".lua"), script);
            for (String suffix : new String[] {".lua", ".bpf.c", ".h"}) {
                Path original = source(name, suffix);
                Path unpacked = script.resolveSibling(name + suffix);
                assertEquals(Files.exists(original), Files.exists(unpacked), name + suffix);
                if (Files.exists(original)) {
                    assertEquals(Files.readString(original), Files.readString(unpacked), name + suffix);
                }
            }
        }
    }

    @Test
    void everyFolderOfStdlibToolsIsListed() throws Exception {
        try (Stream<Path> dirs = Files.list(repo().resolve("stdlib/tools"))) {
            List<String> folders = dirs.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(ToolCatalog.FOLDERS.stream().sorted().toList(), folders);
        }
        assertEquals(ToolCatalog.names().stream().sorted().toList(), ToolCatalog.names());
    }

    @Test
    void everyToolDescribesItselfAndNamesItsProbeKinds(@TempDir Path cache) {
        for (String name : ToolCatalog.names()) {
            ToolInfo info = ToolInfo.of(name, ToolCatalog.unpack(name, cache).orElseThrow());
            assertFalse(info.description().isEmpty(), name + " has no set_description");
            assertFalse(info.kinds().isEmpty(), name);
            for (String k : info.kinds()) {
                assertTrue(List.of("tracepoint", "raw_tracepoint", "tp_btf", "uprobe", "usdt", "perf_event").contains(k),
                        name + ": " + k);
            }
        }
    }

    @Test
    void unknownNamesAreNotTools(@TempDir Path cache) {
        assertTrue(ToolCatalog.unpack("nosuch", cache).isEmpty());
        assertTrue(ToolCatalog.unpack("tracer", cache).isEmpty());
    }
}
