package io.bpfx.cli.run;

import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/tracer.lua, the contract's seed example, both ways it is run. */
class SeedExampleRunTest extends RunTestBase {
    private static final Pattern OPENS_ROW = Pattern.compile("(.*\\S)\\s+(\\d+)");

    @Test
    void countsOpensUntilDurationThenPrintsTheMap(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("opened"), "x");
        BpfxProcess.Result r;
        try (Workload opener = Workload.startNamed("openloop", "e2e_seed_opens", file.toString(), "100");
             BpfxProcess bpfx = Bpfx.run(example("tracer.lua"), "--duration", "5").start()) {
            assertEquals("Attaching 1 probe (ebpf_program1)...", bpfx.awaitAttached("ebpf_program1"));
            assertEquals(100, opener.go().awaitDone());
            r = bpfx.awaitExit();
        }
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("Attaching 1 probe (ebpf_program1)..."), r.stderr());
        assertEquals("opens by command:", r.stdout().get(0));
        assertEquals("@opens:", r.stdout().get(1));
        Map<String, Long> opens = opensRows(r.stdout().subList(2, r.stdout().size()));
        assertEquals(100L, opens.get("e2e_seed_opens"), () -> "opens by command: " + opens);
        assertUnder80Columns(r.stdout());
    }

    @Test
    void uprobeBranchPrintsLuaPcallEventsAndStopsTheOpenCounterFromTheCallback() {
        Pattern event = Pattern.compile("uprobe event: \\{ comm = \"(.*)\", nargs = (\\d+), nresults = (\\d+), pid = (\\d+) \\}");
        try (BpfxProcess bpfx = Bpfx.run(example("tracer.lua"), "uprobe").start()) {
            bpfx.awaitAttached("ebpf_program1");
            // the bare symbol is looked up among the loader's libraries: the shared LuaJIT
            String where = bpfx.awaitStderr(l -> l.contains(":lua_pcall"), "naming where lua_pcall was found");
            assertTrue(where.matches("/.*/libluajit-5\\.1\\.so\\.2:lua_pcall \\(offset 0x[0-9a-f]+\\)"), where);
            bpfx.awaitAttached("ebpf_program2");
            Map<Long, String> before = Attached.programsOf(bpfx.pid());
            assertTrue(holds(before, "count_open") && holds(before, "handler_entry_uprobe"), before::toString);

            int pid;
            try (Workload lua = Workload.startNamed("luahost", "e2e_luahost", "3")) {
                pid = lua.pid();
                assertEquals(3, lua.go().awaitDone());
            }
            List<String> ours = bpfx.awaitStdout(l -> l.startsWith("uprobe event: ") && l.endsWith("pid = " + pid + " }"), 3,
                    "of luahost's lua_pcall calls");
            for (String l : ours) {
                Matcher m = parse(event, l);
                assertEquals("e2e_luahost", m.group(1));
                assertEquals("0", m.group(2), "lua_pcall(L, 0, 1, 0)");
                assertEquals("1", m.group(3));
            }
            bpfx.awaitStdout("@opens:"::equals, 1, "@opens: (on_stop of ebpf_program1)");
            // stop("ebpf_program1") ran inside the callback: its program is gone, the uprobe stays
            Map<Long, String> after = Attached.programsOf(bpfx.pid());
            assertFalse(holds(after, "count_open"), after::toString);
            assertTrue(holds(after, "handler_entry_uprobe"), after::toString);
            assertTrue(bpfx.isAlive(), "ebpf_program2 still runs");

            bpfx.signal("INT");
            BpfxProcess.Result r = bpfx.awaitExit();
            assertEquals(0, r.exitCode(), r::toString);
            assertNoStackTrace(r);
            List<String> out = r.stdout();
            int firstEvent = indexOf(out, l -> l.startsWith("uprobe event: "));
            int summary = out.indexOf("opens by command:");
            assertTrue(firstEvent >= 0 && firstEvent < summary, () -> "the first event stops ebpf_program1\n" + r);
            assertEquals(1, out.stream().filter("opens by command:"::equals).count(), "on_stop runs once");
            assertEquals(3, out.stream().filter(l -> l.endsWith("pid = " + pid + " }")).count());
        }
    }

    /** Whether a program of that name is held (bpftool may cut names to 15 characters). */
    private static boolean holds(Map<Long, String> programs, String name) {
        return programs.values().stream().anyMatch(n -> n.equals(name) || n.length() == 15 && name.startsWith(n));
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) if (p.test(lines.get(i))) return i;
        return -1;
    }

    private static Map<String, Long> opensRows(List<String> rows) {
        Map<String, Long> m = new TreeMap<>();
        for (String row : rows) {
            Matcher r = parse(OPENS_ROW, row);
            m.put(r.group(1), Long.parseLong(r.group(2)));
        }
        return m;
    }
}
