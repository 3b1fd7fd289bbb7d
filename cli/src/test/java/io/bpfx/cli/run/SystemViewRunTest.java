package io.bpfx.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.Memory;
import io.bpfx.engine.MapInfo;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibC;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bpfx doctor}, {@code ps}, {@code maps}, {@code map dump/update/delete} and the
 * Lua {@code features/progs/maps/map_by_id}, looking from outside at a {@code bpfx run}
 * whose map counts a workload's exactly N opens.
 */
class SystemViewRunTest extends RunTestBase {
    static final int N = 345;
    static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(BpfxProcess.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        return JSON.readTree(String.join("\n", r.stdout()));
    }

    @Test
    void doctorReportsThisMachineFromProbes() throws Exception {
        JsonNode all = json(Bpfx.command("doctor", "--json").run());
        java.util.Map<String, JsonNode> f = new java.util.HashMap<>();
        all.forEach(n -> f.put(n.get("name").asText(), n));
        assertFalse(f.get("kprobes").get("available").asBoolean(), f.get("kprobes").toString());
        assertFalse(f.get("fentry").get("available").asBoolean());
        assertFalse(f.get("perf_hardware").get("available").asBoolean());
        assertTrue(f.get("tp_btf").get("available").asBoolean());
        assertTrue(f.get("ringbuf").get("available").asBoolean());
        assertTrue(f.get("tracefs").get("available").asBoolean());
        assertTrue(f.get("fentry").get("detail").asText().contains("EPERM"), "the probe's own errno");

        BpfxProcess.Result text = Bpfx.command("doctor").run();
        assertEquals(0, text.exitCode(), text::toString);
        assertUnder80Columns(text.stdout());
        assertTrue(text.stdout().stream().anyMatch(l -> l.matches("kprobes +no +no kprobe PMU.*")), text::toString);
        assertTrue(text.stdout().stream().anyMatch(l -> l.matches("ringbuf +yes .*")), text::toString);
    }

    /** In a mount namespace of its own without tracefs, doctor says so (and tracepoints follow). */
    @Test
    void doctorSeesAMissingTracefs() throws Exception {
        JsonNode all = json(Bpfx.command("doctor", "--json").wrappedBy("unshare", "-m", "--propagation", "private",
                "sh", "-c", "umount -l /sys/kernel/tracing 2>/dev/null; umount -l /sys/kernel/debug/tracing 2>/dev/null;"
                        + " exec \"$@\"", "sh").run());
        JsonNode tracefs = null, tracepoints = null;
        for (JsonNode n : all) {
            if (n.get("name").asText().equals("tracefs")) tracefs = n;
            if (n.get("name").asText().equals("tracepoints")) tracepoints = n;
        }
        assertFalse(tracefs.get("available").asBoolean(), tracefs.toString());
        assertTrue(tracefs.get("detail").asText().startsWith("not mounted"), tracefs.toString());
        assertTrue(tracefs.get("fix").asText().contains("mount -t tracefs"), tracefs.toString());
        assertFalse(tracepoints.get("available").asBoolean());
        assertTrue(Files.isDirectory(Path.of("/sys/kernel/tracing/events")), "the machine's own mount is untouched");
    }

