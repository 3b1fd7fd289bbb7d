package io.bpfx.cli.run;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The contract's Errors section, one test each: bpfx prints exactly one line on stderr (no
 * Java stack trace), exits 1, and leaves nothing attached (checked after each test).
 */
class ErrorsRunTest extends RunTestBase {

    /** Runs errors/SCRIPT (in its directory) and returns its one error line, after exit 1. */
    private static String errorOf(String script, String... args) {
        BpfxProcess.Result r = Bpfx.run(resource("errors/" + script), args).run();
        return assertOneErrorLine(r, 1);
    }

    private static void assertStartsWith(String prefix, String line) {
        assertTrue(line.startsWith(prefix), () -> "expected '" + prefix + "...'\n     got '" + line + "'");
    }

    @Test
    void luaSyntaxError() {
        assertEquals("syntax.lua:3: ')' expected (to close '(' at line 2)", errorOf("syntax.lua"));
    }

    @Test
    void luaRuntimeError() {
        assertEquals("runtime.lua:4: attempt to index a nil value", errorOf("runtime.lua"));
    }

    @Test
    void luaRuntimeErrorStoringIntoNil() {
        assertEquals("runtime_store.lua:5: attempt to index a nil value", errorOf("runtime_store.lua"));
    }

    @Test
    void unknownFunction() {
        assertEquals("tracer.lua:3: unknown function set_knd()", errorOf("tracer.lua"));
    }

    @Test
    void scriptScopeFunctionInTheDescription() {
        assertEquals("scope_script.lua:3: run() is a script-scope function; call it inside entry() or an on_* callback",
                errorOf("scope_script.lua"));
    }

    @Test
    void descriptionScopeFunctionInEntry() {
        assertEquals("scope_description.lua:4: target() is a description-scope function; call it at the top level "
                + "of the script, not inside entry() or an on_* callback", errorOf("scope_description.lua"));
    }

    @Test
    void missingFile() {
        assertEquals("missing_file.lua:2: add_files(): no such file nosuch.bpf.c (looked for "
                + resource("errors").resolve("nosuch.bpf.c") + ")", errorOf("missing_file.lua"));
    }

    @Test
    void missingScript() {
        BpfxProcess.Result r = Bpfx.command("run", "nosuch.lua").in(resource("errors")).run();
        assertEquals("bpfx: script nosuch.lua not found", assertOneErrorLine(r, 2));
        BpfxProcess.Result bare = Bpfx.command("run", "nosuch").in(resource("errors")).run();
        assertEquals("bpfx: script nosuch not found, and no ready tool has that name (bpfx tools lists them)",
                assertOneErrorLine(bare, 2));
    }

    @Test
    void unknownTargetInRun() {
        assertEquals("unknown_target.lua:4: run(): unknown target \"b\" (declared: a)", errorOf("unknown_target.lua"));
    }

    @Test
    void unknownProgramInAttachTo() {
        assertEquals("unknown_program.lua:4: attach_to: no program 'nosuch_prog' in target a (programs: count_open)",
                errorOf("unknown_program.lua"));
    }

    @Test
    void missingTracepointSaysWhereItLooked() {
        String line = errorOf("missing_tracepoint.lua");
        assertStartsWith("missing_tracepoint.lua:4: tracepoint syscalls:sys_enter_nosuch not found: no /sys/kernel/", line);
        assertTrue(line.endsWith("/events/syscalls/sys_enter_nosuch"), line);
    }

    @Test
    void missingSymbolSaysWhereItLooked() {
        assertEquals("missing_symbol.lua:4: symbol no_such_fn not found in " + bin("uprobe_target")
                + "; no similar names among its functions", errorOf("missing_symbol.lua", "-c", "bin=" + bin("uprobe_target")));
    }

    @Test
    void missingBareSymbolSaysWhereItLooked() {
        String line = errorOf("missing_bare_symbol.lua");
        assertStartsWith("missing_bare_symbol.lua:4: symbol bpfx_no_such_function_anywhere not found in libc.so.6 or any of ", line);
        assertTrue(line.endsWith(" libraries known to the loader (/etc/ld.so.cache)"), line);
    }

    @Test
    void missingBinary() {
        assertEquals("missing_binary.lua:4: binary /no/such/binary does not exist", errorOf("missing_binary.lua"));
    }

