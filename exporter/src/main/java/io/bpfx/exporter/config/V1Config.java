package io.bpfx.exporter.config;

import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.HistogramSpec;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An ebpf_exporter v1 config ({@code --config.file}): several programs, each with its
 * metrics, its probes and its BCC C code inline, as parsed by {@link V1ConfigReader}.
 * Labels reuse {@link V2Config.Label} (v1 labels have no padding).
 *
 * @param file where it was read from (null when parsed from a string)
 */
public record V1Config(Path file, String source, List<Program> programs) {

    /** v1 flushes perf_map counters every hour unless {@code perf_map_flush_duration} says otherwise. */
    public static final Duration DEFAULT_FLUSH = Duration.ofHours(1);

    public V1Config {
        programs = List.copyOf(programs);
    }

    /**
     * One program: probes map a place ({@code timer:timer_start}, a kernel function, a raw
     * tracepoint) to the C function attached there.
     *
     * @param codeLine the YAML line just before the code's first line: C line N is YAML line codeLine + N
     */
    public record Program(String name, List<Counter> counters, List<Histogram> histograms,
                          Map<String, String> kprobes, Map<String, String> kretprobes,
                          Map<String, String> tracepoints, Map<String, String> rawTracepoints,
                          List<PerfEvent> perfEvents, List<String> cflags, List<String> kaddrs,
                          String code, int codeLine) {
        public Program {
            counters = List.copyOf(counters);
            histograms = List.copyOf(histograms);
            cflags = List.copyOf(cflags);
            kaddrs = List.copyOf(kaddrs);
            perfEvents = List.copyOf(perfEvents);
        }

        /** The C functions the probes name, in config order. */
        public List<String> probeFunctions() {
            List<String> out = new ArrayList<>();
            for (Map<String, String> m : List.of(kprobes, kretprobes, tracepoints, rawTracepoints)) {
                m.values().stream().filter(f -> !out.contains(f)).forEach(out::add);
            }
            perfEvents.stream().map(PerfEvent::target).filter(f -> !out.contains(f)).forEach(out::add);
            return out;
        }
    }

    /** A counter read from {@code table}, or counted from the records of {@code perfMap}. */
    public record Counter(String name, String help, String table, String perfMap, Duration perfMapFlush,
                          List<V2Config.Label> labels, String path) {
        public Counter {
            labels = List.copyOf(labels);
        }
    }

    public record Histogram(String name, String help, String table, BucketType bucketType, double bucketMultiplier,
                            int bucketMin, int bucketMax, List<Double> bucketKeys, List<V2Config.Label> labels,
                            String path) {
        public Histogram {
            bucketKeys = List.copyOf(bucketKeys);
            labels = List.copyOf(labels);
        }
    }

    /** A sampling perf event: {@code type}/{@code name} are perf_event_attr's type and config. */
    public record PerfEvent(int type, long name, String target, long samplePeriod, long sampleFrequency) {
    }

    /**
     * The metrics of one program as ebpf_exporter v1 exports them:
     * {@code namespace_<name>} (v1: {@code ebpf_exporter}), reading {@code table}, labels
     * back to back and the key exactly their size. Unlike v2, a last label named
     * {@code cpu} is a key field, not a per-CPU split.
     */
    public static List<MetricSpec> metricSpecs(Program p, String namespace, int seriesLimit) {
        List<MetricSpec> specs = new ArrayList<>();
        for (Counter c : p.counters()) {
            MetricSpec.Builder b = MetricSpec.counter(MetricNames.fullName(namespace, c.name()))
                    .help(c.help()).config(p.name()).seriesLimit(seriesLimit).labels(V2Config.layout(c.labels()));
            if (c.perfMap() != null) {
                b.map(c.perfMap()).fromEvents(true).flushInterval(c.perfMapFlush() != null ? c.perfMapFlush() : DEFAULT_FLUSH);
            } else {
                b.map(c.table()).expectedKeySize(V2Config.keySize(c.labels()));
            }
            specs.add(b.build());
        }
        for (Histogram h : p.histograms()) {
            HistogramSpec buckets = new HistogramSpec(h.bucketType(), h.bucketMin(), h.bucketMax(), h.bucketKeys(),
                    h.bucketMultiplier());
            specs.add(MetricSpec.histogram(MetricNames.fullName(namespace, h.name()), buckets)
                    .help(h.help()).config(p.name()).map(h.table()).seriesLimit(seriesLimit)
                    .labels(V2Config.layout(h.labels())).expectedKeySize(V2Config.keySize(h.labels()))
                    .build());
        }
        return specs;
    }
}
