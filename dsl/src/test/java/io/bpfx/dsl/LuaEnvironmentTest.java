package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard libraries scripts get, and the ones they do not. */
class LuaEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void standardLibrariesAreThereButNotLuajavaOrDebug() {
        TestScripts scripts = new TestScripts(dir);
        scripts.load("""
                print(string.format('%05.1f', 3.14159), table.concat({ 'a', 'b' }, '-'), math.max(1, 5))
                print(type(os.time()), type(os.clock()), type(coroutine.create), type(bit32.band))
                print(luajava, debug, package.loaded.debug)
                io.write('via io.write\\n')
                """);
        assertEquals("003.1\ta-b\t5\nnumber\tnumber\tfunction\tfunction\nnil\tnil\tnil\nvia io.write\n", scripts.out());
    }

    @Test
    void requireFindsModulesNextToTheScript() throws Exception {
        Files.writeString(dir.resolve("helpers.lua"), "return { double = function(x) return 2 * x end }\n");
        TestScripts scripts = new TestScripts(dir);
        scripts.load("local h = require('helpers') print(h.double(21))");
        assertEquals("42\n", scripts.out());
    }

    @Test
    void debugLibraryIsOffInTheScriptScope() throws Exception {
        Files.writeString(dir.resolve("t.bpf.c"), "// test\n");
        TestScripts scripts = new TestScripts(dir);
        DslRuntime rt = scripts.load("target('t') add_files('t.bpf.c')\non_stop(function() print(debug) end)");
        RecordingHost host = new RecordingHost();
        host.keepRunning = false;
        new ScriptRunner(scripts.options).run(rt, new String[0], host);
        rt.callbacks().invoke(rt.model().target("t").orElseThrow().stopHandler().orElseThrow().function());
        assertEquals("nil\n", scripts.out());
    }
}
