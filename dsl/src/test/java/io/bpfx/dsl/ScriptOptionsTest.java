package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** add_option / set_description / get_config over the words after the script, and print_log2_hist. */
class ScriptOptionsTest {
    @TempDir
    Path dir;

    private static final String OPTIONS = """
            set_description("counts things")
            add_option{ "-p", "--pid", type = "int", help = "this process only" }
            add_option{ "-L", "--latency", help = "show latency" }
            add_option{ "-m", "--milliseconds", help = "in ms" }
            add_option{ "-n", "--name", type = "string", help = "by name", default = "all" }
            add_option{ "interval", type = "int", help = "seconds", default = 1 }
            add_option{ "count", type = "int", help = "summaries" }
            """;

    private DslRuntime load(String source, String... words) {
        RunOptions o = new RunOptions(0, false, new PrintStream(new ByteArrayOutputStream()), System.err,
                Map.of("pid", 7L, "other", "x"), List.of(words));
        return ScriptLoader.load("tool.lua", dir, source.getBytes(StandardCharsets.UTF_8), o);
    }

    private String configs(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunOptions o = new RunOptions(0, false, new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                Map.of("other", "x"), List.of(words));
        ScriptLoader.load("tool.lua", dir, (OPTIONS + """
                print(get_config("pid"), get_config("latency"), get_config("milliseconds"), get_config("name"),
                      get_config("interval"), get_config("count"), get_config("other"))
                """).getBytes(StandardCharsets.UTF_8), o);
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void declaredOptionsAreReadFromTheWordsAfterTheScript() {
        assertEquals("nil\tfalse\tfalse\tall\t1\tnil\tx", configs());
        assertEquals("42\ttrue\ttrue\tbash\t5\t3\tx", configs("-p", "42", "-L", "-m", "-n", "bash", "5", "3"));
        assertEquals("42\ttrue\ttrue\tbash\t5\tnil\tx", configs("--pid=42", "-Lm", "--name", "bash", "5"));
        assertEquals("42\tfalse\tfalse\tall\t1\tnil\tx", configs("-p42"));
    }

    @Test
    void theModelKeepsDescriptionAndOptionsInOrder() {
        ScriptModel m = load(OPTIONS).model();
        assertEquals("counts things", m.description());
        assertEquals(List.of("pid", "latency", "milliseconds", "name", "interval", "count"),
                m.options().stream().map(ScriptOption::name).toList());
        assertEquals("-p, --pid PID", m.options().get(0).usage());
        assertEquals("[INTERVAL]", m.options().get(4).usage());
        assertEquals(new SourceLocation("tool.lua", 2), m.options().get(0).location());
    }

    @Test
    void commandLineValuesOverrideDashC_andDefaults() {
        // --pid (the run command's) answers get_config("pid") when -p is not given
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunOptions o = new RunOptions(0, false, new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                Map.of("pid", 7L), List.of());
        ScriptLoader.load("tool.lua", dir, (OPTIONS + "print(get_config('pid'))").getBytes(StandardCharsets.UTF_8), o);
        assertEquals("7", out.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void wordsNoOptionTakesGoToEntry() {
        DslRuntime r = load("add_option{ '-x', help = 'x' }", "-x", "a", "--", "-b");
        assertEquals(List.of("a", "-b"), r.entryArgs());
        assertEquals(List.of("uprobe", "-5"), load("target('t')", "uprobe", "-5").entryArgs());
    }

    @Test
    void badWordsAreUsageErrorsNamingThem() {
        assertEquals("tool.lua: unknown option -z (options: -p -L -m -n; --help lists them)",
                assertThrows(ScriptUsageError.class, () -> load(OPTIONS, "-z")).getMessage());
        assertEquals("tool.lua: unknown option -q (options: -p -L -m -n; --help lists them)",
                assertThrows(ScriptUsageError.class, () -> load(OPTIONS, "-Lq")).getMessage());
        assertEquals("tool.lua: -p expects an integer, got \"me\"",
                assertThrows(ScriptUsageError.class, () -> load(OPTIONS, "-p", "me")).getMessage());
        assertEquals("tool.lua: option --pid needs a value (PID)",
                assertThrows(ScriptUsageError.class, () -> load(OPTIONS, "--pid")).getMessage());
        assertEquals("tool.lua: option --latency takes no value",
                assertThrows(ScriptUsageError.class, () -> load(OPTIONS, "--latency=1")).getMessage());
        assertEquals("tool.lua: unexpected argument 3 (takes [INTERVAL] [COUNT])",
                assertThrows(ScriptUsageError.class, () -> load(OPTIONS, "1", "2", "3")).getMessage());
        assertEquals("tool.lua: unknown option -x (it takes no options)",
                assertThrows(ScriptUsageError.class, () -> load("target('t')", "-x")).getMessage());
    }

    @Test
    void badDeclarationsAreScriptErrorsAtTheirLine() {
        String[][] cases = {
            {"add_option{ '-p', type = 'int' }", "tool.lua:1: add_option(): help = \"...\" is required (a string)"},
            {"add_option{ 'p-q', help = 'h' }", "tool.lua:1: add_option(): bad option name \"p-q\" (expected -x, --name, or a positional's name)"},
            {"add_option{ '-p', type = 'float', help = 'h' }", "tool.lua:1: add_option(): unknown type \"float\" (expected flag, int or string)"},
            {"add_option{ '-p', helps = 'h' }", "tool.lua:1: add_option(): unknown field helps (fields: type, help, default)"},
            {"add_option{ '-p', help = 'h' }\nadd_option{ '-p', '--pid', help = 'h' }", "tool.lua:2: add_option(): -p, --pid is already declared (tool.lua:1)"},
            {"get_config('x')\nadd_option{ '-p', help = 'h' }", "tool.lua:2: add_option(): declare options before the first get_config(), which reads the command line"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], assertThrows(ScriptError.class, () -> load(c[0])).getMessage(), c[0]);
        }
    }

    @Test
    void helpListsUsageDescriptionAndOptions() {
        ScriptModel m = load(OPTIONS).model();
        assertEquals("""
                Usage: bpfx run tool [OPTIONS] [INTERVAL] [COUNT]
                counts things

                  -p, --pid PID       this process only
                  -L, --latency       show latency
                  -m, --milliseconds  in ms
                  -n, --name NAME     by name (default all)
                  [INTERVAL]          seconds (default 1)
                  [COUNT]             summaries
                """, ScriptArgs.help("bpfx run tool", m.description(), m.options()));
    }

    @Test
    void printLog2HistDrawsAsBcc() {
        TestScripts t = new TestScripts(dir);
        DslRuntime r = t.load("entry(function () print_log2_hist({ [1] = 4, [3] = 2 }, 'usecs') end)");
        new ScriptRunner(t.options).run(r, new String[0], new RecordingHost());
        assertEquals("""
                     usecs               : count     distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 4        |****************************************|
                         4 -> 7          : 0        |                                        |
                         8 -> 15         : 2        |********************                    |
                """, t.out());
        assertTrue(t.out().lines().allMatch(l -> l.length() < 80));
    }
    @Test
    void printLog2HistSplitsAHistogramMapByAKeyField() {
        TestScripts t = new TestScripts(dir);
        RecordingHost host = new RecordingHost();
        // two histograms in bpfx.h's layout: buckets, then the sum slot (the largest key) of each
        host.maps.put("hist", new FixedMapView(false)
                .put(Map.of("id", 7L, "bucket", 1L), 3L).put(Map.of("id", 7L, "bucket", 37L), 9L)
                .put(Map.of("id", 5L, "bucket", 0L), 1L).put(Map.of("id", 5L, "bucket", 37L), 1L));
        DslRuntime r = t.load("""
                entry(function ()
                    print_log2_hist(map("hist"), "usecs", { by = "id", section = "pid", label = function (v) return v * 10 end })
                end)""");
        assertEquals(0, new ScriptRunner(t.options).run(r, new String[0], host));
        assertEquals("""

                pid = 50
                     usecs               : count     distribution
                         0 -> 1          : 1        |****************************************|

                pid = 70
                     usecs               : count     distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 3        |****************************************|
                """, t.out());
    }

    @Test
    void everyCallsItsFunctionCountTimesThenEndsTheRun() {
        TestScripts t = new TestScripts(dir);
        DslRuntime r = t.load("""
                local n = 0
                entry(function ()
                    every(0.01, function () n = n + 1; print(n) end, 3)
                    print("not reached")
                end)""");
        assertEquals(0, new ScriptRunner(t.options).run(r, new String[0], new RecordingHost()));
        assertEquals("1\n2\n3\n", t.out());
    }
}
