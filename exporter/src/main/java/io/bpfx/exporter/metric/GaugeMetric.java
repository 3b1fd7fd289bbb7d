package io.bpfx.exporter.metric;

import io.prometheus.client.Collector.Type;

/** A gauge family: the map value as is (not in ebpf_exporter, which only has counters and histograms). */
public final class GaugeMetric extends ScalarMetric {

    @Override
    protected Type type() {
        return Type.GAUGE;
    }

    @Override
    protected String familyName(String name) {
        return name;
    }

    @Override
    protected String sampleName(String name) {
        return name;
    }
}
