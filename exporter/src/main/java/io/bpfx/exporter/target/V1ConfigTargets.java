package io.bpfx.exporter.target;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.session.LiveTarget;
import io.bpfx.engine.session.Session;
import io.bpfx.exporter.config.V1TargetPlans;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ebpf_exporter v1 configs ({@code --config.file}): each program of the file is a
 * target, planned by {@link V1TargetPlans} (BCC C compiled by libbcc, probes attached
 * as the config says) and exported with v1's metric names.
 */
public final class V1ConfigTargets {
    private final ExportRegistry registry;
    private final PrintStream err;
    private final List<String> started = new ArrayList<>();

    public V1ConfigTargets(ExportRegistry registry, PrintStream err) {
        this.registry = registry;
        this.err = err;
    }

    /** Starts one program; if its tables do not fit its metrics it is closed again and the error says why. */
    public void start(Session session, V1TargetPlans.Prepared p) {
        TargetCounters counters = registry.counters(p.program().name());
        Map<String, EventTap> taps = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : p.perfMaps().entrySet()) {
            EventTap tap = new EventTap(e.getKey(), counters, true, err);
            taps.put(e.getKey(), tap);
            p.plan().events.add(new io.bpfx.engine.session.TargetPlan.EventSubscription(e.getKey(), null,
                    layout -> tap, tap.onLost(null), e.getValue()));
        }
        LiveTarget live;
        try {
            live = session.start(p.plan());
        } catch (BpfxException e) {
            throw V1TargetPlans.translate(e, p);
        }
        try {
            V1TargetPlans.checkLoaded(p, live::map);
        } catch (RuntimeException e) {
            session.stop(live.name());
            throw e;
        }
        ExportBridge.register(registry, p.program().name(), p.config().source(), live, p.specs(), taps::get);
        started.add(p.program().name());
        err.println("Attaching " + live.probeCount() + " probe" + (live.probeCount() == 1 ? "" : "s") + " ("
                + p.program().name() + ")...");
    }

    /** Stops scrapes reading the programs' targets: before the session closes them. */
    public void forgetAll() {
        started.forEach(registry::remove);
        started.clear();
    }
}