    @Test
    void psMapsAndMapDumpSeeARunningBpfxRun(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("bpfx-system-opened"), "x");
        try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(N));
             BpfxProcess run = Bpfx.run(resource("scripts/pidcount.lua"), "--pid", Integer.toString(w.pid())).start()) {
            run.awaitAttached("pidcount");
            assertEquals(N, w.go().awaitDone());

            // ps: the program, attached where the script said, held by the run's pid
            JsonNode prog = null;
            for (JsonNode p : json(Bpfx.command("ps", "--json").run())) {
                if (p.get("name").asText().equals("pc_openat")) prog = p;
            }
            assertTrue(prog != null, "pc_openat in bpfx ps --json");
            assertEquals("tracepoint", prog.get("type").asText(), prog.toString());
            assertEquals("tracepoint sys_enter_openat", prog.at("/attached/0").asText(), prog.toString());
            List<Long> pids = new ArrayList<>();
            prog.get("pids").forEach(o -> pids.add(o.get("pid").asLong()));
            assertTrue(pids.contains(run.pid()), "the run's pid " + run.pid() + " in " + pids);
            String bpfxCmd = null;
            for (JsonNode o : prog.get("pids")) {
                if (o.get("pid").asLong() == run.pid()) bpfxCmd = o.get("bpfx").asText();
            }
            assertEquals("bpfx run pidcount.lua --pid " + w.pid(), bpfxCmd);
            long mapId = -1;
            for (JsonNode m : json(Bpfx.command("maps", "--json").run())) {
                if (m.get("name").asText().equals("pc_opens")) mapId = m.get("id").asLong();
            }
            List<Long> used = new ArrayList<>();
            prog.get("map_ids").forEach(n -> used.add(n.asLong()));
            assertTrue(used.contains(mapId), "pc_openat uses map " + mapId + ": " + used);

            BpfxProcess.Result ps = Bpfx.command("ps").run();
            assertEquals(0, ps.exitCode(), ps::toString);
            assertUnder80Columns(ps.stdout());
            long progId = prog.get("id").asLong();
            assertTrue(ps.stdout().stream().anyMatch(l -> l.matches(progId + ": tracepoint  name pc_openat  tag [0-9a-f]{16}")),
                    ps::toString);
            assertTrue(ps.stdout().contains("\tbpfx " + run.pid() + ": bpfx run pidcount.lua --pid " + w.pid()), ps::toString);

            // maps and map dump: the workload's exact count, by field name
            BpfxProcess.Result maps = Bpfx.command("maps").run();
            assertUnder80Columns(maps.stdout());
            assertTrue(maps.stdout().contains(mapId + ": hash  name pc_opens  flags 0x0"), maps::toString);
            BpfxProcess.Result dump = Bpfx.command("map", "dump", "pc_opens").run();
            assertEquals(List.of("key: {pid: " + w.pid() + "}  value: {count: " + N + "}", "Found 1 element"),
                    dump.stdout(), dump::toString);
            assertEquals(List.of(), dump.stderr());
            JsonNode dj = json(Bpfx.command("map", "dump", Long.toString(mapId), "--json").run());
            assertEquals(JSON.readTree("[{\"key\":{\"pid\":" + w.pid() + "},\"value\":{\"count\":" + N + "}}]"), dj);

            // Lua: map_by_id reads the same; progs(), maps(), features() see what ps and doctor see
            BpfxProcess.Result lua = Bpfx.run(resource("scripts/map_by_id.lua"), "-c", "id=" + mapId,
                    "-c", "pid=" + w.pid()).run();
            assertEquals(0, lua.exitCode(), lua::toString);
            assertEquals(List.of("count 1", "get " + N, "item pid=" + w.pid() + " count=" + N,
                    "prog pc_openat tracepoint", "map pc_opens hash", "ringbuf true kprobes false"), lua.stdout());

            // update/delete: allowed on a map a bpfx process holds
            BpfxProcess.Result up = Bpfx.command("map", "update", "pc_opens", "{\"pid\": 1}", "{\"count\": 5}").run();
            assertEquals(0, up.exitCode(), up::toString);
            List<String> after = Bpfx.command("map", "dump", "pc_opens").run().stdout();
            assertTrue(after.contains("key: {pid: 1}  value: {count: 5}") && after.contains("Found 2 elements"),
                    after::toString);
            assertEquals(0, Bpfx.command("map", "delete", "pc_opens", "{\"pid\": 1}").run().exitCode());
            assertEquals("Found 1 element", last(Bpfx.command("map", "dump", "pc_opens").run().stdout()));

            run.signal("INT");
            assertEquals(0, run.awaitExit().exitCode());
        }
    }

    /** A histogram map (bpfx.h's layout) dumps as the log2 histogram map():print() draws: exactly N calls. */
    @Test
    void histogramMapDumpsAsAHistogram() {
        java.util.regex.Pattern bucket = java.util.regex.Pattern.compile("\\[(\\S+), (\\S+)\\) +(\\d+) \\|[@ ]*\\|");
        try (Workload w = Workload.start("syscall_loop", Integer.toString(N));
             BpfxProcess run = Bpfx.run(example("funclatency.lua"), "libc:syscall", "--pid", Integer.toString(w.pid()))
                     .start()) {
            run.awaitAttached("funclatency");
            assertEquals(N, w.go().awaitDone());
            BpfxProcess.Result dump = Bpfx.command("map", "dump", "latency_ns").run();
            assertEquals(0, dump.exitCode(), dump::toString);
            assertEquals("@latency_ns:", dump.stdout().get(0), dump::toString);
            long calls = 0;
            for (String l : dump.stdout().subList(1, dump.stdout().size())) {
                calls += Long.parseLong(parse(bucket, l).group(3));
            }
            assertEquals(N, calls, dump::toString);
            assertUnder80Columns(dump.stdout());
            run.signal("INT");
            assertEquals(0, run.awaitExit().exitCode());
        }
    }

    private static String last(List<String> l) {
        return l.get(l.size() - 1);
    }

    @Test
    void badInputIsOneLine() {
        assertEquals("bpfx: no BPF map with id 999999 (bpfx maps lists them)",
                assertOneErrorLine(Bpfx.command("map", "dump", "999999").run(), 1));
        assertEquals("bpfx: no BPF map named no_such_map (bpfx maps lists them)",
                assertOneErrorLine(Bpfx.command("map", "dump", "no_such_map").run(), 1));
        assertEquals("bpfx: listing BPF programs needs root (CAP_SYS_ADMIN): the kernel lists other processes' "
                        + "BPF objects only to it; run it with sudo",
                assertOneErrorLine(Bpfx.command("ps").wrappedBy("setpriv", "--inh-caps=-all", "--bounding-set=-all",
                        "--").run(), 1));
        assertEquals("bpfx needs root, or CAP_BPF and CAP_PERFMON (this process lacks CAP_BPF and CAP_PERFMON): "
                        + "run it with sudo",
                assertOneErrorLine(Bpfx.command("doctor").wrappedBy("setpriv", "--inh-caps=-all", "--bounding-set=-all",
                        "--").run(), 1));
    }

    /** A map made without BTF (as bpftool map create does): raw hex with sizes, said once; --force to change it. */
    @Test
    void mapWithoutBtfDumpsRawHex() {
        LibBpf lib = LibBpf.INSTANCE;
        int fd = lib.bpf_map_create(1 /* hash */, "bpfx_nobtf", 4, 8, 8, null);
        assertTrue(fd >= 0, "bpf_map_create: " + fd);
        try {
            Memory k = new Memory(4), v = new Memory(8);
            k.setInt(0, 7);
            v.setLong(0, 42);
            assertEquals(0, lib.bpf_map_update_elem(fd, k, v, 0));
            long id = MapInfo.of(fd).orElseThrow().id();
            BpfxProcess.Result r = Bpfx.command("map", "dump", Long.toString(id)).run();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(List.of("bpfx: map " + id + " (bpfx_nobtf) has no BTF: keys and values are raw hex "
                    + "(key 4 bytes, value 8 bytes)"), r.stderr());
            assertEquals(List.of("key: 07 00 00 00  value: 2a 00 00 00 00 00 00 00", "Found 1 element"), r.stdout());

            assertEquals("bpfx: map " + id + " (bpfx_nobtf) is not held by a bpfx process: add --force to change it anyway",
                    assertOneErrorLine(Bpfx.command("map", "delete", Long.toString(id), "07000000").run(), 1));
            assertEquals(0, Bpfx.command("map", "delete", Long.toString(id), "07000000", "--force").run().exitCode());
            assertTrue(lib.bpf_map_lookup_elem(fd, k, v) != 0, "deleted");
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
