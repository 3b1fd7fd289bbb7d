package io.bpfx.exporter;

import io.bpfx.exporter.metric.CardinalityGuard;
import io.bpfx.exporter.metric.LabelValues;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.spec.MetricSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** A metric's series limit applied to one scrape: which series are kept, the rest counted as dropped. */
final class SeriesGuard {
    private final String metric;
    private final CardinalityGuard guard;

    SeriesGuard(MetricSpec spec) {
        this.metric = spec.name();
        this.guard = new CardinalityGuard(spec.seriesLimit());
    }

    boolean limited() {
        return guard.limit() > 0;
    }

    /** The series of {@code present} the limit admits (in label order, so the choice is stable). */
    Set<LabelValues> admit(Set<LabelValues> present, SelfMetrics self) {
        if (!limited()) {
            return present;
        }
        List<LabelValues> offered = new ArrayList<>(present);
        offered.sort(Comparator.comparing(LabelValues::toString));
        Set<LabelValues> kept = guard.admit(offered);
        self.droppedSeries(metric, present.size() - kept.size());
        return kept;
    }
}
