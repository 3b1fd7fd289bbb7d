package io.bpfx.exporter.metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Label order on the wire. client_golang (so ebpf_exporter) sorts a metric's
 * labels by name and its series by those sorted values; doing the same makes the
 * exposition identical line for line.
 */
public final class ExposedLabels {

    private final List<String> sortedNames;
    private final int[] order;

    public ExposedLabels(List<String> specOrderNames) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < specOrderNames.size(); i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparing(specOrderNames::get));
        this.order = idx.stream().mapToInt(Integer::intValue).toArray();
        List<String> names = new ArrayList<>();
        for (int i : order) {
            names.add(specOrderNames.get(i));
        }
        this.sortedNames = List.copyOf(names);
    }

    public List<String> names() {
        return sortedNames;
    }

    /** Names with one more label at the end ({@code le}, which Go always writes last). */
    List<String> namesPlus(String last) {
        List<String> out = new ArrayList<>(sortedNames);
        out.add(last);
        return out;
    }

    public List<String> values(LabelValues v) {
        List<String> out = new ArrayList<>(order.length);
        for (int i : order) {
            out.add(v.get(i));
        }
        return out;
    }

    List<String> valuesPlus(LabelValues v, String last) {
        List<String> out = values(v);
        out.add(last);
        return out;
    }

    /** Series order: by label values in sorted-name order. */
    public Comparator<LabelValues> seriesOrder() {
        return (a, b) -> {
            for (int i : order) {
                int c = a.get(i).compareTo(b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }
}
