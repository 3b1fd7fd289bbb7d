package io.bpfx.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpfx.cli.export.Exposition;
import io.bpfx.cli.export.ExporterProcess;
import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bpfx serve} end to end, as real processes: the server in a JVM of its own, real HTTP
 * clients, real BPF programs counting a workload's opens, and the machine's program and link
 * lists checked before and after.
 */
class ServeKernelTest {
    static final int N = 50;
    static Path dir;
    static Path tokenFile;
    static String token;

    @BeforeAll
    static void files() throws Exception {
        dir = Files.createTempDirectory("bpfx-serve-test");
        token = "t0k3n-" + Long.toHexString(System.nanoTime()) + "-for-serve-tests";
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    static ExporterProcess serve(String... more) throws InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0", "--token-file", tokenFile.toString()));
        args.addAll(List.of(more));
        ExporterProcess p = ExporterProcess.start(dir, args.toArray(String[]::new));
        p.awaitLine(l -> l.startsWith("Control plane on http://"), 30_000);
        return p;
    }

    static String resource(String name) throws IOException, URISyntaxException {
        return Files.readString(Path.of(ServeKernelTest.class.getResource("/serve/" + name).toURI()), StandardCharsets.UTF_8);
    }

    /** The upload of opens.lua + opens.bpf.c, with {@code args}. */
    static Map<String, Object> opensUpload(String... args) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "opens.lua");
        body.put("script", resource("opens.lua"));
        body.put("files", Map.of("opens.bpf.c", resource("opens.bpf.c")));
        body.put("args", List.of(args));
        return body;
    }

    @Test
    void withoutTheTokenNothingStartsAndBadRequestsAreRefused() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        try (ExporterProcess serve = serve("--max-runs", "2")) {
            Api api = new Api(serve.port(), token);
            Api anonymous = api.withToken(null);
            Api wrong = api.withToken(token + "x");
            Map<String, Object> tool = Map.of("tool", "opensnoop");
            for (Api a : List.of(anonymous, wrong)) {
                Api.Reply r = a.post(tool);
                assertEquals(401, r.status(), r.raw());
                assertEquals("missing or wrong token (send Authorization: Bearer TOKEN)", r.body().get("error").asText());
                assertEquals(401, a.get("/api/v1/runs").status());
                assertEquals(401, a.get("/api/v1/runs/1/output").status());
                assertEquals(401, a.get("/api/v1/nothing-here").status(), "no route is revealed without the token");
            }
            assertEquals(before, BpfState.now(), "unauthenticated POSTs loaded nothing");

            // path tricks in upload names
            for (Map<String, Object> bad : List.of(
                    Map.<String, Object>of("script", "print(1)", "name", "../x.lua"),
                    Map.<String, Object>of("script", "print(1)", "name", "/tmp/x.lua"),
                    Map.<String, Object>of("script", "print(1)", "files", Map.of("../../etc/cron.d/x", "")),
                    Map.<String, Object>of("script", "print(1)", "files", Map.of("..", "")),
                    Map.<String, Object>of("script", "print(1)", "files", Map.of("/etc/passwd", "")))) {
                Api.Reply r = api.post(bad);
                assertEquals(400, r.status(), r.raw());
                assertTrue(r.body().get("error").asText().startsWith("bpfx: upload name \""), r.raw());
            }
            // a body over 1 MiB
            byte[] big = ("{\"script\":\"--" + "x".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
            Api.Reply tooBig = api.call("POST", "/api/v1/runs", big);
            assertEquals(413, tooBig.status(), tooBig.raw());

            // a bad script: 400 with the line bpfx run prints for it
            String badScript = "target(\"t\")\n    add_files(\"t.bpf.c\")\n    set_kind(\"no_such_kind\")\n";
            Files.writeString(dir.resolve("bad.lua"), badScript);
            String cliLine;
            try (ExporterProcess run = ExporterProcess.start(dir, "run", "bad.lua")) {
                assertEquals(1, run.awaitExit(30_000));
                cliLine = run.stderr().get(0);
            }
            Api.Reply bad = api.post(Map.of("script", badScript, "name", "bad.lua"));
            assertEquals(400, bad.status(), bad.raw());
            assertEquals(cliLine, bad.body().get("error").asText());
            // a compile error in uploaded C, found when attaching: 400, nothing attached
            Api.Reply badC = api.post(Map.of("script", "target(\"t\")\n add_files(\"t.bpf.c\")\n", "name", "c.lua",
                    "files", Map.of("t.bpf.c", "this is not C\n")));
            assertEquals(400, badC.status(), badC.raw());
            assertTrue(badC.body().get("error").asText().contains("t.bpf.c"), badC.raw());

            // --max-runs 2: a third is refused until one stops
            Map<String, Object> sleeper = Map.of("script", "entry(function () sleep(60000) end)\n", "name", "sleeper.lua");
            String a = api.post(sleeper).body().get("id").asText();
            String b = api.post(sleeper).body().get("id").asText();
            Api.Reply third = api.post(sleeper);
            assertEquals(429, third.status(), third.raw());
            assertEquals("bpfx: too many runs (at most 2 at once; stop one first)", third.body().get("error").asText());
            assertEquals(200, api.delete(a).status());
            assertEquals("ended", api.get("/api/v1/runs/" + a).body().get("state").asText());
            Api.Reply again = api.post(sleeper);
            assertEquals(201, again.status(), again.raw());
            assertEquals(List.of(b, again.body().get("id").asText()), api.get("/api/v1/runs").body().findValuesAsText("id")
                    .stream().filter(id -> !id.equals(a)).toList());

            assertEquals(0, serve.terminate(30_000), String.join("\n", serve.stderr()));
        }
        assertNull(BpfState.leakedSinceSettled(before));
    }

    @Test
    void anUploadedScriptStreamsExactlyItsEventsAndExportsItsCounter() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        Path file = Files.createTempFile("bpfx-serve-opens", ".txt");
        try (ExporterProcess serve = serve()) {
            Api api = new Api(serve.port(), token);
            Api.Reply started = api.post(opensUpload("-c", "file=" + file));
            assertEquals(201, started.status(), started.raw());
            String id = started.body().get("id").asText();
            JsonNode run = api.get("/api/v1/runs/" + id).body();
            assertEquals("running", run.get("state").asText());
            assertEquals(List.of("opens"), List.of(run.get("targets").get(0).asText()));

            BlockingQueue<Api.Event> stream = api.stream("/api/v1/runs/" + id + "/output");
            long pid;
            try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(N))) {
                pid = w.pid();
                assertEquals(N, w.go().awaitDone());
            }
            List<JsonNode> events = Api.drainOutput(stream, N, 20_000);
            assertEquals(N, events.size(), "events: " + events);
            for (JsonNode e : events) {
                assertEquals(pid, e.get("pid").asLong());
                assertEquals("openloop", e.get("comm").asText());
                assertEquals(file.toString(), e.get("file").asText());
            }
            // a late subscriber first gets the kept lines
            List<JsonNode> replay = Api.drainOutput(api.stream("/api/v1/runs/" + id + "/output"), N, 10_000);
            assertEquals(events, replay);

            Map<String, String> labels = Map.of("filename", file.toString());
            assertEquals(OptionalDouble.of(N), new Exposition(serve.metrics()).value("bpfx_serve_opens_total", labels));
            JsonNode maps = api.get("/api/v1/runs/" + id + "/maps").body();
            JsonNode opens = maps.findParent("map").get("map").asText().equals("opens") ? maps.get(0) : null;
            assertTrue(opens != null && opens.get("items").toString().contains(file.toString()), maps.toString());

            Api.Reply stopped = api.delete(id);
            assertEquals(200, stopped.status(), stopped.raw());
            assertEquals("ended", stopped.body().get("state").asText());
            assertEquals(N, stopped.body().get("events").asLong() >= N ? N : stopped.body().get("events").asLong());
            assertNull(BpfState.leakedSinceSettled(before), "DELETE left programs attached");
            assertEquals(OptionalDouble.empty(), new Exposition(serve.metrics()).value("bpfx_serve_opens_total", labels),
                    "a stopped run's series are gone");
            assertEquals(0, serve.terminate(30_000), String.join("\n", serve.stderr()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aLuaErrorEndsOnlyItsRunAndSigtermStopsTheRest() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        Path boom = Files.createTempFile("bpfx-serve-boom", ".txt");
        Path calm = Files.createTempFile("bpfx-serve-calm", ".txt");
        try (ExporterProcess serve = serve()) {
            Api api = new Api(serve.port(), token);
            String failing = api.post(opensUpload("-c", "export=no", "-c", "boom=1", "-c", "file=" + boom)).body().get("id").asText();
            String going = api.post(opensUpload("-c", "export=no", "-c", "file=" + calm)).body().get("id").asText();
            try (Workload w = Workload.start("openloop", boom.toString(), "1")) {
                assertEquals(1, w.go().awaitDone());
            }
            JsonNode failed = null;
            for (int i = 0; i < 100; i++) {
                failed = api.get("/api/v1/runs/" + failing).body();
                if (!failed.get("state").asText().equals("running")) break;
                Thread.sleep(100);
            }
            assertEquals("failed", failed.get("state").asText(), failed.toString());
            assertTrue(failed.get("error").asText().matches("opens\\.lua:\\d+: boom at " + boom), failed.toString());
            assertEquals("running", api.get("/api/v1/runs/" + going).body().get("state").asText());
            assertEquals(200, api.get("/api/v1/tools").status(), "the server is still up");

            assertEquals(0, serve.terminate(30_000), String.join("\n", serve.stderr()));
        } finally {
            Files.deleteIfExists(boom);
            Files.deleteIfExists(calm);
        }
        assertNull(BpfState.leakedSinceSettled(before), "SIGTERM left programs attached");
    }

    @Test
    void aTokenFileOthersCanReadIsRefused() throws Exception {
        Path open = dir.resolve("open-token");
        Files.writeString(open, token + "\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        try (ExporterProcess p = ExporterProcess.start(dir, "serve", "--listen", "127.0.0.1:0", "--token-file", open.toString())) {
            assertEquals(1, p.awaitExit(30_000));
            assertEquals(List.of("bpfx: token file " + open + " is readable by others (mode rw-r--r--): chmod 600 it"),
                    p.stderr());
        }
    }

    @Test
    void withoutATokenFileANewPrivateOneIsMade() throws Exception {
        try (ExporterProcess p = ExporterProcess.start(dir, "serve", "--listen", "127.0.0.1:0")) {
            String line = p.awaitLine(l -> l.startsWith("Control plane on http://"), 30_000);
            Path file = Path.of(line.replaceAll(".*\\(token in (.*)\\)$", "$1"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String generated = Files.readString(file).strip();
            assertTrue(generated.matches("[0-9a-f]{64}"), generated);
            assertEquals(200, new Api(p.port(), generated).get("/api/v1/tools").status());
            assertEquals(401, new Api(p.port(), token).get("/api/v1/tools").status());
            assertEquals(0, p.terminate(30_000));
            assertTrue(!Files.exists(file), "the generated token dies with the server");
        }
    }

    /** {@code bpfx remote WORDS...} against {@code serve}; returns its stdout (exit code checked). */
    static String remote(ExporterProcess serve, int code, String... words) throws InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("remote", "--server", "http://127.0.0.1:" + serve.port(),
                "--token-file", tokenFile.toString()));
        args.addAll(List.of(words));
        try (ExporterProcess r = ExporterProcess.start(dir, args.toArray(String[]::new))) {
            assertEquals(code, r.awaitExit(120_000), String.join("\n", r.stderr()));
            return r.stdout();
        }
    }

    @Test
    void remoteStartsWatchesAndStopsARun() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        Path file = Files.createTempFile("bpfx-remote-opens", ".txt");
        try (ExporterProcess serve = serve()) {
            assertTrue(remote(serve, 0, "tools").lines().anyMatch(l -> l.startsWith("opensnoop ")));
            String id;
            try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(N))) {
                id = remote(serve, 0, "start", "opensnoop", "--pid", Long.toString(w.pid())).strip();
                assertEquals(N, w.go().awaitDone());
            }
            assertTrue(remote(serve, 0, "list").lines().anyMatch(l -> l.matches(id + "\\s+opensnoop\\s+running\\s.*")));
            String logs = "";
            for (int i = 0; i < 50 && logs.lines().filter(l -> l.endsWith(file.toString())).count() < N; i++) {
                logs = remote(serve, 0, "logs", id);
                Thread.sleep(100);
            }
            // as bpfx run opensnoop prints it: the header, then one line per open of the file
            assertTrue(logs.startsWith("PID     COMM               FD ERR PATH\n"), logs);
            assertEquals(N, logs.lines().filter(l -> l.matches("\\d+\\s+openloop\\s+\\d+\\s+0 " + file)).count(), logs);
            remote(serve, 0, "stop", id);
            assertNull(BpfState.leakedSinceSettled(before), "remote stop left programs attached");
            assertTrue(remote(serve, 0, "list").lines().anyMatch(l -> l.matches(id + "\\s+opensnoop\\s+ended\\s.*")));
            // a mistake is one line and exit 1
            remote(serve, 1, "start", "no-such-tool");
            assertEquals(0, serve.terminate(30_000));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
