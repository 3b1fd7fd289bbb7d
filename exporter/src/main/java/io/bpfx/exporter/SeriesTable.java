package io.bpfx.exporter;

import io.bpfx.exporter.metric.ExposedLabels;
import io.bpfx.exporter.metric.Exposition;
import io.bpfx.exporter.metric.LabelValues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The series one metric has exported, by id: their label values, the values in
 * exposition order (computed once), and the series' exposition order, sorted
 * again only when new series appear. Together with {@link KeyIndex} this makes
 * a scrape of an unchanged map a read, an add per entry and a walk in order.
 *
 * <p>Not thread-safe: one scrape at a time uses it.
 */
final class SeriesTable {
    private final ExposedLabels exposed;
    private final List<LabelValues> labels = new ArrayList<>();
    private final List<List<String>> exposedValues = new ArrayList<>();
    /** Each series' labels as written on the page, escaped once ({@link Exposition#labelBlock}). */
    private final List<byte[]> blocks = new ArrayList<>();
    private final Map<LabelValues, Integer> ids = new HashMap<>();
    private int[] seen = new int[16];
    private int[] sorted = new int[0];
    private boolean dirty;

    SeriesTable(ExposedLabels exposed) {
        this.exposed = exposed;
    }

    int size() {
        return labels.size();
    }

    /** The id of these labels, a new one the first time. */
    int idFor(LabelValues values) {
        Integer id = ids.get(values);
        if (id != null) {
            return id;
        }
        int n = labels.size();
        labels.add(values);
        List<String> shown = List.copyOf(exposed.values(values));
        exposedValues.add(shown);
        blocks.add(Exposition.labelBlock(exposed.names(), shown));
        ids.put(values, n);
        if (n == seen.length) {
            seen = Arrays.copyOf(seen, n * 2);
        }
        dirty = true;
        return n;
    }

    List<String> exposedNames() {
        return exposed.names();
    }

    LabelValues labels(int id) {
        return labels.get(id);
    }

    List<String> exposedValues(int id) {
        return exposedValues.get(id);
    }

    byte[] block(int id) {
        return blocks.get(id);
    }

    /** Marks the series present in {@code scrape}; true the first time in that scrape. */
    boolean markSeen(int id, int scrape) {
        if (seen[id] == scrape) {
            return false;
        }
        seen[id] = scrape;
        return true;
    }

    boolean seenIn(int id, int scrape) {
        return seen[id] == scrape;
    }

    /** Every series id in exposition order (client_golang's: by label values, labels sorted by name). */
    int[] order() {
        if (dirty || sorted.length != labels.size()) {
            Integer[] boxed = new Integer[labels.size()];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = i;
            }
            java.util.Comparator<LabelValues> cmp = exposed.seriesOrder();
            Arrays.sort(boxed, (a, b) -> cmp.compare(labels.get(a), labels.get(b)));
            sorted = new int[boxed.length];
            for (int i = 0; i < boxed.length; i++) {
                sorted[i] = boxed[i];
            }
            dirty = false;
        }
        return sorted;
    }

    /**
     * Keeps only the series seen in {@code scrape}; returns old id → new id (-1: dropped),
     * for the key index to follow.
     */
    int[] retainSeenIn(int scrape) {
        int[] renumber = new int[labels.size()];
        List<LabelValues> keptLabels = new ArrayList<>();
        List<List<String>> keptExposed = new ArrayList<>();
        List<byte[]> keptBlocks = new ArrayList<>();
        ids.clear();
        for (int id = 0; id < renumber.length; id++) {
            if (seen[id] != scrape) {
                renumber[id] = -1;
                continue;
            }
            renumber[id] = keptLabels.size();
            ids.put(labels.get(id), keptLabels.size());
            keptLabels.add(labels.get(id));
            keptExposed.add(exposedValues.get(id));
            keptBlocks.add(blocks.get(id));
        }
        labels.clear();
        labels.addAll(keptLabels);
        exposedValues.clear();
        exposedValues.addAll(keptExposed);
        blocks.clear();
        blocks.addAll(keptBlocks);
        int[] newSeen = new int[Math.max(16, labels.size() * 2)];
        Arrays.fill(newSeen, 0, labels.size(), scrape);
        seen = newSeen;
        dirty = true;
        return renumber;
    }
}