    @Test
    void missingLibrarySaysWhereItLooked() {
        String line = errorOf("missing_library.lua");
        assertStartsWith("missing_library.lua:4: cannot find binary \"libbpfxnosuch\": no ", line);
        assertTrue(line.contains(" library by that name in /etc/ld.so.cache"), line);
        assertTrue(line.contains("and no executable in $PATH ("), line);
    }

    @Test
    void kprobeOnThisKernelIsNotSupported() {
        assumeFalse(Files.exists(Path.of("/sys/bus/event_source/devices/kprobe/type")), "this kernel has kprobes");
        String line = errorOf("kprobe.lua");
        assertStartsWith("kprobe.lua:4: cannot attach kprobe:do_sys_openat2: this kernel has no kprobes (CONFIG_KPROBES is off", line);
        assertTrue(line.endsWith("use a tracepoint or raw_tracepoint instead"), line);
    }

    @Test
    void eventStructNotInBtfSaysWhichAreAndHowToKeepOne() {
        assertEquals("event_type_missing.lua:3: cannot tell the record type of map records in noevent.bpf.o (structs in "
                + "BTF: none); name one with on_event(..., { type = \"name\" }), or keep it in BTF with "
                + "BPFX_EVENT_TYPE(map, name) from bpfx.h (clang drops types only locals use)", errorOf("event_type_missing.lua"));
        assertStartsWith("event_type_unknown.lua:3: no struct 'nosuch' in noevent.bpf.o's BTF for events of map records "
                + "(structs in BTF: none); ", errorOf("event_type_unknown.lua"));
    }

    @Test
    void mapOfARingBufferSaysItHasRecordsNotEntries() {
        assertEquals("ringbuf_map.lua:10: map 'opens' is a ringbuf: its records go to on_event, it has no entries to read",
                errorOf("ringbuf_map.lua"));
    }

    @Test
    void verifierRejectionNamesTheProgramAndGivesTheLogTail() {
        String line = errorOf("verifier.lua");
        assertStartsWith("verifier.lua:1: verifier rejected program bad_deref of verifier.bpf.o: ", line);
        assertTrue(line.contains("*v += 1; @ verifier.bpf.c:18"), line);
        assertTrue(line.endsWith("invalid mem access 'map_value_or_null'"), line);
    }

    @Test
    void clangErrorGivesFileAndLine() {
        assertEquals("clang_error.lua:1: clang_error.bpf.c:9: use of undeclared identifier 'undeclared_thing'",
                errorOf("clang_error.lua"));
    }

    @Test
    void withoutCapabilities() {
        BpfxProcess.Result r = Bpfx.run(resource("errors/needs_caps.lua"))
                .wrappedBy("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--").run();
        assertEquals("needs_caps.lua:1: bpfx needs root, or CAP_BPF and CAP_PERFMON (this process lacks CAP_BPF and "
                + "CAP_PERFMON): run it with sudo", assertOneErrorLine(r, 1));
    }

    @Test
    void withCapBpfButNotCapPerfmon() {
        BpfxProcess.Result r = Bpfx.run(resource("errors/needs_caps.lua"))
                .wrappedBy("setpriv", "--inh-caps=-all", "--bounding-set=-all,+bpf", "--").run();
        assertEquals("needs_caps.lua:1: bpfx needs root, or CAP_BPF and CAP_PERFMON (this process lacks CAP_PERFMON): "
                + "run it with sudo", assertOneErrorLine(r, 1));
    }

    @Test
    void capBpfAndCapPerfmonAreEnoughWithoutRootsOtherCapabilities() {
        BpfxProcess.Result r = Bpfx.run(resource("scripts/count.lua"), "--duration", "1")
                .wrappedBy("setpriv", "--inh-caps=-all", "--bounding-set=-all,+bpf,+perfmon", "--").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("on_stop ran"), r.stdout());
    }

    @Test
    void notRoot() {
        BpfxProcess.Result r = Bpfx.run(resource("errors/needs_caps.lua")).asNobody().run();
        assertEquals("needs_caps.lua:1: bpfx needs root, or CAP_BPF and CAP_PERFMON (this process lacks CAP_BPF and "
                + "CAP_PERFMON): run it with sudo", assertOneErrorLine(r, 1));
    }
}
