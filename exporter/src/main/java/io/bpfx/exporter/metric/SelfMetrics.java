package io.bpfx.exporter.metric;

import io.bpfx.exporter.spec.MetricNames;
import io.prometheus.client.Collector.MetricFamilySamples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The exporter's own counters: decoder errors per config (ebpf_exporter's
 * {@code ebpf_exporter_decoder_errors_total}), series dropped by the cardinality
 * guard per metric, and event records lost by the kernel per metric.
 */
public final class SelfMetrics {

    private final String namespace;
    private final Map<String, LongAdder> decoderErrors = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> droppedSeries = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> lostEvents = new ConcurrentSkipListMap<>();

    public SelfMetrics(String namespace) {
        this.namespace = namespace;
    }

    /** Makes the config appear with 0 errors before any happen (as ebpf_exporter does). */
    public void registerConfig(String config) {
        decoderErrors.computeIfAbsent(config, k -> new LongAdder());
    }

    /** Makes a metric with a series limit appear with 0 drops. */
    public void registerLimitedMetric(String metric) {
        droppedSeries.computeIfAbsent(metric, k -> new LongAdder());
    }

    public void registerEventMetric(String metric) {
        lostEvents.computeIfAbsent(metric, k -> new LongAdder());
    }

    public void decoderError(String config) {
        decoderErrors.computeIfAbsent(config, k -> new LongAdder()).increment();
    }

    public void droppedSeries(String metric, long n) {
        droppedSeries.computeIfAbsent(metric, k -> new LongAdder()).add(n);
    }

    public void lostEvents(String metric, long n) {
        lostEvents.computeIfAbsent(metric, k -> new LongAdder()).add(n);
    }

    public long decoderErrors(String config) {
        LongAdder a = decoderErrors.get(config);
        return a == null ? 0 : a.sum();
    }

    public long droppedSeries(String metric) {
        LongAdder a = droppedSeries.get(metric);
        return a == null ? 0 : a.sum();
    }

    public long lostEvents(String metric) {
        LongAdder a = lostEvents.get(metric);
        return a == null ? 0 : a.sum();
    }

    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> out = new ArrayList<>();
        out.add(family(decoderErrors, "decoder_errors_total", "How many times has decoders encountered errors", "config"));
        if (!droppedSeries.isEmpty()) {
            out.add(family(droppedSeries, "series_dropped_total",
                    "Series (event records for event counters) dropped because the metric reached its series limit",
                    "metric"));
        }
        if (!lostEvents.isEmpty()) {
            out.add(family(lostEvents, "events_lost_total",
                    "Event records the kernel could not deliver to the exporter", "metric"));
        }
        return out;
    }

    private MetricFamilySamples family(Map<String, LongAdder> counts, String name, String help, String label) {
        CounterMetric metric = new CounterMetric();
        counts.forEach((k, v) -> metric.add(LabelValues.of(k), v.sum()));
        return metric.toFamily(MetricNames.fullName(namespace, name), help, List.of(label));
    }
}
