package io.bpfx.exporter.metric;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Caps how many series one metric exports. Series already admitted keep their
 * place for as long as they exist, so the exported set does not flap from one
 * scrape to the next; new series get the free places in the order offered; the
 * rest are dropped (the caller counts them).
 */
public final class CardinalityGuard {

    private final int limit;
    private Set<LabelValues> admitted = new HashSet<>();

    /** @param limit most series kept; 0 means no limit */
    public CardinalityGuard(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** The series of {@code present} to export (all of them when there is no limit). */
    public synchronized Set<LabelValues> admit(Collection<LabelValues> present) {
        if (limit == 0) {
            return new HashSet<>(present);
        }
        Set<LabelValues> kept = new LinkedHashSet<>();
        for (LabelValues series : present) {
            if (admitted.contains(series)) {
                kept.add(series);
            }
        }
        for (LabelValues series : present) {
            if (kept.size() >= limit) {
                break;
            }
            kept.add(series);
        }
        admitted = new HashSet<>(kept);
        return kept;
    }
}
