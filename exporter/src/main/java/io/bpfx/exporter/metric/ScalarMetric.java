package io.bpfx.exporter.metric;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One value per series, built up during a scrape. Entries that decode to the
 * same labels are added together, as ebpf_exporter's aggregation does (systemd
 * reusing a cgroup name for a new id, several CPUs of a per-CPU map).
 */
public abstract class ScalarMetric {

    private final Map<LabelValues, double[]> sums = new HashMap<>();

    public void add(LabelValues labels, double value) {
        sums.computeIfAbsent(labels, k -> new double[1])[0] += value;
    }

    public Set<LabelValues> series() {
        return sums.keySet();
    }

    /** Keeps only these series (the cardinality guard's choice). */
    public void retain(Set<LabelValues> keep) {
        sums.keySet().retainAll(keep);
    }

    public double value(LabelValues labels) {
        double[] v = sums.get(labels);
        return v == null ? Double.NaN : v[0];
    }

    protected abstract Type type();

    protected abstract String familyName(String name);

    protected abstract String sampleName(String name);

    /** The family, series sorted as client_golang sorts them. */
    public MetricFamilySamples toFamily(String name, String help, List<String> labelNames) {
        ExposedLabels exposed = new ExposedLabels(labelNames);
        List<LabelValues> order = new ArrayList<>(sums.keySet());
        order.sort(exposed.seriesOrder());
        String sample = sampleName(name);
        List<Sample> samples = new ArrayList<>(order.size());
        byte[][] blocks = new byte[order.size()][];
        double[] values = new double[order.size()];
        for (int i = 0; i < order.size(); i++) {
            LabelValues labels = order.get(i);
            List<String> shown = exposed.values(labels);
            values[i] = sums.get(labels)[0];
            blocks[i] = Exposition.labelBlock(exposed.names(), shown);
            samples.add(new Sample(sample, exposed.names(), shown, values[i]));
        }
        return new SeriesFamily(familyName(name), type(), help, samples, sample, blocks, values, order.size());
    }
}
