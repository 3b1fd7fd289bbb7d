package io.bpfx.dsl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REPL's help is docs/dsl.md as packaged: every DSL function is in it, one line each. */
class DslHelpTest {

    @Test
    void everyFunctionOfTheDslHasHelp(@TempDir Path dir) {
        DslRuntime runtime = new TestScripts(dir).load("");
        DslHelp help = DslHelp.load();
        List<String> missing = new ArrayList<>();
        for (LuaValue k : runtime.globals().keys()) {
            if (runtime.globals().get(k) instanceof DslFunction && help.entry(k.tojstring()).isEmpty()) missing.add(k.tojstring());
        }
        assertEquals(List.of(), missing, "DSL functions without a row in docs/dsl.md");
    }

    @Test
    void theIndexIsOneLineEachWithinTheWidth() {
        String index = DslHelp.load().index(80);
        for (String line : index.split("\n")) assertTrue(line.length() <= 80, line);
        assertTrue(index.contains("\n  run              compile if needed, load and attach target name\n"), index);
    }

    @Test
    void aFunctionsHelpIsItsRowWrapped() {
        DslHelp help = DslHelp.parse("""
                ## Script scope

                | call | meaning |
                |---|---|
                | `stop(name)` | detaches the target, runs its `on_stop`, closes it. Allowed inside its own callbacks. |
                | `map(name)` / `map(target, name)` | a view of a live map |
                """);
        assertEquals(List.of("stop", "map"), help.names());
        assertEquals("stop(name)  (script scope)\n  detaches the target, runs its on_stop,\n  closes it. Allowed inside its own\n  callbacks.\n",
                help.describe("stop", 40).orElseThrow());
        assertEquals("map(name) / map(target, name)", help.entry("map").orElseThrow().signature());
    }
}
