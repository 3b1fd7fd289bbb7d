package io.bpfx.exporter.metric;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A counter or gauge family that also carries its series as bytes: per series
 * the cached label block ({@link Exposition#labelBlock}) and the value. It is a
 * whole {@link MetricFamilySamples} (filters, merges and tests read its samples),
 * but the metrics page writes it from {@link #blocks()} and {@link #values()}
 * instead of formatting a {@code Sample} per series, which is most of the cost
 * of a scrape of a big map.
 */
public final class SeriesFamily extends MetricFamilySamples {
    private final byte[] sampleName;
    private final byte[][] blocks;
    private final double[] values;
    private final int count;

    /**
     * @param samples the same series as {@code blocks} and {@code values}, in the same order
     * @param count   how many of {@code blocks} and {@code values} are used
     */
    public SeriesFamily(String name, Collector.Type type, String help, List<Sample> samples, String sampleName,
                        byte[][] blocks, double[] values, int count) {
        super(name, type, help, samples);
        this.sampleName = sampleName.getBytes(StandardCharsets.UTF_8);
        this.blocks = blocks;
        this.values = values;
        this.count = count;
    }

    public byte[] sampleName() {
        return sampleName;
    }

    /** Label blocks in text 0.0.4's form, {@code count()} of them used. */
    public byte[][] blocks() {
        return blocks;
    }

    public double[] values() {
        return values;
    }

    public int count() {
        return count;
    }
}
