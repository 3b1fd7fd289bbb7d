package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptionScopeTest {
    @TempDir
    Path dir;

    private ScriptModel model(String source) {
        return new TestScripts(dir).load(source).model();
    }

    private String error(String source) {
        return assertThrows(ScriptError.class, () -> new TestScripts(dir).load(source)).getMessage();
    }

    private SourceLocation at(int line) {
        return new SourceLocation("tracer.lua", line);
    }

    @Test
    void recordsEveryDeclarationWithItsLine() {
        ScriptModel model = model("""
                target("t")
                    set_kind("perf_event")
                    add_files("src/a.bpf.c", "b.bpf.o")
                    add_defines("X=1", "DEBUG")
                    add_includedirs("include")
                    set_values{ min_us = 10, ratio = 0.5, comm = "bash", verbose = true }
                    attach_to("do_sample", "cpu-clock", { frequency = 99, pid = 42 })
                    set_binary("libc")
                    set_toolchains("bcc")
                    on_event("events", function(e) end, { type = "event" })
                    on_lost(function(n) end)
                    on_stop(function() end)
                    add_metric{ name = "bytes_total", type = "counter", labels = { "comm", "pid" } }
                """);
        TargetSpec t = model.target("t").orElseThrow();
        assertEquals(at(1), t.location());
        assertEquals(TargetKind.PERF_EVENT, t.kind());
        assertEquals(at(2), t.kindLocation().orElseThrow());

        assertEquals(List.of("src/a.bpf.c", "b.bpf.o"), t.files().stream().map(DeclaredPath::given).toList());
        assertEquals(dir.toAbsolutePath().resolve("src/a.bpf.c"), t.files().get(0).path());
        assertEquals(at(3), t.files().get(1).location());

        assertEquals(List.of("X=1", "DEBUG"), t.defines());
        assertEquals(dir.toAbsolutePath().resolve("include"), t.includeDirs().get(0).path());
        assertEquals(at(5), t.includeDirs().get(0).location());

        assertEquals(Map.of("min_us", 10L, "ratio", 0.5, "comm", "bash", "verbose", true), t.values());
        assertEquals(List.of("comm", "min_us", "ratio", "verbose"), List.copyOf(t.values().keySet()));

        Attachment a = t.attachments().get(0);
        assertEquals("do_sample", a.program());
        assertEquals("cpu-clock", a.place());
        assertEquals(99L, a.frequency().getAsLong());
        assertEquals(42L, a.pid().getAsLong());
        assertFalse(a.retprobe());
        assertEquals(at(7), a.location());

        assertEquals("libc", t.binary().orElseThrow());
        assertEquals(at(8), t.binaryLocation().orElseThrow());
        assertEquals("bcc", t.toolchain().orElseThrow());

        EventHandler h = t.eventHandlers().get(0);
        assertEquals("events", h.map().orElseThrow());
        assertEquals("event", h.type().orElseThrow());
        assertNotNull(h.function());
        assertEquals(at(10), h.location());
        assertEquals(at(11), t.lostHandler().orElseThrow().location());
        assertEquals(at(12), t.stopHandler().orElseThrow().location());

        MetricTable m = t.metrics().get(0);
        assertEquals(Map.of("name", "bytes_total", "type", "counter", "labels", List.of("comm", "pid")), m.definition());
        assertEquals(at(13), m.location());
    }

    @Test
    void defaultsAreBasicWithNothingDeclared() {
        TargetSpec t = model("target(\"t\")\nadd_files(\"a.bpf.c\")").target("t").orElseThrow();
        assertEquals(TargetKind.BASIC, t.kind());
        assertTrue(t.kindLocation().isEmpty());
        assertTrue(t.values().isEmpty());
        assertTrue(t.binary().isEmpty());
        assertTrue(t.toolchain().isEmpty());
        assertTrue(t.lostHandler().isEmpty());
        assertTrue(t.attachments().isEmpty());
    }

    @Test
    void reopeningATargetAddsToItAndSetReplacesWhileAddAppends() {
        ScriptModel model = model("""
                target("a")
                    add_files("one.bpf.c")
                    set_values{ x = 1 }
                    set_kind("kprobe")
                target("b")
                    add_files("b.bpf.c")
                target("a")
                    add_files("two.bpf.c")
                    set_values{ y = 2 }
                    set_kind("kretprobe")
                """);
        assertEquals(List.of("a", "b"), model.targetNames());
        TargetSpec a = model.target("a").orElseThrow();
        assertEquals(at(1), a.location());
        assertEquals(List.of("one.bpf.c", "two.bpf.c"), a.files().stream().map(DeclaredPath::given).toList());
        assertEquals(Map.of("y", 2L), a.values());
        assertEquals(TargetKind.KRETPROBE, a.kind());
        assertEquals(at(10), a.kindLocation().orElseThrow());
    }

    @Test
    void targetEndClosesTheTarget() {
        assertEquals("tracer.lua:4: add_files() must follow target(name): no target is open here", error("""
                target("a")
                    add_files("a.bpf.c")
                target_end()
                add_files("b.bpf.c")
                """));
    }

    @Test
    void declarationOutsideATargetNamesFunctionAndLine() {
        assertEquals("tracer.lua:2: set_kind() must follow target(name): no target is open here",
                error("-- nothing open yet\nset_kind(\"uprobe\")"));
    }

    @Test
    void locationsComeFromTheCallingLineEvenInsideHelperFunctions() {
        ScriptModel model = model("""
                local function probe(name, file)
                    target(name)
                    add_files(file)
                end
                probe("x", "x.bpf.c")
                """);
        assertEquals(at(2), model.target("x").orElseThrow().location());
        assertEquals(at(3), model.target("x").orElseThrow().files().get(0).location());
    }

    @Test
    void entryIsRecordedWithItsLine() {
        ScriptModel model = model("\n\nentry(function(arg) end)");
        assertTrue(model.entry().isPresent());
        assertEquals(at(3), model.entryLocation().orElseThrow());
        assertTrue(model("target('t') add_files('t.bpf.c')").entry().isEmpty());
    }

    @Test
    void secondEntryOrDuplicateHandlerIsAnError() {
        assertEquals("tracer.lua:2: entry(): entry is already defined (tracer.lua:1)",
                error("entry(function() end)\nentry(function() end)"));
        assertEquals("tracer.lua:3: on_event(): target \"t\" already has a handler for its events (tracer.lua:2)",
                error("target('t')\non_event(function() end)\non_event(function() end)"));
        assertEquals("tracer.lua:3: on_stop(): target \"t\" already has an on_stop handler (tracer.lua:2)",
                error("target('t')\non_stop(function() end)\non_stop(function() end)"));
    }

    @Test
    void onEventMapAndFunctionForms() {
        TargetSpec t = model("""
                target("t")
                on_event(function(e) end)
                on_event("other", function(e) end)
                """).target("t").orElseThrow();
        assertTrue(t.eventHandlers().get(0).map().isEmpty());
        assertTrue(t.eventHandlers().get(0).type().isEmpty());
        assertEquals("other", t.eventHandlers().get(1).map().orElseThrow());
    }

    @Test
    void argumentsAreValidated() {
        assertEquals("tracer.lua:1: bad argument #1 to target() (string target name expected, got number)", error("target(1)"));
        assertEquals("tracer.lua:2: bad argument #1 to add_files() (string file expected, got table)",
                error("target('t')\nadd_files({})"));
        assertEquals("tracer.lua:2: add_files(): expects at least one file", error("target('t')\nadd_files()"));
        assertEquals("tracer.lua:2: add_files(): cannot build \"notes.txt\": expected a *.bpf.c, *.bpf.o or BCC *.c file",
                error("target('t')\nadd_files('notes.txt')"));
        assertEquals("tracer.lua:2: set_values(): value of pids must be a number, string or boolean, got table",
                error("target('t')\nset_values{ pids = {1} }"));
        assertEquals("tracer.lua:2: set_values(): keys must be C global names, got \"not valid\"",
                error("target('t')\nset_values{ ['not valid'] = 1 }"));
        assertEquals("tracer.lua:2: attach_to(): unknown option 'frequncy' (known: frequency, period, pid, retprobe)",
                error("target('t')\nattach_to('p', 'cpu-clock', { frequncy = 99 })"));
        assertEquals("tracer.lua:2: attach_to(): option pid must be a positive integer, got 1.5",
                error("target('t')\nattach_to('p', 'x', { pid = 1.5 })"));
        assertEquals("tracer.lua:2: attach_to(): give frequency or period, not both",
                error("target('t')\nattach_to('p', 'x', { frequency = 1, period = 2 })"));
        assertEquals("tracer.lua:2: set_toolchains(): unknown toolchain \"gcc\" (expected bcc or clang)",
                error("target('t')\nset_toolchains('gcc')"));
        assertEquals("tracer.lua:2: add_defines(): \"1X\" is not NAME or NAME=VALUE",
                error("target('t')\nadd_defines('1X')"));
        assertEquals("tracer.lua:2: on_event(): the only option is type, e.g. { type = \"event\" }",
                error("target('t')\non_event(function() end, { typ = 'event' })"));
        assertEquals("tracer.lua:1: target(): target name must not be empty", error("target('')"));
        assertEquals("tracer.lua:1: target(): takes at most 1 argument, got 2", error("target('a', 'b')"));
    }

    @Test
    void modelIsFrozenAfterTheDescriptionScope() {
        TargetSpec t = model("target('t')").target("t").orElseThrow();
        assertThrows(IllegalStateException.class, () -> t.addDefine("X"));
        assertThrows(UnsupportedOperationException.class, () -> t.defines().add("X"));
    }
}
