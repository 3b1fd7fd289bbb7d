package io.bpfx.exporter.metric;

import io.bpfx.exporter.spec.MetricNames;
import io.prometheus.client.Collector.Type;

/**
 * A counter family. Samples are always named {@code <family>_total}: a config
 * name already ending in {@code _total} (ebpf_exporter's convention) is exposed
 * unchanged, one without it gains the suffix, as the Java client and OpenMetrics
 * require.
 */
public final class CounterMetric extends ScalarMetric {

    @Override
    protected Type type() {
        return Type.COUNTER;
    }

    @Override
    protected String familyName(String name) {
        return MetricNames.counterFamily(name);
    }

    @Override
    protected String sampleName(String name) {
        return MetricNames.counterFamily(name) + "_total";
    }
}
