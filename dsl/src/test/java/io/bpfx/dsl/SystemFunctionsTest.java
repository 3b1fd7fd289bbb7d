package io.bpfx.dsl;

import io.bpfx.engine.MapInfo;
import io.bpfx.engine.ProgramInfo;
import io.bpfx.engine.system.BpfSystem;
import io.bpfx.engine.system.Feature;
import io.bpfx.engine.system.Owner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** features(), progs(), maps(), map_by_id(): the Lua shapes over a host's answers, and their errors. */
class SystemFunctionsTest {
    @TempDir
    Path dir;
    RecordingHost host = new RecordingHost();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("t.bpf.c"), "// test\n");
        host.keepRunning = false;
    }

    private String run(String entryBody) {
        TestScripts scripts = new TestScripts(dir, false);
        new ScriptRunner(scripts.options).run(scripts.load(
                "target('t') add_files('t.bpf.c')\nentry(function()\n" + entryBody + "\nend)"), new String[0], host);
        return scripts.out();
    }

    @Test
    void featuresAreKeyedByName() {
        host.features.add(new Feature("ringbuf", true, "created", ""));
        host.features.add(new Feature("kprobes", false, "no kprobe PMU", "use tracepoints"));
        assertEquals("true\tfalse\tno kprobe PMU\tuse tracepoints\n", run("""
                local f = features()
                print(f.ringbuf.available, f.kprobes.available, f.kprobes.detail, f.kprobes.fix)
                """));
    }

    @Test
    void progsAndMapsUseBpftoolsFieldNames() {
        host.progs.add(new BpfSystem.ProgramEntry(new ProgramInfo(42, 5, "pc_openat", "0123456789abcdef", 900, 3,
                new long[] {7, 8}, 11, 0, 0), List.of("tracepoint sys_enter_openat"),
                List.of(new Owner(1234, "java", "bpfx run x.lua"), new Owner(99, "sshd", null))));
        host.systemMaps.add(new BpfSystem.MapEntry(new MapInfo(7, 1, "pc_opens", 4, 8, 64, 0, 11, 3, 4), List.of()));
        assertEquals("42\ttracepoint\tpc_openat\t3\t900\t8\ttracepoint sys_enter_openat\t1234\tbpfx run x.lua\tnil\n"
                + "7\thash\tpc_opens\t4\t8\t64\t11\n", run("""
                local p = progs()[1]
                print(p.id, p.type, p.name, p.run_cnt, p.run_time_ns, p.map_ids[2], p.attached[1], p.pids[1].pid,
                      p.pids[1].bpfx, p.pids[2].bpfx)
                local m = maps()[1]
                print(m.id, m.type, m.name, m.key_size, m.value_size, m.max_entries, m.btf_id)
                """));
    }

    @Test
    void mapByIdIsTheMapView() {
        host.maps.put("#7", new FixedMapView(false).put(1L, 345L));
        assertEquals("1\t345\n", run("local m = map_by_id(7) print(m:count(), m:get(1))"));
    }

    @Test
    void badArgumentsAndScopeAreOneLine() {
        ScriptError e = assertThrows(ScriptError.class, () -> run("map_by_id(0)"));
        assertEquals("tracer.lua:3: map_by_id(): map id must be a positive integer, got 0", e.getMessage());
        e = assertThrows(ScriptError.class, () -> run("map_by_id(5)"));
        assertEquals("tracer.lua:3: no BPF map with id 5 (bpfx maps lists them)", e.getMessage());
        TestScripts scripts = new TestScripts(dir, false);
        e = assertThrows(ScriptError.class, () -> new ScriptRunner(scripts.options).run(scripts.load("features()"),
                new String[0], host));
        assertEquals("tracer.lua:1: features() is a script-scope function; call it inside entry() or an on_* callback",
                e.getMessage());
    }
}
