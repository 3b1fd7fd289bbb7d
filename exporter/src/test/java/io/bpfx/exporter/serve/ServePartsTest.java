package io.bpfx.exporter.serve;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control plane's pure parts: token, upload names, output log, request bodies, run registry. */
class ServePartsTest {
    @TempDir
    Path dir;

    @Test
    void tokenFilesMustBePrivateAndTokensCompareExactly() throws Exception {
        Path f = dir.resolve("t");
        Files.writeString(f, "  0123456789abcdef-secret \n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        BpfxException e = assertThrows(BpfxException.BadInput.class, () -> BearerToken.fromFile(f));
        assertEquals("token file " + f + " is readable by others (mode rw-r-----): chmod 600 it", e.getMessage());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        BearerToken t = BearerToken.fromFile(f);
        assertTrue(t.accepts("Bearer 0123456789abcdef-secret"));
        assertTrue(t.accepts("bearer 0123456789abcdef-secret"));
        assertFalse(t.accepts("Bearer 0123456789abcdef-secreT"));
        assertFalse(t.accepts("Bearer 0123456789abcdef-secret-and-more"));
        assertFalse(t.accepts("Basic 0123456789abcdef-secret"));
        assertFalse(t.accepts(null));
        Files.writeString(f, "short");
        assertThrows(BpfxException.BadInput.class, () -> BearerToken.fromFile(f));
    }

    @Test
    void aGeneratedTokenIs256BitsInANewOwnerOnlyFile() throws Exception {
        BearerToken a = BearerToken.generate(dir);
        BearerToken b = BearerToken.generate(dir);
        assertFalse(a.file().equals(b.file()));
        String text = Files.readString(a.file()).strip();
        assertTrue(text.matches("[0-9a-f]{64}"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.file())));
        assertTrue(a.accepts("Bearer " + text));
        assertFalse(b.accepts("Bearer " + text));
        a.forgetGenerated();
        assertFalse(Files.exists(a.file()));
    }

