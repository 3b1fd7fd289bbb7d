package io.bpfx.engine.kernel;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.EventLoop;
import io.bpfx.engine.EventSource;
import io.bpfx.engine.PerfBufferReader;
import io.bpfx.engine.RingBufferReader;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** N openat() of a uniquely named file by a known pid → N events with that pid, comm and name. */
class EventsKernelTest extends KernelTestBase {
    static final int N = 1000;

    @TempDir
    Path tmp;

    private List<Map<String, Object>> collect(String program, String otherProgram,
                                              BiFunction<BpfObject, io.bpfx.engine.RecordHandler, EventSource> reader) throws IOException {
        Path file = Files.createFile(tmp.resolve("bpfx-events-" + System.nanoTime()));
        List<Map<String, Object>> events = new ArrayList<>();
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("events_test"));
             Workload w = Workload.start("openloop", file.toString(), String.valueOf(N));
             EventLoop loop = new EventLoop()) {
            obj.setGlobal("target_pid", (long) w.pid());
            obj.program(otherProgram).setAutoload(false);
            obj.load();
            Layout layout = obj.btf().structLayout("event");
            EventSource src = reader.apply(obj, (buf, off, len) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) LayoutDecoder.decode(layout, buf, off);
                events.add(e);
            });
            loop.register(src);
            obj.program(program).attach(new AttachTarget.Auto());
            w.go().awaitDone();
            long deadline = System.currentTimeMillis() + 5000;
            while (events.size() < N && System.currentTimeMillis() < deadline) loop.poll(50);
            loop.poll(50); // anything beyond N would show up now
            assertEquals(0, src.takeLost());
            for (Map<String, Object> e : events) {
                assertEquals((long) w.pid(), e.get("pid"));
                assertEquals("openloop", e.get("comm"));
                assertEquals(file.toString(), e.get("filename"));
            }
        }
        return events;
    }

    @Test
    void ringBufferDeliversEveryOpenWithPidCommAndFilename() throws IOException {
        List<Map<String, Object>> events = collect("openat_ringbuf", "openat_perf",
                (obj, h) -> new RingBufferReader(obj.map("events"), h));
        assertEquals(N, events.size());
    }

    @Test
    void perfEventArrayDeliversEveryOpenWithPidCommAndFilename() throws IOException {
        List<Map<String, Object>> events = collect("openat_perf", "openat_ringbuf",
                (obj, h) -> new PerfBufferReader(obj.map("pevents"), h));
        assertEquals(N, events.size());
    }

    @Test
    void mapCountsTheSameOpens() throws IOException {
        Path file = Files.createFile(tmp.resolve("bpfx-count"));
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("events_test"));
             Workload w = Workload.start("openloop", file.toString(), "777")) {
            obj.setGlobal("target_pid", (long) w.pid());
            obj.program("openat_perf").setAutoload(false);
            obj.load();
            obj.program("openat_ringbuf").attach(new AttachTarget.Tracepoint("syscalls", "sys_enter_openat"));
            w.go().awaitDone();
            assertEquals(777L, obj.map("opens_by_pid").lookup((long) w.pid()).orElseThrow());
        }
    }
}
