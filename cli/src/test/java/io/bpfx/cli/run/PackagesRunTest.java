package io.bpfx.cli.run;

import com.sun.net.httpserver.HttpServer;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packages end to end, as users do it: {@code bpfx pack} a real tool folder (opensnoop, with
 * clang), copy the file, {@code bpfx install} it into a fresh $BPFX_HOME, and {@code bpfx run}
 * / {@code bpfx export} it with no clang on PATH and $BPFX_CLANG pointing nowhere, against a
 * workload's exact number of opens. A fresh $BPFX_CACHE that stays without objects and without
 * vmlinux.h proves that no compiler (nor bpftool) started. Every bad package is one line with
 * nothing installed.
 */
class PackagesRunTest extends RunTestBase {
    static final int N = 37;

    @TempDir
    static Path shared;
    static byte[] opensnoop;

    @TempDir
    Path tmp;

    /** bpfx pack a copy of examples/NAME.* as a tool folder (with clang); returns the package's bytes. */
    static byte[] pack(Path where, String name, String version) throws IOException {
        Path dir = Files.createDirectories(where.resolve("src-" + version).resolve(name));
        try (Stream<Path> s = Files.list(io.bpfx.engine.testing.NativeBuild.root().resolve("examples"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(name + ".")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        Path out = where.resolve(name + "-" + version + ".bpfx");
        BpfxProcess.Result r = Bpfx.command("pack", dir.toString(), "-o", out.toString(), "--version", version).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().get(0).startsWith("packed " + name + " " + version + " into " + out + ": 1 object(s), needs "),
                r::toString);
        return Files.readAllBytes(out);
    }

    @BeforeAll
    static void packOpensnoop() throws IOException {
        opensnoop = pack(shared, "opensnoop", "1.0.0");
    }

    /** bpfx ARGS with $BPFX_HOME under tmp, no clang anywhere, and a compile cache of its own. */
    private Bpfx bpfx(String... args) throws IOException {
        Path noClang = Files.createDirectories(tmp.resolve("no-clang-here"));
        return Bpfx.command(args).env("BPFX_HOME", tmp.resolve("home").toString())
                .env("PATH", noClang.toString()).env("BPFX_CLANG", noClang.resolve("clang").toString())
                .env("BPFX_CACHE", tmp.resolve("cache").toString());
    }

    private Path copied(byte[] pkg, String file) throws IOException {
        return Files.write(Files.createDirectories(tmp.resolve("copied")).resolve(file), pkg);
    }

    private void install(byte[] pkg) throws IOException {
        BpfxProcess.Result r = bpfx("install", copied(pkg, "p.bpfx").toString()).run();
        assertEquals(0, r.exitCode(), r::toString);
    }

    private void assertNothingCompiled() {
        assertFalse(Files.exists(tmp.resolve("cache/objects")), "no object was compiled");
        assertFalse(Files.exists(tmp.resolve("cache/include")), "no vmlinux.h was made");
    }

    private List<String> installed() throws IOException {
        Path dir = tmp.resolve("home/packages");
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void packCopyInstallRunWithoutClangCountsEveryOpen() throws IOException {
        BpfxProcess.Result inst = bpfx("install", copied(opensnoop, "opensnoop.bpfx").toString()).run();
        assertEquals(0, inst.exitCode(), inst::toString);
        assertEquals(List.of("installed opensnoop 1.0.0 in " + tmp.resolve("home/packages")
                + "; it runs instead of the ready tool opensnoop"), inst.stdout());
        BpfxProcess.Result list = bpfx("list").run();
        assertEquals(List.of("PACKAGE          VERSION    SHOWS",
                "opensnoop        1.0.0      openat() calls with fd or errno",
                "opensnoop: runs instead of the ready tool opensnoop"), list.stdout());
        assertUnder80Columns(list.stdout());

        Path file = tmp.resolve("opened.txt");
        Files.writeString(file, "x");
        try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(N));
             BpfxProcess run = bpfx("run", "opensnoop", "-p", Integer.toString(w.pid())).start()) {
            run.awaitAttached("opensnoop");
            assertEquals(N, w.go().awaitDone());
            run.awaitStdout(l -> l.endsWith(" " + file), N, "opens of " + file);
            BpfxProcess.Result r = ToolsRunTest.interrupt(run);
            assertEquals("PID     COMM               FD ERR PATH", r.stdout().get(0));
            Pattern row = Pattern.compile("(\\d+) +(\\S+) +(\\d+) +0 (.*)");
            long ours = r.stdout().stream().skip(1).map(row::matcher).filter(Matcher::matches)
                    .filter(m -> m.group(1).equals(Integer.toString(w.pid())) && m.group(4).equals(file.toString()))
                    .count();
            assertEquals(N, ours, r::toString);
        }
        assertNothingCompiled();
    }

    @Test
    void exportRunsAnInstalledPackageWithoutClang() throws Exception {
        install(pack(tmp, "exporter", "2.0"));
        Path file = tmp.resolve("opened.txt");
        Files.writeString(file, "x");
        try (BpfxProcess exp = bpfx("export", "exporter", "--listen", "127.0.0.1:0").start()) {
            String serving = exp.awaitStderr(l -> l.startsWith("Serving metrics on "), "Serving metrics on");
            Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(serving);
            assertTrue(port.find(), serving);
            URI metrics = URI.create("http://127.0.0.1:" + port.group(1) + "/metrics");
            exp.awaitAttached("exporter");
            try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(N))) {
                long before = opens(metrics); // the loader's own opens came before "ready"
                assertEquals(N, w.go().awaitDone());
                long after = before;
                for (int i = 0; i < 100 && after < before + N; i++) {
                    Thread.sleep(50);
                    after = opens(metrics);
                }
                assertEquals(before + N, after, "bpfx_opens_total{comm=\"openloop\"}");
            }
            ToolsRunTest.interrupt(exp);
        }
        assertNothingCompiled();
    }

    private static long opens(URI metrics) throws Exception {
        String body = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^bpfx_opens_total\\{comm=\"openloop\",?} ([0-9.e+]+)$").matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void installsFromALocalHttpUrl() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            boolean found = ex.getRequestURI().getPath().equals("/pkgs/opensnoop.bpfx");
            ex.sendResponseHeaders(found ? 200 : 404, found ? opensnoop.length : -1);
            if (found) ex.getResponseBody().write(opensnoop);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/pkgs/";
            BpfxProcess.Result r = bpfx("install", base + "opensnoop.bpfx").run();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(List.of("opensnoop"), installed());
            assertTrue(bpfx("list").run().stdout().get(1).startsWith("opensnoop        1.0.0 "));
            String missing = assertOneErrorLine(bpfx("install", base + "nosuch.bpfx").run(), 1);
            assertEquals("bpfx: package " + base + "nosuch.bpfx: HTTP 404", missing);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aNewerVersionReplacesAnOlderOneIsRefusedUnlessForcedRemoveUndoes() throws IOException {
        byte[] newer = pack(tmp, "opensnoop", "1.1.0");
        install(opensnoop);
        BpfxProcess.Result up = bpfx("install", copied(newer, "new.bpfx").toString()).run();
        assertEquals(0, up.exitCode(), up::toString);
        assertTrue(up.stdout().get(0).contains(" (replaced 1.0.0)"), up::toString);
        Path old = copied(opensnoop, "old.bpfx");
        assertEquals("bpfx: package opensnoop 1.1.0 is installed, newer than 1.0.0 (--force installs the older one)",
                assertOneErrorLine(bpfx("install", old.toString()).run(), 1));
        assertTrue(bpfx("list").run().stdout().get(1).startsWith("opensnoop        1.1.0 "));
        assertEquals(0, bpfx("install", "--force", old.toString()).run().exitCode());
        assertTrue(bpfx("list").run().stdout().get(1).startsWith("opensnoop        1.0.0 "));
        assertEquals(List.of("opensnoop"), installed(), "one folder, no staging left");

        assertEquals(List.of("removed opensnoop from " + tmp.resolve("home/packages")), bpfx("remove", "opensnoop").run().stdout());
        assertEquals(List.of("no packages installed in " + tmp.resolve("home/packages")), bpfx("list").run().stdout());
        assertEquals("bpfx: package opensnoop is not installed in " + tmp.resolve("home/packages") + " (bpfx list)",
                assertOneErrorLine(bpfx("remove", "opensnoop").run(), 1));
    }

    /** The package's entries, manifest first, to change and zip again. */
    private static Map<String, byte[]> entries(byte[] pkg) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(pkg))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) m.put(e.getName(), z.readAllBytes());
        }
        return m;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private String refused(byte[] pkg) throws IOException {
        Path file = copied(pkg, "bad.bpfx");
        BpfxProcess.Result r = bpfx("install", file.toString()).run();
        String line = assertOneErrorLine(r, 1);
        assertEquals(List.of(), r.stdout());
        assertEquals(List.of(), installed(), "nothing installed for " + line);
        return line.replace(file.toString(), "FILE");
    }

    @Test
    void everyBadPackageIsOneLineAndNothingIsInstalled() throws IOException {
        assertEquals("bpfx: package FILE: truncated (the zip's end record is missing)",
                refused(Arrays.copyOf(opensnoop, opensnoop.length / 2)));
        byte[] flipped = opensnoop.clone();
        flipped[opensnoop.length / 2] ^= 0x55; // inside an entry's deflated bytes
        assertTrue(refused(flipped).matches("bpfx: package FILE: (corrupt or truncated zip|checksum mismatch).*"));

        Map<String, byte[]> tampered = entries(opensnoop);
        tampered.put("opensnoop.lua", "os.execute('id')\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("bpfx: package FILE: checksum mismatch in opensnoop.lua (corrupt or tampered)", refused(zip(tampered)));

        for (String evil : List.of("../../evil.lua", "/tmp/evil.lua")) {
            Map<String, byte[]> slip = entries(opensnoop);
            slip.put(evil, "os.execute('id')\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(refused(zip(slip)).matches("bpfx: package FILE: entry \"" + Pattern.quote(evil)
                    + "\" (points outside the package|is not a relative path inside the package)"));
        }
        Map<String, byte[]> bomb = entries(opensnoop);
        bomb.put("zeros.bin", new byte[9 << 20]);
        assertEquals("bpfx: package FILE: entry zeros.bin is larger than 8 MiB", refused(zip(bomb)));
        assertEquals("bpfx: package FILE: larger than 16 MiB", refused(new byte[(16 << 20) + 1]));

        Path kp = Files.createDirectories(tmp.resolve("kp"));
        Files.copy(resource("errors/kp.bpf.c"), kp.resolve("kp.bpf.c"));
        Files.writeString(kp.resolve("kp.lua"), Files.readString(resource("errors/kprobe.lua")));
        BpfxProcess.Result packed = Bpfx.command("pack", kp.toString(), "-o", tmp.resolve("kp.bpfx").toString()).run();
        assertEquals(0, packed.exitCode(), packed::toString);
        assertEquals("bpfx: package kp needs kprobe probes, which this kernel lacks: no kprobe PMU "
                + "(/sys/bus/event_source/devices/kprobe/type) and no kprobe_events: kernel built without CONFIG_KPROBES",
                refused(Files.readAllBytes(tmp.resolve("kp.bpfx"))));

        Files.createSymbolicLink(kp.resolve("passwd.h"), Path.of("/etc/passwd"));
        assertEquals("bpfx: package " + kp + ": passwd.h is a symlink (a package holds plain files)",
                assertOneErrorLine(Bpfx.command("pack", kp.toString(), "-o", tmp.resolve("kp2.bpfx").toString()).run(), 1));
    }

    @Test
    void anInstalledPackageChangedOnDiskDoesNotRun() throws IOException {
        install(opensnoop);
        Path obj = tmp.resolve("home/packages/opensnoop/opensnoop.bpf.o");
        byte[] b = Files.readAllBytes(obj);
        b[b.length / 2] ^= 1;
        Files.write(obj, b);
        String line = assertOneErrorLine(bpfx("run", "opensnoop", "--duration", "1").run(), 1);
        assertEquals("bpfx: package opensnoop (installed in " + tmp.resolve("home/packages/opensnoop")
                + "): checksum mismatch in opensnoop.bpf.o (corrupt or tampered)", line);
        assertNothingCompiled();
    }
}
