package io.bpfx.cli.export;

import io.bpfx.cli.Main;
import io.bpfx.engine.testing.Kernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mistakes end {@code bpfx export} before anything is attached, with one line
 * that says where: a bad add_metric table (file:line), a busy port, bad usage.
 * Runs {@link Main#execute} in-process: none of these get as far as signals.
 */
class ExportErrorsTest {
    private Path dir;

    @BeforeEach
    void scripts() throws Exception {
        dir = Files.createTempDirectory("bpfx-export-errors");
        Files.copy(Path.of(getClass().getResource("/export/counts.bpf.c").toURI()), dir.resolve("counts.bpf.c"));
    }

    private record Result(int code, List<String> err) {
    }

    private static Result bpfx(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.setErr(saved);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        return new Result(code, text.isEmpty() ? List.of() : List.of(text.split("\n")));
    }

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "target(\"t\")\n    add_files(\"counts.bpf.c\")\n" + body);
        return p;
    }

    private static void assertOneLine(Result r, String expected) {
        assertEquals(1, r.code(), String.join("\n", r.err()));
        assertEquals(List.of(expected), r.err());
    }

    @Test
    void badTablesAreOneLineWithTheScriptsLine() throws Exception {
        Kernel.require();
        Path s = script("bad.lua", """
                    add_metric{ type = "counter", name = "a_total", map = "opens", labels = { "comm" } }
                    add_metric{ type = "counter", name = "b_total", map = "opens",
                                labels = { { name = "file", field = "name" } } }
                """);
        assertOneLine(bpfx("export", s.toString(), "--listen", "127.0.0.1:0"), s + ":4: add_metric: labels[0].field: "
                + "no field \"name\" in the key of map opens (struct open_key { pid, comm, fname, kind })");

        s = script("type.lua", "    add_metric{ type = \"summary\", name = \"s\", map = \"opens\" }\n");
        assertOneLine(bpfx("export", s.toString(), "--listen", "127.0.0.1:0"), s
                + ":3: add_metric: type: unknown type \"summary\" (expected counter, gauge or histogram)");

        s = script("map.lua", "    add_metric{ type = \"counter\", name = \"x_total\", map = \"nope\" }\n");
        assertOneLine(bpfx("export", s.toString(), "--listen", "127.0.0.1:0"), s
                + ":3: add_metric: map: no map 'nope' in target t (maps: opens, events, lat_ns, start)");

        s = script("events.lua", "    add_metric{ type = \"counter\", name = \"x_total\", map = \"opens\", from_events = true }\n");
        assertOneLine(bpfx("export", s.toString(), "--listen", "127.0.0.1:0"), s
                + ":3: add_metric: from_events: map opens is a hash map, not a ringbuf or perf_event_array");

        s = script("twice.lua", """
                    add_metric{ type = "counter", name = "x_total", map = "opens", labels = { "comm" } }
                    add_metric{ type = "gauge", name = "x_total", map = "lat_ns", labels = { "pid", "bucket" } }
                """);
        assertOneLine(bpfx("export", s.toString(), "--listen", "127.0.0.1:0"), s
                + ":4: add_metric: metric bpfx_x_total is already defined at " + s + ":3");
    }

    @Test
    void runExportChecksTablesToo() throws Exception {
        Kernel.require();
        Path s = script("run.lua", "    add_metric{ type = \"histogram\", name = \"h\", map = \"opens\", bucket_type = \"exp2\","
                + " bucket_max = 10, labels = { \"comm\" } }\n");
        Result r = bpfx("run", s.toString(), "--export", "127.0.0.1:0");
        assertEquals(1, r.code(), String.join("\n", r.err()));
        assertEquals(List.of(s + ":3: add_metric: labels: the last label of a histogram is its bucket, an integer; comm is "
                + "16 bytes of text (the key of map opens is struct open_key { pid, comm, fname, kind }: name its bucket "
                + "field `bucket`, or list it last)"), r.err());
    }

    @Test
    void aBusyPortIsOneLineAndNothingIsAttached() throws Exception {
        Kernel.require();
        Path s = script("ok.lua", "    add_metric{ type = \"counter\", name = \"opens_total\", map = \"opens\", labels = { \"comm\" } }\n");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String addr = "127.0.0.1:" + busy.getLocalPort();
            Result r = bpfx("export", s.toString(), "--listen", addr);
            assertOneLine(r, "bpfx: cannot listen on " + addr + ": address already in use");
            assertFalse(r.err().stream().anyMatch(l -> l.startsWith("Attaching")));
        }
    }

    @Test
    void usage() throws Exception {
        Result none = bpfx("export");
        assertEquals(2, none.code());
        assertTrue(none.err().get(0).startsWith("bpfx: export needs a script"), none.err().toString());

        Result v1v2 = bpfx("export", "--config.file", dir.resolve("a.yaml").toString(), "--config.dir", dir.toString());
        assertEquals(2, v1v2.code());
        assertEquals(List.of("bpfx: --config.file (v1) and --config.dir/--config.names (v2) do not go together"), v1v2.err());

        Result noV1 = bpfx("export", "--config.file", dir.resolve("nope.yaml").toString());
        assertEquals(1, noV1.code());
        assertEquals(List.of("bpfx: " + dir.resolve("nope.yaml") + ": config file not found"), noV1.err());

        Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "programs:\n  - name: x\n    code: |\n      int f(void *c) { return 0; }\n"
                + "    kprobes: [1, 2]\n");
        Result badV1 = bpfx("export", "--config.file", bad.toString());
        assertEquals(1, badV1.code());
        assertEquals(List.of("bpfx: " + bad + ": programs[0] (x): kprobes: expected a mapping of place: function, got a list"),
                badV1.err());

        Result both = bpfx("export", script("x.lua", "").toString(), "--config.dir", dir.toString(), "--config.names", "a");
        assertEquals(2, both.code());
        assertEquals(List.of("bpfx: give scripts or --config.dir/--config.names, not both"), both.err());

        Result missing = bpfx("export", "--config.dir", dir.toString(), "--config.names", "nope");
        assertEquals(1, missing.code());
        assertEquals(List.of("bpfx: " + dir.resolve("nope.yaml") + ": config file not found (--config.dir " + dir
                + ", --config.names nope)"), missing.err());

        Result path = bpfx("export", script("y.lua", "").toString(), "--path", "metrics");
        assertEquals(2, path.code());
        assertEquals(List.of("bpfx: invalid metrics path \"metrics\": must start with / and not be /"), path.err());
    }
}
