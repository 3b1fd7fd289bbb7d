package io.bpfx.exporter.metric;

import java.util.Arrays;
import java.util.List;

/** The values of one series' labels, in spec order; a map key for aggregation. */
public final class LabelValues {

    public static final LabelValues EMPTY = new LabelValues(new String[0]);

    private final String[] values;
    private final int hash;

    private LabelValues(String[] values) {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    public static LabelValues of(String... values) {
        return values.length == 0 ? EMPTY : new LabelValues(values.clone());
    }

    static LabelValues wrap(String[] values) {
        return new LabelValues(values);
    }

    public int size() {
        return values.length;
    }

    public String get(int i) {
        return values[i];
    }

    public List<String> asList() {
        return List.of(values);
    }

    /** All but the last value (a histogram's series labels, without the bucket). */
    public LabelValues withoutLast() {
        return wrap(Arrays.copyOf(values, values.length - 1));
    }

    /** These values followed by one more (the CPU). */
    public LabelValues plus(String value) {
        String[] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = value;
        return wrap(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelValues other && hash == other.hash && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
