package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpfx.engine.BpfxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaFunction;

class ScriptErrorsTest {
    @TempDir
    Path dir;
    RecordingHost host = new RecordingHost();

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("t.bpf.c"), "// test\n");
    }

    private String loadError(String source) {
        return assertThrows(ScriptError.class, () -> new TestScripts(dir).load(source)).getMessage();
    }

    private ScriptError runError(String source, String... args) {
        TestScripts scripts = new TestScripts(dir);
        return assertThrows(ScriptError.class,
                () -> new ScriptRunner(scripts.options).run(scripts.load(source), args, host));
    }

    @Test
    void scriptFunctionAtTopLevelNamesFunctionScopeAndLine() {
        assertEquals("tracer.lua:7: run() is a script-scope function; call it inside entry() or an on_* callback",
                loadError("target('t')\n\n\n\n\n\nrun('t')"));
        assertEquals("tracer.lua:1: sleep() is a script-scope function; call it inside entry() or an on_* callback",
                loadError("sleep(10)"));
        assertEquals("tracer.lua:1: os.exit() is a script-scope function; call it inside entry() or an on_* callback",
                loadError("os.exit(1)"));
    }

    @Test
    void descriptionFunctionInEntryNamesFunctionScopeAndLine() {
        ScriptError e = runError("""
                target('t') add_files('t.bpf.c')
                entry(function()
                    target('u')
                end)
                """);
        assertEquals("tracer.lua:3: target() is a description-scope function; call it at the top level of the script, "
                + "not inside entry() or an on_* callback", e.getMessage());
        assertEquals(new SourceLocation("tracer.lua", 3), e.location().orElseThrow());
    }

    @Test
    void descriptionFunctionInCallbackIsAScopeError() {
        host.queueEvent("t", Map.of("pid", 1L));
        ScriptError e = runError("""
                target('t') add_files('t.bpf.c')
                on_event(function(e)
                    set_kind('uprobe')
                end)
                """);
        assertEquals("tracer.lua:3: set_kind() is a description-scope function; call it at the top level of the script, "
                + "not inside entry() or an on_* callback", e.getMessage());
    }

    @Test
    void unknownFunctionIsNamedWithItsLine() {
        assertEquals("tracer.lua:3: unknown function set_knd()", loadError("target('t')\n\nset_knd('uprobe')"));
        assertEquals("tracer.lua:1: unknown function helper()", loadError("local x = helper(1) + 1"));
        // the inner call fails first
        assertEquals("tracer.lua:1: unknown function inner()", loadError("print(inner())"));
        ScriptError e = runError("target('t') add_files('t.bpf.c')\nentry(function()\n  slep(100)\nend)");
        assertEquals("tracer.lua:3: unknown function slep()", e.getMessage());
    }

    @Test
    void otherNilCallsUseLuaWording() {
        assertEquals("tracer.lua:2: attempt to call field 'nope' (a nil value)", loadError("local t = {}\nt.nope()"));
        assertEquals("tracer.lua:1: attempt to call method 'nope' (a nil value)", loadError("local t = {} t:nope()"));
        assertEquals("tracer.lua:1: attempt to call local 'f' (a nil value)", loadError("local f\nf()".replace("\n", " ")));
    }

    @Test
    void readingAnUnknownGlobalIsNil() {
        new TestScripts(dir).load("""
                if foo == nil then bar = 1 end
                assert(bar == 1 and baz == nil)
                """);
    }

    @Test
    void syntaxErrorIsOneLineWithItsLine() {
        assertEquals("tracer.lua:3: unexpected symbol near '+'", loadError("target('t')\nx =\n+"));
        assertEquals("tracer.lua:2: ')' expected (to close '(' at line 1)", loadError("target('t'\nset_kind('x')"));
    }

    @Test
    void runtimeErrorsAtTopLevelAndInEntry() {
        assertEquals("tracer.lua:2: boom", loadError("\nerror('boom')"));
        assertEquals("tracer.lua:1: attempt to perform arithmetic __add on number and table", loadError("local x = 1 + {}"));
        ScriptError e = runError("""
                target('t') add_files('t.bpf.c')
                entry(function(arg)
                    local n = nil
                    error("bad arg " .. arg)
                end)
                """, "uprobe");
        assertEquals("tracer.lua:4: bad arg uprobe", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void errorInsideACallbackPointsAtTheCallbackLine() {
        TestScripts scripts = new TestScripts(dir);
        DslRuntime rt = scripts.load("""
                target('t') add_files('t.bpf.c')
                on_event(function(e)
                    local x = e.pid
                    error("pid " .. x .. " not allowed")
                end)
                """);
        LuaFunction handler = rt.model().target("t").orElseThrow().eventHandlers().get(0).function();
        ScriptError e = assertThrows(ScriptError.class, () -> rt.callbacks().invoke(handler, Map.of("pid", 7L)));
        assertEquals("tracer.lua:4: pid 7 not allowed", e.getMessage());
    }

    @Test
    void callbackErrorDuringSleepKeepsItsOwnLine() {
        host.queueEvent("t", Map.of("comm", "lua"));
        ScriptError e = runError("""
                target('t') add_files('t.bpf.c')
                on_event(function(e)
                    e.comm.missing()
                end)
                entry(function()
                    run('t')
                    sleep(10)
                end)
                """);
        assertEquals("tracer.lua:3: attempt to call field 'missing' (a nil value)", e.getMessage());
    }

    @Test
    void engineErrorIsPrefixedWithTheLuaLineAndKeptAsCause() {
        BpfxException missing = new BpfxException.NotFound("uprobe symbol lua_pcall: not found in /usr/lib/libc.so.6");
        host.failures.put("t", missing);
        ScriptError e = runError("""
                target('t') add_files('t.bpf.c')
                entry(function()
                    run('t')
                end)
                """);
        assertEquals("tracer.lua:3: uprobe symbol lua_pcall: not found in /usr/lib/libc.so.6", e.getMessage());
        assertSame(missing, e.getCause());
    }

    @Test
    void engineErrorInTheDefaultEntryPointsAtTheTarget() {
        BpfxException denied = new BpfxException.PermissionDenied("bpf(): Operation not permitted: run as root");
        host.failures.put("t", denied);
        ScriptError e = runError("-- header\ntarget('t') add_files('t.bpf.c')");
        assertEquals("tracer.lua:2: bpf(): Operation not permitted: run as root", e.getMessage());
        assertInstanceOf(BpfxException.PermissionDenied.class, e.getCause());
    }

    @Test
    void pcallCanCatchEngineErrors() {
        host.failures.put("t", new BpfxException("no such tracepoint"));
        TestScripts scripts = new TestScripts(dir);
        int code = new ScriptRunner(scripts.options).run(scripts.load("""
                target('t') add_files('t.bpf.c')
                entry(function()
                    local ok, err = pcall(run, 't')
                    print(ok, err)
                end)
                """), new String[0], host);
        assertEquals(0, code);
        assertEquals("false\tno such tracepoint\n", scripts.out());
    }

    @Test
    void unknownTargetInRunListsTheDeclaredOnes() {
        ScriptError e = runError("""
                target('a') add_files('t.bpf.c')
                target('b') add_files('t.bpf.c')
                entry(function() run('c') end)
                """);
        assertEquals("tracer.lua:3: run(): unknown target \"c\" (declared: a, b)", e.getMessage());
    }

    @Test
    void validationErrorsPointAtTheDeclaration() {
        assertEquals("tracer.lua:1: target \"t\" has no files; add add_files(\"...\") to it",
                runError("target('t')").getMessage());
        assertEquals("tracer.lua:2: add_files(): no such file src/missing.bpf.c (looked for "
                + dir.toAbsolutePath().resolve("src/missing.bpf.c") + ")",
                runError("target('t')\nadd_files('src/missing.bpf.c')").getMessage());
        assertEquals("tracer.lua:2: attach_to() needs set_kind(...) in target \"t\": a basic target attaches every "
                + "program by its SEC() name", runError("target('t') add_files('t.bpf.c')\nattach_to('p', 'x')").getMessage());
        assertEquals("tracer.lua:3: attach_to(): tracepoint \"sys_enter_openat\" must be \"category:name\", e.g. "
                + "\"syscalls:sys_enter_openat\"",
                runError("target('t') add_files('t.bpf.c')\nset_kind('tracepoint')\nattach_to('p', 'sys_enter_openat')")
                        .getMessage());
        assertEquals("tracer.lua:2: attach_to(): usdt place \"libc:probe\" must be \"binary:provider:name\"",
                runError("target('t') add_files('t.bpf.c') set_kind('usdt')\nattach_to('p', 'libc:probe')").getMessage());
        assertEquals("tracer.lua:2: attach_to(): option pid does not apply to a tracepoint target",
                runError("target('t') add_files('t.bpf.c') set_kind('tracepoint')\nattach_to('p', 'a:b', { pid = 1 })")
                        .getMessage());
        assertEquals(List.of(), host.calls, "nothing reaches the host when validation fails");
    }

    @Test
    void missingScriptIsNotFound() {
        Path missing = dir.resolve("nope.lua");
        BpfxException e = assertThrows(BpfxException.NotFound.class,
                () -> ScriptLoader.load(missing, new TestScripts(dir).options));
        assertEquals("script not found: " + missing, e.getMessage());
    }

    @Test
    void chunkNameIsThePathAsGiven() throws Exception {
        Path script = dir.resolve("broken.lua");
        Files.writeString(script, "target('t')\nset_knd('uprobe')\n");
        ScriptError e = assertThrows(ScriptError.class, () -> ScriptLoader.load(script, new TestScripts(dir).options));
        assertEquals(script + ":2: unknown function set_knd()", e.getMessage());
    }

    @Test
    void validKindsAndPlacesPassValidation() {
        TestScripts scripts = new TestScripts(dir);
        host.keepRunning = false;
        new ScriptRunner(scripts.options).run(scripts.load("""
                target('tp') add_files('t.bpf.c') set_kind('tracepoint') attach_to('p', 'syscalls:sys_enter_openat')
                target('u') add_files('t.bpf.c') set_kind('usdt') attach_to('p', '/usr/bin/python3:python:function__entry')
                target('pe') add_files('t.bpf.c') set_kind('perf_event') attach_to('p', 'cpu-clock', { frequency = 99, pid = 1 })
                target('up') add_files('t.bpf.c') set_kind('uprobe') attach_to('p', 'libc:malloc', { retprobe = true })
                """), new String[0], host);
        assertEquals(List.of("prepare", "run tp", "run u", "run pe", "run up"), host.calls);
    }
}
