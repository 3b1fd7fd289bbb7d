package io.bpfx.dsl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REPL's Lua side: both scopes at the prompt, session line numbers, chunks that go on. */
class InteractiveSessionTest {
    @TempDir
    Path dir;

    private InteractiveSession session(TestScripts scripts, RecordingHost host, String script) {
        return new InteractiveSession(scripts.load(script), host);
    }

    @Test
    void aTargetDeclaredLineByLineRunsWithItsHandler() throws Exception {
        Files.writeString(dir.resolve("t.bpf.c"), "// empty");
        TestScripts scripts = new TestScripts(dir);
        RecordingHost host = new RecordingHost();
        InteractiveSession s = session(scripts, host, "");
        s.eval("n = 0");
        s.eval("target(\"t\")");
        s.eval("add_files(\"t.bpf.c\")");
        s.eval("on_event(function (e) n = n + e.x end)");
        s.eval("run(\"t\")");
        assertEquals(List.of("prepare", "run t"), host.calls);
        host.queueEvent("t", Map.of("x", 5L));
        host.queueEvent("t", Map.of("x", 7L));
        s.eval("sleep(0)");
        assertEquals("12", s.eval("n"));
        InteractiveSession.TargetInfo t = s.targets().get(0);
        assertEquals(new InteractiveSession.TargetInfo("t", "basic", true, List.of("t.bpf.c"), 1), t);
    }

    @Test
    void aTargetDeclaredAtThePromptIsCheckedWhenRun() {
        RecordingHost host = new RecordingHost();
        InteractiveSession s = session(new TestScripts(dir), host, "");
        s.eval("target(\"t\")");
        s.eval("add_files(\"nosuch.bpf.c\")");
        ScriptError e = assertThrows(ScriptError.class, () -> s.eval("run(\"t\")"));
        assertEquals("stdin:2: add_files(): no such file nosuch.bpf.c (looked for " + dir.resolve("nosuch.bpf.c") + ")",
                e.getMessage());
        assertEquals(List.of("prepare"), host.calls);
    }

    @Test
    void declaringInsideACallbackIsStillAScopeError() throws Exception {
        Files.writeString(dir.resolve("t.bpf.c"), "// empty");
        RecordingHost host = new RecordingHost();
        InteractiveSession s = session(new TestScripts(dir), host, "target('t') add_files('t.bpf.c')\n"
                + "on_event(function (e) target('u') end)");
        s.eval("run('t')");
        host.queueEvent("t", Map.of("x", 1L));
        ScriptError e = assertThrows(ScriptError.class, () -> s.eval("sleep(0)"));
        assertTrue(e.getMessage().endsWith("target() is a description-scope function; call it at the top level of the "
                + "script, not inside entry() or an on_* callback"), e.getMessage());
    }

    @Test
    void expressionsEchoAndErrorsCarryTheSessionsLineNumbers() {
        InteractiveSession s = session(new TestScripts(dir), new RecordingHost(), "");
        assertEquals("2", s.eval("1+1"));
        assertEquals("{ a = 1, b = \"x\" }\t3", s.eval("{a = 1, b = 'x'}, 3"));
        assertNull(s.eval("x = 1"));
        assertEquals("stdin:4: attempt to call local 'y' (a nil value)",
                assertThrows(ScriptError.class, () -> s.eval("local y = nil; y()")).getMessage());
        assertEquals("stdin:6: run(): unknown target \"nope\" (declared: none)",
                assertThrows(ScriptError.class, () -> s.eval("x = 2\nrun('nope')")).getMessage());
        // "return nosuch()" is a tail call, which LuaJ reports with no line: the chunk's is used
        assertEquals("stdin:7: unknown function nosuch()", assertThrows(ScriptError.class, () -> s.eval("nosuch()")).getMessage());
    }

    @Test
    void anEngineErrorNamingItsDeclarationIsNotLocatedTwice() throws Exception {
        Files.writeString(dir.resolve("t.bpf.c"), "// empty");
        RecordingHost host = new RecordingHost();
        host.failures.put("t", new io.bpfx.engine.BpfxException.NotFound("stdin:2: symbol nosuch not found in /bin/x"));
        InteractiveSession s = session(new TestScripts(dir), host, "");
        s.eval("target('t') add_files('t.bpf.c')");
        s.eval("x = 1");
        assertEquals("stdin:2: symbol nosuch not found in /bin/x",
                assertThrows(ScriptError.class, () -> s.eval("run('t')")).getMessage());
    }

    @Test
    void unfinishedChunksGoOnAndMistakesDoNot() {
        InteractiveSession s = session(new TestScripts(dir), new RecordingHost(), "");
        assertTrue(s.isIncomplete("function f(x)"));
        assertTrue(s.isIncomplete("t = {"));
        assertTrue(s.isIncomplete("if x then\n  print(1)"));
        assertTrue(s.isIncomplete("s = [[long"));
        assertFalse(s.isIncomplete("end"));
        assertFalse(s.isIncomplete("print(\"unfinished"));
        assertFalse(s.isIncomplete("x = = 1"));
        assertFalse(s.isIncomplete("function f(x) return x end"));
    }

    @Test
    void completionPrefersBpfxNamesOverLuasLibraries() {
        InteractiveSession s = session(new TestScripts(dir), new RecordingHost(), "");
        assertEquals(List.of("map(", "map_by_id(", "maps("), s.complete("ma")); // bpfx names only, not math.
        assertEquals(List.of("math."), s.complete("mat"));
        assertEquals(List.of("string.format("), s.complete("string.form"));
        s.eval("my_count = 3");
        assertEquals(List.of("my_count"), s.complete("my_"));
    }
}
