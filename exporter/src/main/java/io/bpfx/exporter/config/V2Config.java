package io.bpfx.exporter.config;

import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.HistogramSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An ebpf_exporter v2 config file ({@code <name>.yaml} next to {@code <name>.bpf.o}),
 * as parsed by {@link V2ConfigReader}. Every key of the format is kept, including
 * the ones bpfx does not act on here ({@code kaddrs}, {@code tracing},
 * {@code cgroup_id_map}); {@link #toMetricSpecs()} turns the metrics into specs
 * with ebpf_exporter's naming and key layout.
 *
 * @param name        config name (file name without {@code .yaml}); labels decoder error counts
 * @param file        where it was read from (null when parsed from a string)
 * @param kaddrs      kernel symbols whose addresses go into {@code kaddr_<symbol>} globals
 * @param cgroupIdMap map of cgroup ids kept in sync with the cgroup hierarchy, or null
 */
public record V2Config(String name, Path file, Metrics metrics, List<String> kaddrs, Tracing tracing,
                       CgroupIdMap cgroupIdMap) {

    /** ebpf_exporter flushes perf_event_array counters every hour when no interval is set. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofHours(1);

    public V2Config {
        kaddrs = List.copyOf(kaddrs);
    }

    public record Metrics(List<Counter> counters, List<Histogram> histograms) {
        public Metrics {
            counters = List.copyOf(counters);
            histograms = List.copyOf(histograms);
        }
    }

    /** {@code perf_event_array}: counted from perf/ring buffer records instead of a map; flushed every interval. */
    public record Counter(String name, String help, boolean perfEventArray, Duration flushInterval, List<Label> labels) {
        public Counter {
            labels = List.copyOf(labels);
        }
    }

    public record Histogram(String name, String help, BucketType bucketType, double bucketMultiplier, int bucketMin,
                            int bucketMax, List<Double> bucketKeys, List<Label> labels) {
        public Histogram {
            bucketKeys = List.copyOf(bucketKeys);
            labels = List.copyOf(labels);
        }
    }

    /** A key field: {@code size} bytes then {@code padding} bytes skipped before the next label. */
    public record Label(String name, int size, int padding, List<DecoderSpec> decoders) {
        public Label {
            decoders = List.copyOf(decoders);
        }
    }

    public record Tracing(List<Span> spans) {
        public Tracing {
            spans = List.copyOf(spans);
        }
    }

    /** An OpenTelemetry span built from each record of {@code ringbuf}. */
    public record Span(String name, String ringbuf, String service, List<Label> labels) {
        public Span {
            labels = List.copyOf(labels);
        }
    }

    /** {@code type}: {@code hash} (default) or {@code cgrp_storage}. */
    public record CgroupIdMap(String name, String type, List<String> regexps) {
        public CgroupIdMap {
            regexps = List.copyOf(regexps);
        }
    }

    /** The BPF object ebpf_exporter loads for this config: {@code <name>.bpf.o} beside the YAML. */
    public Path bpfObject() {
        Path dir = file == null ? Path.of(".") : file.toAbsolutePath().getParent();
        return dir.resolve(name + ".bpf.o");
    }

    /** Metric specs without a series limit. */
    public List<MetricSpec> toMetricSpecs() {
        return toMetricSpecs(0);
    }

    /**
     * Metric specs as ebpf_exporter would export them: named
     * {@code ebpf_exporter_<name>}, reading the map of the same name, labels laid
     * out back to back with their padding, and the key size checked against them.
     * A counter whose last label is {@code cpu} splits per-CPU values by CPU;
     * {@code perf_event_array} counters count records.
     */
    public List<MetricSpec> toMetricSpecs(int seriesLimit) {
        List<MetricSpec> specs = new ArrayList<>();
        for (Counter c : metrics.counters()) {
            MetricSpec.Builder b = MetricSpec.counter(MetricNames.fullName(MetricNames.EBPF_EXPORTER_NAMESPACE, c.name()))
                    .help(c.help()).config(name).map(c.name()).seriesLimit(seriesLimit);
            List<Label> labels = c.labels();
            if (c.perfEventArray()) {
                b.fromEvents(true).flushInterval(c.flushInterval() != null ? c.flushInterval() : DEFAULT_FLUSH_INTERVAL);
                b.labels(layout(labels));
            } else {
                Label last = labels.isEmpty() ? null : labels.get(labels.size() - 1);
                if (last != null && last.name().equals("cpu")) {
                    labels = labels.subList(0, labels.size() - 1);
                    b.cpuLabel(new LabelSpec(last.name(), 0, last.size(), last.decoders()));
                }
                b.labels(layout(labels)).expectedKeySize(keySize(labels));
            }
            specs.add(b.build());
        }
        for (Histogram h : metrics.histograms()) {
            HistogramSpec buckets = new HistogramSpec(h.bucketType(), h.bucketMin(), h.bucketMax(), h.bucketKeys(),
                    h.bucketMultiplier());
            specs.add(MetricSpec.histogram(MetricNames.fullName(MetricNames.EBPF_EXPORTER_NAMESPACE, h.name()), buckets)
                    .help(h.help()).config(name).map(h.name()).seriesLimit(seriesLimit)
                    .labels(layout(h.labels())).expectedKeySize(keySize(h.labels()))
                    .build());
        }
        return specs;
    }

    /** Label specs with offsets: each label starts after the previous one's size and padding. */
    public static List<LabelSpec> layout(List<Label> labels) {
        List<LabelSpec> out = new ArrayList<>();
        int offset = 0;
        for (Label l : labels) {
            out.add(new LabelSpec(l.name(), offset, l.size(), l.decoders()));
            offset += l.size() + l.padding();
        }
        return out;
    }

    /** Bytes the labels cover, padding included: ebpf_exporter requires the key to be exactly this long. */
    public static int keySize(List<Label> labels) {
        int total = 0;
        for (Label l : labels) {
            total += l.size() + l.padding();
        }
        return total;
    }
}
