package io.bpfx.dsl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run_file()'s argument checks and what ProgramScript makes of names and -c values (the kernel part: ProgramRunTest). */
class RunFileTest {
    @TempDir
    Path dir;

    private String runError(String source) {
        TestScripts scripts = new TestScripts(dir);
        return assertThrows(ScriptError.class,
                () -> new ScriptRunner(scripts.options).run(scripts.load(source), new String[0], new RecordingHost())).getMessage();
    }

    @Test
    void argumentsAreChecked() {
        assertEquals("tracer.lua:1: run_file() is a script-scope function; call it inside entry() or an on_* callback",
                assertThrows(ScriptError.class, () -> new TestScripts(dir).load("run_file('x.bpf.o')")).getMessage());
        assertTrue(runError("entry(function() run_file('x.bpf.o', { durations = 1 }) end)")
                .contains("options are duration, pid and values"), "unknown option");
        assertTrue(runError("entry(function() run_file('x.bpf.o', { duration = -1 }) end)")
                .contains("duration must be a non-negative number of seconds"));
        assertTrue(runError("entry(function() run_file('x.bpf.o', { pid = 0 }) end)").contains("pid must be a positive number"));
        assertTrue(runError("entry(function() run_file('x.bpf.o') end)").contains("run_file() needs the engine"));
    }

    @Test
    void programFilesAndTheirNames() {
        assertTrue(ProgramScript.isProgram(Path.of("a/opensnoop.bpf.c")));
        assertTrue(ProgramScript.isProgram(Path.of("opensnoop.bpf.o")));
        assertTrue(ProgramScript.isProgram(Path.of("bcc_tool.c")));
        assertFalse(ProgramScript.isProgram(Path.of("tracer.lua")));
        assertEquals("opensnoop", ProgramScript.targetName(Path.of("x/opensnoop.bpf.o")));
        assertEquals("tool", ProgramScript.targetName(Path.of("tool.c")));
    }

    @Test
    void globalValuesFromText() {
        assertEquals(42L, ProgramScript.parseValue("42"));
        assertEquals(255L, ProgramScript.parseValue("0xff"));
        assertEquals(true, ProgramScript.parseValue("true"));
        assertEquals(0.5, ProgramScript.parseValue("0.5"));
        assertEquals("eth0", ProgramScript.parseValue("eth0"));
    }
}
