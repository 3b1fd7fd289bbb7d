package io.bpfx.engine.kernel;

import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.CompileRequest;
import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** clang → CO-RE objects against this kernel's BTF, cached by content. */
class CompilerKernelTest extends KernelTestBase {
    private static final String PROG = String.join("\n",
            "#include \"vmlinux.h\"",
            "#include <bpf/bpf_helpers.h>",
            "#include \"bpfx.h\"",
            "#include \"local.h\"",
            "struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } c SEC(\".maps\");",
            "SEC(\"tracepoint/syscalls/sys_enter_getpid\")",
            "int count(void *ctx) { __u32 k = 0; bpfx_map_add(&c, &k, INC); return 0; }",
            "char LICENSE[] SEC(\"license\") = \"GPL\";");

    @TempDir
    Path tmp;

    @Test
    void compilesOnceThenHitsTheCacheUntilAHeaderChanges() throws Exception {
        Path src = tmp.resolve("prog.bpf.c");
        Files.writeString(src, PROG);
        Files.writeString(tmp.resolve("local.h"), "#define INC 1\n");
        BpfCompiler compiler = new BpfCompiler(tmp.resolve("cache"));
        BpfCompiler.Result first = compiler.compile(CompileRequest.of(src));
        assertFalse(first.cached());
        try (BpfObject obj = BpfObject.open(first.object())) {
            assertEquals("count", obj.programs().get(0).name());
            obj.load(); // CO-RE relocations against this kernel work
        }
        BpfCompiler.Result second = new BpfCompiler(tmp.resolve("cache")).compile(CompileRequest.of(src));
        assertTrue(second.cached(), "same source, headers, flags and kernel: no clang");
        assertEquals(first.object(), second.object());

        Files.writeString(tmp.resolve("local.h"), "#define INC 2\n"); // an included header changed
        assertFalse(compiler.compile(CompileRequest.of(src)).cached());
        BpfCompiler.Result withDefine = compiler.compile(new CompileRequest(src, List.of("BPFX_TEST_EXTRA=1"), List.of()));
        assertFalse(withDefine.cached(), "other flags are another object");
    }

    @Test
    void clangErrorsComeBackAsFileAndLine() throws Exception {
        Path src = tmp.resolve("broken.bpf.c");
        Files.writeString(src, "#include \"vmlinux.h\"\n\nint f(void) { return undefined_thing; }\n");
        BpfxException e = assertThrows(BpfxException.BadInput.class,
                () -> new BpfCompiler(tmp.resolve("cache")).compile(CompileRequest.of(src)));
        assertEquals(src + ":3: use of undeclared identifier 'undefined_thing'", e.getMessage());
    }

    @Test
    void missingSourceIsNamed() {
        BpfxException e = assertThrows(BpfxException.NotFound.class,
                () -> new BpfCompiler(tmp.resolve("cache")).compile(CompileRequest.of(tmp.resolve("nope.bpf.c"))));
        assertEquals("BPF source " + tmp.resolve("nope.bpf.c") + " not found", e.getMessage());
    }

    @Test
    void theNativeHeaderShipsInTheJar() throws Exception {
        // what the Makefile compiles with is what scripts compile with
        assertEquals(Files.readString(NativeBuild.root().resolve("native/include/bpfx.h")),
                new String(BpfCompiler.class.getResourceAsStream("/io/bpfx/include/bpfx.h").readAllBytes()));
    }
}
