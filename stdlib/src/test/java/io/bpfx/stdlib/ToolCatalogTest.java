package io.bpfx.stdlib;

import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolCatalogTest {
    private static Path examples() {
        return NativeBuild.root().resolve("examples");
    }

    @Test
    void everyToolUnpacksAsTheExampleFilesAre(@TempDir Path cache) throws Exception {
        for (String name : ToolCatalog.names()) {
            Path script = ToolCatalog.unpack(name, cache).orElseThrow();
            assertEquals(cache.resolve("tools").resolve(name).resolve(name + ".lua"), script);
            for (String suffix : new String[] {".lua", ".bpf.c", ".h"}) {
                Path original = examples().resolve(name + suffix);
                Path unpacked = script.resolveSibling(name + suffix);
                assertEquals(Files.exists(original), Files.exists(unpacked), name + suffix);
                if (Files.exists(original)) {
                    assertEquals(Files.readString(original), Files.readString(unpacked), name + suffix);
                }
            }
        }
    }

    @Test
    void unknownNamesAreNotTools(@TempDir Path cache) {
        assertTrue(ToolCatalog.unpack("nosuch", cache).isEmpty());
        assertTrue(ToolCatalog.unpack("tracer", cache).isEmpty());
    }
}
