package io.bpfx.exporter;

import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.metric.CounterMetric;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.LabelValues;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.prometheus.client.Collector.MetricFamilySamples;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.LongSupplier;

/**
 * A counter fed with event records (ring buffer or perf buffer) instead of read
 * from a map: ebpf_exporter's {@code perf_event_array} counters. Each record's
 * label fields are decoded (with the same cached decoders as map keys) and the
 * counter of that label set goes up by one, or by the record's value field when
 * the spec names one. With a flush interval the counts restart from zero every
 * interval (ebpf_exporter flushes hourly by default). Thread-safe: the engine's
 * poll thread records while scrapes collect.
 */
public final class EventCounter {

    private final MetricSpec spec;
    private final LabelDecoder labels;
    private final SelfMetrics self;
    private final LongSupplier clock;
    private final int recordBytes;
    private final long flushNanos;
    private volatile Map<LabelValues, DoubleAdder> counts = new ConcurrentHashMap<>();
    private volatile long flushedAt;

    EventCounter(MetricSpec spec, LabelDecoder labels, SelfMetrics self, LongSupplier nanoClock) {
        this.spec = spec;
        this.labels = labels;
        this.self = self;
        this.clock = nanoClock;
        int end = 0;
        for (LabelSpec label : spec.keyLabels()) {
            end = Math.max(end, label.end());
        }
        if (spec.value() != null) {
            end = Math.max(end, spec.value().offset() + spec.value().size());
        }
        this.recordBytes = end;
        this.flushNanos = spec.flushInterval() == null ? 0 : spec.flushInterval().toNanos();
        this.flushedAt = nanoClock.getAsLong();
    }

    public MetricSpec spec() {
        return spec;
    }

    /** Bytes of a record this counter reads (the furthest label or value field). */
    public int recordBytes() {
        return recordBytes;
    }

    /**
     * Counts one record that starts at absolute {@code offset} of {@code buf} and
     * runs to the buffer's limit. Never throws for bad records: they are counted
     * as decoder errors.
     */
    public void record(ByteBuffer buf, int offset) {
        record(buf, offset, buf.limit() - offset);
    }

    /** Counts one record of {@code length} bytes at absolute {@code offset} of {@code buf}. */
    public void record(ByteBuffer buf, int offset, int length) {
        flushIfDue();
        if (length < recordBytes || offset < 0 || offset + length > buf.limit()) {
            self.decoderError(spec.config());
            return;
        }
        byte[] fields = new byte[recordBytes];
        buf.get(offset, fields);
        LabelValues values;
        try {
            values = labels.decode(fields);
        } catch (DecodeException e) {
            self.decoderError(spec.config());
            return;
        } catch (SkipSeries skip) {
            return;
        }
        double increment = spec.value() == null ? 1 : RawValues.read(buf, offset + spec.value().offset(), spec.value());

        Map<LabelValues, DoubleAdder> current = counts;
        DoubleAdder counter = current.get(values);
        if (counter == null) {
            synchronized (this) {
                counter = current.get(values);
                if (counter == null) {
                    if (spec.seriesLimit() > 0 && current.size() >= spec.seriesLimit()) {
                        self.droppedSeries(spec.name(), 1);
                        return;
                    }
                    counter = new DoubleAdder();
                    current.put(values, counter);
                }
            }
        }
        counter.add(increment);
    }

    /** Records the kernel reported as lost (perf buffer lost samples, ring buffer drops). */
    public void lost(long records) {
        self.lostEvents(spec.name(), records);
    }

    /** Current count of one label set (label values in spec order), 0 when never seen. */
    public double count(String... labelValues) {
        DoubleAdder a = counts.get(LabelValues.of(labelValues));
        return a == null ? 0 : a.sum();
    }

    MetricFamilySamples collect() {
        flushIfDue();
        CounterMetric metric = new CounterMetric();
        Map<LabelValues, DoubleAdder> snapshot = new HashMap<>(counts);
        snapshot.forEach((k, v) -> metric.add(k, v.sum()));
        return metric.toFamily(spec.name(), spec.help(), spec.seriesLabelNames());
    }

    private void flushIfDue() {
        if (flushNanos > 0 && clock.getAsLong() - flushedAt >= flushNanos) {
            synchronized (this) {
                long now = clock.getAsLong();
                if (now - flushedAt >= flushNanos) {
                    counts = new ConcurrentHashMap<>();
                    flushedAt = now;
                }
            }
        }
    }
}
