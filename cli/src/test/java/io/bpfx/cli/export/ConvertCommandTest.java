package io.bpfx.cli.export;

import io.bpfx.cli.Main;
import io.bpfx.dsl.DslRuntime;
import io.bpfx.dsl.EngineHost;
import io.bpfx.exporter.config.MetricSpecReader;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.dsl.ScriptValidator;
import io.bpfx.exporter.spec.MetricSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bpfx convert}: the script it writes is valid bpfx and declares the config's metrics, labels and buckets. */
class ConvertCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run convert(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "convert";
            System.arraycopy(args, 0, all, 1, args.length);
            return new Run(Main.execute(all), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path resource(String name) throws Exception {
        return Path.of(ConvertCommandTest.class.getResource("/export/" + name).toURI());
    }

    /** The script's metrics as `bpfx export` reads them before anything is compiled (BCC targets have no BTF). */
    static Map<String, List<MetricSpec>> specs(Path script) {
        DslRuntime rt = ScriptLoader.load(script, RunOptions.defaults());
        ScriptValidator.validate(rt.model());
        return EngineHost.plans(rt.model()).stream().collect(Collectors.toMap(p -> p.name,
                p -> p.metrics.stream().map(m -> MetricSpecReader.read(m.definition(), "",
                        MetricSpecReader.Options.builder(m.origin(), "bpfx").config(p.name).lenient(true).build())).toList(),
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void v1ConfigBecomesAScriptWithItsBccCode(@TempDir Path dir) throws Exception {
        Run r = convert(resource("v1/syscalls.yaml").toString(), "-o", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("serve it with: bpfx export " + dir.resolve("syscalls.lua")), r.out());
        assertTrue(Files.readString(dir.resolve("sys_enter.c")).contains("RAW_TRACEPOINT_PROBE(sys_enter)"));
        Map<String, List<MetricSpec>> specs = specs(dir.resolve("syscalls.lua"));
        assertEquals(List.of("getppid_calls", "sys_enter"), List.copyOf(specs.keySet()));
        MetricSpec hist = specs.get("getppid_calls").get(1);
        assertEquals("bpfx_getppid_nth_call", hist.name());
        assertEquals("nth", hist.mapName());
        assertEquals(20, hist.histogram().max());
        assertEquals(8, hist.expectedKeySize());
        MetricSpec raw = specs.get("sys_enter").get(0);
        assertEquals("bpfx_raw_syscalls_total", raw.name());
        assertEquals(List.of("pid", "syscall"), raw.labels().stream().map(l -> l.name()).toList());
        assertEquals(Map.of("110", "getppid"), raw.labels().get(1).decoders().get(1).staticMap());
        assertTrue(raw.labels().get(1).decoders().get(1).allowUnknown());
    }

    @Test
    void seedTimersConfigConverts(@TempDir Path dir) throws Exception {
        assertEquals(0, convert(resource("v1/timers.yaml").toString(), "-o", dir.toString()).code());
        String lua = Files.readString(dir.resolve("timers.lua"));
        assertTrue(lua.contains("attach_to(\"tracepoint__timer__timer_start\", \"timer:timer_start\", { kind = \"tracepoint\" })"), lua);
        MetricSpec m = specs(dir.resolve("timers.lua")).get("timers").get(0);
        assertEquals("bpfx_timer_start_total", m.name());
        assertEquals("ksym", m.labels().get(0).decoders().get(0).name());
    }

    @Test
    void v2ConfigBecomesAScriptLoadingItsObject(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("cfg");
        Files.createDirectories(cfg);
        Files.copy(resource("v2opens.yaml"), cfg.resolve("v2opens.yaml"));
        Run r = convert(cfg.resolve("v2opens.yaml").toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        String lua = Files.readString(dir.resolve("out/v2opens.lua"));
        assertTrue(lua.contains("add_files(\"" + cfg.resolve("v2opens.bpf.o") + "\")"), lua);
        assertTrue(lua.contains("from_events = true, flush_interval = \"1h\""), lua);
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws Exception {
        Run missing = convert(dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertEquals("bpfx: " + dir.resolve("nope.yaml") + ": config file not found\n", missing.err());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(resource("v1/timers.yaml")).replace("size: 8", "size: 8\n              sise: 4"));
        Run unknown = convert(bad.toString(), "-o", dir.toString());
        assertEquals(1, unknown.code());
        assertEquals("bpfx: " + bad + ": programs[0] (timers): metrics.counters[0].labels[0].sise: unknown key "
                + "(allowed here: decoders, name, size)\n", unknown.err());

        Path kaddrs = dir.resolve("k.yaml");
        Files.writeString(kaddrs, Files.readString(resource("v1/timers.yaml")).replace("    code: |", "    kaddrs: [jiffies]\n    code: |"));
        Run k = convert(kaddrs.toString(), "-o", dir.toString());
        assertEquals(1, k.code());
        assertTrue(k.err().startsWith("bpfx: " + kaddrs + ": program timers: kaddrs: a converted script cannot carry"), k.err());

        assertEquals(0, convert(resource("v1/timers.yaml").toString(), "-o", dir.toString()).code());
        Run again = convert(resource("v1/timers.yaml").toString(), "-o", dir.toString());
        assertEquals(1, again.code());
        assertEquals("bpfx: " + dir.resolve("timers.lua") + " exists (--force overwrites it)\n", again.err());
        assertEquals(0, convert(resource("v1/timers.yaml").toString(), "-o", dir.toString(), "--force").code());
    }
}
