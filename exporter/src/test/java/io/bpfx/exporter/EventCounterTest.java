package io.bpfx.exporter;

import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.decode.Kallsyms;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.ValueSpec;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.bpfx.exporter.Snapshots.concat;
import static io.bpfx.exporter.Snapshots.cstr;
import static io.bpfx.exporter.Snapshots.u32;
import static io.bpfx.exporter.Snapshots.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventCounterTest {

    private final AtomicLong now = new AtomicLong();
    private final DecoderSet decoders = DecoderSet.builder().kallsyms(Kallsyms.ofText("")).build();

    /** struct event { char comm[16]; u32 nr; u32 ret; u64 bytes; } */
    private static byte[] event(String comm, int nr, int ret, long bytes) {
        return concat(cstr(comm, 16), u32(nr), u32(ret), u64(bytes));
    }

    private MetricSpec.Builder syscalls() {
        return MetricSpec.counter("ebpf_exporter_syscalls_total").config("cfg").map("events").fromEvents(true)
                .label(new LabelSpec("comm", 0, 16, List.of(DecoderSpec.of("string"))))
                .label(new LabelSpec("syscall", 16, 4, List.of(DecoderSpec.of("uint"), DecoderSpec.of("syscall"))));
    }

    private MapMetricsCollector collector(MetricSpec spec) {
        return MapMetricsCollector.builder(name -> null).decoders(decoders).clock(now::get).metric(spec).build();
    }

    private static MetricFamilySamples family(MapMetricsCollector c, String name) {
        return c.collect().stream().filter(f -> f.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void eachRecordCountsOneForItsLabels() {
        MapMetricsCollector c = collector(syscalls().build());
        EventCounter counter = c.eventCounter("ebpf_exporter_syscalls_total");
        // three records back to back in one buffer, read at their offsets
        ByteBuffer buf = ByteBuffer.wrap(concat(event("nginx", 0, 5, 0), event("nginx", 0, 5, 0), event("bash", 59, 0, 0)));
        counter.record(buf, 0, 32);
        counter.record(buf, 32, 32);
        counter.record(buf, 64);
        assertEquals(2, counter.count("nginx", "read"));
        assertEquals(1, counter.count("bash", "execve"));

        MetricFamilySamples f = family(c, "ebpf_exporter_syscalls");
        assertEquals(List.of(
                new Sample("ebpf_exporter_syscalls_total", List.of("comm", "syscall"), List.of("bash", "execve"), 1),
                new Sample("ebpf_exporter_syscalls_total", List.of("comm", "syscall"), List.of("nginx", "read"), 2)), f.samples);
        assertEquals(buf.position(), 0); // absolute reads only
    }

    @Test
    void aValueFieldIsAddedInsteadOfOne() {
        MapMetricsCollector c = collector(syscalls().value(new ValueSpec(24, 8, false)).build());
        EventCounter counter = c.eventCounter("ebpf_exporter_syscalls_total");
        counter.record(ByteBuffer.wrap(event("nginx", 1, 0, 4096)), 0);
        counter.record(ByteBuffer.wrap(event("nginx", 1, 0, 100)), 0);
        assertEquals(4196, counter.count("nginx", "write"));
    }

    @Test
    void countsRestartEveryFlushInterval() {
        MapMetricsCollector c = collector(syscalls().flushInterval(Duration.ofMinutes(1)).build());
        EventCounter counter = c.eventCounter("ebpf_exporter_syscalls_total");
        counter.record(ByteBuffer.wrap(event("nginx", 0, 0, 0)), 0);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        counter.record(ByteBuffer.wrap(event("nginx", 0, 0, 0)), 0);
        assertEquals(2, counter.count("nginx", "read"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(List.of(), family(c, "ebpf_exporter_syscalls").samples);
        counter.record(ByteBuffer.wrap(event("nginx", 0, 0, 0)), 0);
        assertEquals(1, counter.count("nginx", "read"));
    }

    @Test
    void shortRecordsAreDecoderErrorsAndLostRecordsAreCounted() {
        MapMetricsCollector c = collector(syscalls().build());
        EventCounter counter = c.eventCounter("ebpf_exporter_syscalls_total");
        counter.record(ByteBuffer.wrap(cstr("nginx", 16)), 0);
        counter.record(ByteBuffer.wrap(event("nginx", 0, 0, 0)), 20);
        assertEquals(2, c.selfMetrics().decoderErrors("cfg"));
        counter.lost(17);
        Sample lost = family(c, "ebpf_exporter_events_lost").samples.get(0);
        assertEquals(new Sample("ebpf_exporter_events_lost_total", List.of("metric"),
                List.of("ebpf_exporter_syscalls_total"), 17), lost);
    }

    @Test
    void theSeriesLimitDropsRecordsOfNewLabelSets() {
        MapMetricsCollector c = collector(syscalls().seriesLimit(1).build());
        EventCounter counter = c.eventCounter("ebpf_exporter_syscalls_total");
        counter.record(ByteBuffer.wrap(event("nginx", 0, 0, 0)), 0);
        counter.record(ByteBuffer.wrap(event("bash", 0, 0, 0)), 0);
        counter.record(ByteBuffer.wrap(event("nginx", 0, 0, 0)), 0);
        assertEquals(2, counter.count("nginx", "read"));
        assertEquals(0, counter.count("bash", "read"));
        assertEquals(1, c.selfMetrics().droppedSeries("ebpf_exporter_syscalls_total"));
    }

    @Test
    void regexpFilteredRecordsAreIgnored() {
        MetricSpec spec = MetricSpec.counter("execs_total").map("events").fromEvents(true)
                .label(new LabelSpec("comm", 0, 16, List.of(DecoderSpec.of("string"), DecoderSpec.regexp(List.of("^nginx")))))
                .build();
        MapMetricsCollector c = collector(spec);
        EventCounter counter = c.eventCounter("execs_total");
        counter.record(ByteBuffer.wrap(cstr("bash", 16)), 0);
        counter.record(ByteBuffer.wrap(cstr("nginx: worker", 16)), 0);
        assertEquals(Map.of(), Map.of());
        assertEquals(1, family(c, "execs").samples.size());
        assertEquals(0, c.selfMetrics().decoderErrors(""));
    }

    @Test
    void unknownEventMetricsAreAnError() {
        MapMetricsCollector c = collector(syscalls().build());
        assertThrows(IllegalArgumentException.class, () -> c.eventCounter("nope"));
    }
}
