package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfx.engine.BpfxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** map(...) from Lua over a ScriptHost's MapView: methods, printing, JSON, errors. */
class MapViewTest {
    @TempDir
    Path dir;
    RecordingHost host = new RecordingHost();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("t.bpf.c"), "// test\n");
        host.keepRunning = false;
    }

    private String run(boolean json, String entryBody) {
        TestScripts scripts = new TestScripts(dir, json);
        new ScriptRunner(scripts.options).run(scripts.load(
                "target('t') add_files('t.bpf.c')\nentry(function()\n" + entryBody + "\nend)"), new String[0], host);
        return scripts.out();
    }

    private FixedMapView counts() {
        FixedMapView counts = new FixedMapView(false).put("bash", 12L).put("lua", 1234L).put("sh", 3L);
        host.maps.put("counts", counts);
        return counts;
    }

    @Test
    void methodsReadTheView() {
        counts();
        assertEquals("3\t12\tnil\n", run(false, """
                local m = map("counts")
                print(m:count(), m:get("bash"), m:get("zsh"))
                """));
        assertEquals(List.of("prepare", "map null counts"), host.calls);
    }

    @Test
    void itemsAreKeyValueTables() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("pid", 7L);
        key.put("comm", "sh");
        host.maps.put("by_task", new FixedMapView(false).put(key, List.of(1L, 2L)));
        assertEquals("{ { key = { comm = \"sh\", pid = 7 }, value = { 1, 2 } } }\tsh\n", run(false, """
                local items = map("t", "by_task"):items()
                print(items, items[1].key.comm)
                """));
        assertEquals("map t by_task", host.calls.get(1));
    }

    @Test
    void structKeysAreConvertedForGet() {
        host.maps.put("by_task", new FixedMapView(false).put(Map.of("comm", "sh", "pid", 7L), 99L));
        assertEquals("99\n", run(false, "print(map('by_task'):get({ pid = 7, comm = 'sh' }))"));
    }

    @Test
    void clearEmptiesTheMap() {
        FixedMapView counts = counts();
        assertEquals("0\n", run(false, "local m = map('counts') m:clear() print(m:count())"));
        assertTrue(counts.entries.isEmpty());
    }

    @Test
    void printDrawsAnAlignedTableSortedByValue() {
        counts();
        assertEquals("""
                @counts:
                sh       3
                bash    12
                lua   1234
                """, run(false, "map('counts'):print()"));
    }

    @Test
    void printSortsByKeyWhenValuesAreNotNumbers() {
        host.maps.put("names", new FixedMapView(false).put(2L, "two").put(1L, "one").put(10L, "ten"));
        assertEquals("""
                @names:
                1   one
                2   two
                10  ten
                """, run(false, "map('names'):print()"));
        host.maps.put("empty", new FixedMapView(false));
        assertEquals("@empty: (empty)\n", run(false, "map('empty'):print()"));
    }

    @Test
    void histogramPrintsLikeBpftraceWithoutTheSumSlot() {
        FixedMapView latency = new FixedMapView(true).put(0L, 0L).put(1L, 4L).put(2L, 8L).put(3L, 0L).put(4L, 12345L);
        host.maps.put("latency", latency);
        assertEquals(""
                + "@latency:\n"
                + "[2, 4)                 4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
                + "[4, 8)                 8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n",
                run(false, "map('latency'):print()"));
    }

    @Test
    void histogramSumsPerCpuCounts() {
        host.maps.put("latency", new FixedMapView(true).put(3L, List.of(1L, 1L)).put(4L, List.of(1L)).put(5L, 77L));
        assertEquals(""
                + "@latency:\n"
                + "[8, 16)                2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
                + "[16, 32)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n",
                run(false, "map('latency'):print()"));
    }

    @Test
    void jsonModePrintsOneLinePerMap() {
        counts();
        assertEquals("{\"map\":\"counts\",\"items\":[{\"key\":\"sh\",\"value\":3},{\"key\":\"bash\",\"value\":12},"
                + "{\"key\":\"lua\",\"value\":1234}]}\n", run(true, "map('counts'):print()"));
        host.maps.put("latency", new FixedMapView(true).put(1L, 4L).put(2L, 8L).put(3L, 40L));
        assertEquals("{\"map\":\"latency\",\"histogram\":[{\"low\":2,\"high\":4,\"count\":4},"
                + "{\"low\":4,\"high\":8,\"count\":8}]}\n", run(true, "map('latency'):print()"));
    }

    @Test
    void tostringNamesTheMap() {
        counts();
        assertEquals("map(counts)\n", run(false, "print(map('counts'))"));
    }

    @Test
    void errorsCarryTheLine() {
        BpfxException ambiguous = new BpfxException.Ambiguous("map counts is in targets a and b; use map(target, name)");
        ScriptHost failing = new RecordingHost() {
            @Override
            public MapView map(String target, String mapName) {
                throw ambiguous;
            }
        };
        TestScripts scripts = new TestScripts(dir);
        ScriptError e = assertThrows(ScriptError.class, () -> new ScriptRunner(scripts.options).run(scripts.load(
                "target('t') add_files('t.bpf.c')\nentry(function()\n  map('counts')\nend)"), new String[0], failing));
        assertEquals("tracer.lua:3: map counts is in targets a and b; use map(target, name)", e.getMessage());
        assertSame(ambiguous, e.getCause());

        e = assertThrows(ScriptError.class, () -> run(false, "map('nope', 'counts')"));
        assertEquals("tracer.lua:3: map(): unknown target \"nope\" (declared: t)", e.getMessage());
        counts();
        e = assertThrows(ScriptError.class, () -> run(false, "local m = map('counts') m.count()"));
        assertEquals("tracer.lua:3: count(): call it as a method: m:count(...)", e.getMessage());
    }
}
