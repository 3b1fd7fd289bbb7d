package io.bpfx.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bpfx run FILE.bpf.c | FILE.bpf.o} with no script, on native/bpf/norun_test.bpf.c:
 * the openloop workload opens a file of its own N times; with --pid (→ targ_pid) bpfx must
 * print exactly N records, and at exit the count map and the histogram of those N opens.
 */
class ProgramRunTest extends RunTestBase {
    private static final int N = 37;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RECORD = Pattern.compile("(\\d+) +(\\S+) +(\\S+)");
    private static final Pattern BUCKET = Pattern.compile("\\[[^)]*\\) +(\\d+) \\|@* *\\|");

    private static Path source() {
        return NativeBuild.root().resolve("native/bpf/norun_test.bpf.c");
    }

    private static Path file(String kind) {
        return kind.equals("c") ? source() : NativeBuild.bpfObject("norun_test");
    }

    /** Runs the program over one openloop of a fresh file; returns the run and the workload's pid and file. */
    private record Run(BpfxProcess.Result result, int pid, String path) {}

    private static Run runOverOpenloop(Path program, String... extra) throws Exception {
        String path = "/tmp/bpfx-norun-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(Path.of(path), "x");
        try (Workload w = Workload.start("openloop", path, Integer.toString(N))) {
            List<String> args = new ArrayList<>(List.of("run", program.toString(), "--pid", Integer.toString(w.pid())));
            args.addAll(List.of(extra));
            try (BpfxProcess bpfx = Bpfx.command(args.toArray(String[]::new)).start()) {
                bpfx.awaitAttached("norun_test");
                assertEquals(N, w.go().awaitDone());
                bpfx.awaitStdout(l -> l.contains(path), N, "records of " + path);
                bpfx.signal("INT");
                return new Run(bpfx.awaitExit(), w.pid(), path);
            }
        } finally {
            Files.deleteIfExists(Path.of(path));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "o"})
    void textRecordsUnderAHeaderThenEveryMap(String kind) throws Exception {
        Run run = runOverOpenloop(file(kind));
        BpfxProcess.Result r = run.result();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("bpfx: --pid " + run.pid() + " sets targ_pid"), r::toString);
        List<String> out = r.stdout();
        assertEquals(List.of("PID", "COMM", "FILENAME"), List.of(out.get(0).split(" +")), r::toString);
        List<String> records = out.stream().filter(l -> l.contains(run.path())).toList();
        assertEquals(N, records.size(), r::toString);
        for (String l : records) {
            Matcher m = parse(RECORD, l);
            assertEquals(run.pid(), Integer.parseInt(m.group(1)));
            assertEquals("openloop", m.group(2));
            assertEquals(run.path(), m.group(3));
        }
        // --pid filtered in the kernel: the workload's opens alone, all printed
        assertEquals(N + 1, out.indexOf("@opens_total:"), r::toString);
        assertEquals("openloop  " + N, out.get(N + 2), r::toString);
        int hist = out.indexOf("@path_len:");
        assertTrue(hist > 0, r::toString);
        long total = 0;
        for (String l : out.subList(hist + 1, out.size())) {
            total += Long.parseLong(parse(BUCKET, l).group(1));
        }
        assertEquals(N, total, r::toString);
        assertUnder80Columns(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "o"})
    void jsonRecordsAndMaps(String kind) throws Exception {
        Run run = runOverOpenloop(file(kind), "--json");
        BpfxProcess.Result r = run.result();
        assertEquals(0, r.exitCode(), r::toString);
        int records = 0;
        JsonNode opens = null;
        JsonNode hist = null;
        for (String l : r.stdout()) {
            JsonNode n = JSON.readTree(l);
            if (n.has("filename")) {
                assertEquals(List.of("pid", "comm", "filename"), fieldNames(n), "struct order");
                assertEquals(run.pid(), n.get("pid").asInt());
                assertEquals("openloop", n.get("comm").asText());
                assertEquals(run.path(), n.get("filename").asText());
                records++;
            } else if ("opens_total".equals(n.path("map").asText())) {
                opens = n;
            } else if ("path_len".equals(n.path("map").asText())) {
                hist = n;
            }
        }
        assertEquals(N, records, r::toString);
        assertEquals(JSON.readTree("{\"map\":\"opens_total\",\"items\":[{\"key\":{\"comm\":\"openloop\"},\"value\":" + N + "}]}"),
                opens, r::toString);
        long total = 0;
        for (JsonNode b : hist.get("histogram")) total += b.get("count").asLong();
        assertEquals(N, total, r::toString);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** run_file() from a script (as in the REPL): the same records and maps; Ctrl-C ends it, the script goes on. */
    @Test
    void runFileFromAScript() throws Exception {
        String path = "/tmp/bpfx-norun-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(Path.of(path), "x");
        try (Workload w = Workload.start("openloop", path, Integer.toString(N));
             BpfxProcess bpfx = Bpfx.run(resource("scripts/run_file.lua"), "-c", "prog=" + file("o"), "-c", "secs=0",
                     "--pid", Integer.toString(w.pid())).start()) {
            bpfx.awaitAttached("norun_test");
            assertEquals(N, w.go().awaitDone());
            bpfx.awaitStdout(l -> l.contains(path), N, "records of " + path);
            bpfx.signal("INT");
            BpfxProcess.Result r = bpfx.awaitExit();
            assertEquals(0, r.exitCode(), r::toString);
            List<String> out = r.stdout();
            assertEquals(N, out.stream().filter(l -> l.contains(path)).count(), r::toString);
            assertEquals("openloop  " + N, out.get(out.indexOf("@opens_total:") + 1), r::toString);
            assertEquals("after run_file", out.get(out.size() - 1), r::toString);
        } finally {
            Files.deleteIfExists(Path.of(path));
        }
    }

    // ---- bad input: one line, exit 1, nothing attached ----

    private static String badRun(Path file) {
        BpfxProcess.Result r = Bpfx.command("run", file.toString(), "--duration", "1").run();
        return assertOneErrorLine(r, 1);
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n" + text
                + "\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
        return f;
    }

    @Test
    void aCompileErrorNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path f = write(dir, "broken.bpf.c", "SEC(\"tracepoint/syscalls/sys_enter_openat\")\nint f(void *ctx) { return nope; }");
        String line = badRun(f);
        assertTrue(line.contains("broken.bpf.c:4:"), line);
        assertTrue(line.contains("nope"), line);
    }

    @Test
    void anObjectWithNoPrograms(@TempDir Path dir) throws Exception {
        Path f = write(dir, "empty.bpf.c", "struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 4);"
                + " __type(key, __u32); __type(value, __u64); } m SEC(\".maps\");");
        assertEquals("bpfx: " + f + ": no BPF programs (no function in a SEC(\"...\") section)", badRun(f));
    }

    @Test
    void aSectionThatNamesNoAttachPoint(@TempDir Path dir) throws Exception {
        Path f = write(dir, "nosec.bpf.c", "SEC(\"socket\")\nint handler(void *ctx) { return 0; }");
        String line = badRun(f);
        assertEquals("bpfx: " + f + ": program handler (SEC \"socket\") names no place to attach "
                + "(e.g. SEC(\"tracepoint/syscalls/sys_enter_openat\"))", line);
    }

    @Test
    void recordsItCannotDecode(@TempDir Path dir) throws Exception {
        Path f = write(dir, "noevent.bpf.c", "struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } rb SEC(\".maps\");\n"
                + "SEC(\"tracepoint/syscalls/sys_enter_openat\")\nint h(void *ctx) { __u64 x = 1; bpf_ringbuf_output(&rb, &x, 8, 0); return 0; }");
        String line = badRun(f);
        assertTrue(line.startsWith("bpfx: " + f + ": cannot decode the records of map rb: no struct event nor "
                + "BPFX_EVENT_TYPE(rb, type) in its BTF"), line);
    }

    @Test
    void anUnknownGlobal() {
        BpfxProcess.Result r = Bpfx.command("run", source().toString(), "-c", "nosuch=1", "--duration", "1").run();
        String line = assertOneErrorLine(r, 1);
        assertEquals("bpfx: -c nosuch: no const volatile global nosuch in " + source() + " (globals: targ_pid)", line);
    }
}