    @Test
    void uploadNamesArePlainAndLandInAPrivateDirectory() throws Exception {
        for (String bad : List.of("../x", "a/b", "/etc/passwd", "..", ".", ".hidden", "a..b", "x\\y", "", "a\nb", "~root")) {
            BpfxException e = assertThrows(BpfxException.BadInput.class, () -> Uploads.plainName(bad), bad);
            assertTrue(e.getMessage().startsWith("upload name \""), e.getMessage());
        }
        Path script = Uploads.write(dir, "t.lua", "print(1)", Map.of("t.bpf.c", "int x;", "t.h", ""));
        Path run = script.getParent();
        assertEquals(dir, run.getParent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
        assertEquals("print(1)", Files.readString(script));
        assertEquals("int x;", Files.readString(run.resolve("t.bpf.c")));
        // a bad name anywhere: nothing is written
        long dirsBefore = Files.list(dir).count();
        assertThrows(BpfxException.BadInput.class, () -> Uploads.write(dir, "t.lua", "", Map.of("ok.c", "", "../bad.c", "")));
        assertEquals(dirsBefore, Files.list(dir).count());
        Uploads.delete(run);
        assertFalse(Files.exists(run));
    }

    @Test
    void lateSubscribersGetTheKeptLinesThenLiveOnesThenTheEnd() throws Exception {
        OutputLog log = new OutputLog(3, 10);
        for (int i = 1; i <= 5; i++) log.output("l" + i);
        OutputLog.Subscription s = log.subscribe();
        log.output("l6");
        log.close(new OutputLog.Line("end", "{}"));
        List<String> got = new ArrayList<>();
        for (OutputLog.Line l; !s.isEnd(l = s.next(1000)); ) got.add(l.event() == null ? l.data() : l.event());
        assertEquals(List.of("l3", "l4", "l5", "l6", "end"), got);
        assertEquals(6, log.total());
        // after the end: the kept lines and the end, at once
        OutputLog.Subscription late = log.subscribe();
        got.clear();
        for (OutputLog.Line l; !late.isEnd(l = late.next(1000)); ) got.add(l.event() == null ? l.data() : l.event());
        assertEquals(List.of("l4", "l5", "l6", "end"), got);
    }

    @Test
    void aReaderThatFallsBehindIsCutOffNotWaitedFor() throws Exception {
        OutputLog log = new OutputLog(2, 4);
        OutputLog.Subscription slow = log.subscribe();
        for (int i = 0; i < 100; i++) log.output("x" + i); // never blocks
        assertEquals("overflow", slow.next(1000).event());
        assertTrue(slow.isEnd(slow.next(1000)));
        assertEquals(100, log.total());
    }

    @Test
    void requestBodiesAreBoundedAndChecked() throws Exception {
        assertThrows(RequestBody.TooLarge.class, () -> RequestBody.read(new ByteArrayInputStream(new byte[0]), "2000000"));
        assertThrows(RequestBody.TooLarge.class, () -> RequestBody.read(new ByteArrayInputStream(new byte[(1 << 20) + 1]), null));
        assertEquals(1 << 20, RequestBody.read(new ByteArrayInputStream(new byte[1 << 20]), null).length);
        RequestBody tool = RequestBody.parse("{\"tool\":\"opensnoop\",\"args\":[\"--pid\",1]}".getBytes(StandardCharsets.UTF_8));
        assertEquals("opensnoop", tool.tool());
        assertEquals(List.of("--pid", "1"), tool.args());
        RequestBody script = RequestBody.parse("{\"script\":\"print(1)\",\"files\":{\"a.c\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals("script.lua", script.scriptName());
        assertEquals(Map.of("a.c", "x"), script.files());
        for (String bad : List.of("[]", "{}", "{\"tool\":\"a\",\"script\":\"b\"}", "{\"tool\":1}", "{\"tool\":\"a\",\"files\":{}}",
                "{\"script\":\"x\",\"files\":{\"a\":1}}", "{\"tool\":\"a\",\"args\":\"x\"}", "{\"tool\":\"a\",\"evil\":1}", "{nope")) {
            assertThrows(BpfxException.BadInput.class, () -> RequestBody.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    /** A launcher without a kernel: the registry's rules only. */
    static final class FakeLauncher implements RunLauncher {
        final List<RunLauncher.Output> outputs = new ArrayList<>();

        @Override
        public List<Tool> tools() {
            return List.of(new Tool("t", "a tool", ""));
        }

        @Override
        public Live start(Request request, Output output) {
            if (request.name().equals("bad")) throw new Refused("bpfx: bad");
            outputs.add(output);
            return new Live() {
                public List<String> targets() { return List.of("t"); }
                public long events() { return 0; }
                public long lost() { return 0; }
                public String mapsJson() { return "[]"; }
                public void stop() { output.ended(null); }
            };
        }
    }

    @Test
    void theRegistryCountsActiveRunsAndFollowsTheStateMachine() {
        FakeLauncher launcher = new FakeLauncher();
        RunRegistry runs = new RunRegistry(launcher, 2, Duration.ofMinutes(1), 10, 10);
        Run a = runs.start(runs.reserve("t", null), new RunLauncher.Request("t", null, List.of()));
        assertEquals(RunState.RUNNING, a.state());
        assertThrows(RunLauncher.Refused.class, () -> runs.start(runs.reserve("bad", null), new RunLauncher.Request("bad", null, List.of())));
        assertEquals(1, runs.list().size(), "a refused run leaves no trace");
        Run b = runs.start(runs.reserve("t", null), new RunLauncher.Request("t", null, List.of()));
        assertThrows(RunRegistry.Full.class, () -> runs.reserve("t", null));
        runs.stop(a);
        assertEquals(RunState.ENDED, a.state());
        launcher.outputs.get(1).ended("t.lua:3: boom");
        assertEquals(RunState.FAILED, b.state());
        assertEquals("t.lua:3: boom", b.summary().get("error"));
        assertFalse(RunState.ENDED.canMoveTo(RunState.RUNNING));
        runs.reserve("t", null); // slots are free again
        runs.close();
        assertThrows(RunRegistry.Full.class, () -> runs.reserve("t", null), "closed: no new runs");
    }

    @Test
    void sseEventsAreOneDataLineEach() {
        assertEquals("data: {\"a\":1}\n\n", SseStreams.event(new OutputLog.Line(null, "{\"a\":1}")));
        assertEquals("event: log\ndata: Attaching 1 probe\n\n", SseStreams.event(new OutputLog.Line("log", "Attaching 1 probe")));
        assertEquals("data: a\ndata: b\n\n", SseStreams.event(new OutputLog.Line(null, "a\nb")));
    }
}
