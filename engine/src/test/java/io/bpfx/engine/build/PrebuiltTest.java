package io.bpfx.engine.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiler hands back a prebuilt object for its exact source and defines, before anything else. */
class PrebuiltTest {

    @Test
    void theExactSourceAndDefinesGetTheObjectAndNothingIsCompiled(@TempDir Path tmp) throws Exception {
        Path src = Files.writeString(tmp.resolve("x.bpf.c"), "int x;\n");
        Path obj = Files.write(tmp.resolve("x.bpf.o"), new byte[] {0x7f, 'E', 'L', 'F'});
        String key = Prebuilt.key(Files.readAllBytes(src), List.of("A=1"));
        Prebuilt prebuilt = Prebuilt.none().with(key, obj);
        BpfCompiler compiler = new BpfCompiler(tmp.resolve("cache"), prebuilt);

        BpfCompiler.Result r = compiler.compile(new CompileRequest(src, List.of("A=1"), List.of()));
        assertEquals(obj, r.object());
        assertTrue(r.cached());
        assertFalse(Files.exists(tmp.resolve("cache")), "no vmlinux.h, no object: nothing ran");

        assertEquals(Optional.empty(), prebuilt.find(new CompileRequest(src, List.of("A=2"), List.of())), "another define");
        Files.writeString(src, "int y;\n");
        assertEquals(Optional.empty(), prebuilt.find(new CompileRequest(src, List.of("A=1"), List.of())), "a changed source");
        assertNotEquals(Prebuilt.key("ab".getBytes(), List.of("c")), Prebuilt.key("a".getBytes(), List.of("bc")));
    }
}
