package io.bpfx.exporter.target;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.MapType;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.session.LiveTarget;
import io.bpfx.engine.session.TargetFiles;
import io.bpfx.engine.session.TargetListener;
import io.bpfx.engine.session.TargetPlan;
import io.bpfx.exporter.EventCounter;
import io.bpfx.exporter.MapMetricsCollector;
import io.bpfx.exporter.SnapshotReader;
import io.bpfx.exporter.config.MetricSpecReader;
import io.bpfx.exporter.decode.CgroupPaths;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.decode.Kallsyms;
import io.bpfx.exporter.decode.StackSource;
import io.bpfx.exporter.spec.MetricSpec;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The engine ↔ exporter bridge for one script: checks the metrics its target
 * plans declare ({@code add_metric}) before anything is loaded, taps the event streams of each target as
 * it is planned, and registers the target's metrics in the {@link ExportRegistry}
 * when it starts (reading the live maps at each scrape) and removes them when it
 * stops.
 */
public final class ExportBridge implements TargetListener {

    /** kallsyms and cgroup paths are read once for the whole exporter, not per target. */
    private static final Kallsyms KALLSYMS = Kallsyms.proc();
    private static final CgroupPaths CGROUPS = CgroupPaths.system();

    private final ExportRegistry registry;
    private final String script;
    private final boolean headless;
    private final int seriesLimit;
    private final PrintStream err;
    private final Map<String, List<EventTap>> taps = new ConcurrentHashMap<>();
    /** The script's own on_event subscriptions of each target, as planned (before the taps wrap them). */
    private final Map<String, List<TargetPlan.EventSubscription>> scriptEvents = new ConcurrentHashMap<>();
    private final java.util.Set<String> exported = ConcurrentHashMap.newKeySet();

    /**
     * @param script   the script as the user named it (the {@code script} label)
     * @param headless {@code bpfx export}: Lua errors in on_event are counted and printed, the run goes on;
     *                 otherwise ({@code bpfx run --export}) they end the run as usual
     */
    public ExportBridge(ExportRegistry registry, String script, boolean headless, int seriesLimit, PrintStream err) {
        this.registry = registry;
        this.script = script;
        this.headless = headless;
        this.seriesLimit = seriesLimit;
        this.err = err;
    }

    /**
     * Checks every add_metric of the script before anything is loaded: the table
     * itself and, when the target's C compiles, its fields against the maps' BTF.
     * Returns the metric names declared, by name, with where they were declared.
     */
    public Map<String, String> check(List<TargetPlan> plans, BpfCompiler compiler) {
        Map<String, String> names = new LinkedHashMap<>();
        for (TargetPlan target : plans) {
            if (target.metrics.isEmpty()) {
                continue;
            }
            List<MetricSpec> specs;
            List<BpfObject> opened = open(target, compiler);
            try {
                specs = TargetMetrics.read(target.name, target.metrics, target.events,
                        opened == null ? null : new ObjectView(opened), seriesLimit);
            } finally {
                if (opened != null) {
                    opened.forEach(BpfObject::close);
                }
            }
            for (int i = 0; i < specs.size(); i++) {
                String where = target.metrics.get(i).origin();
                String had = names.putIfAbsent(specs.get(i).name(), where);
                if (had != null) {
                    throw new BpfxException.BadInput(where + ": add_metric: metric " + specs.get(i).name()
                            + " is already defined at " + had);
                }
            }
        }
        return names;
    }

    /** The target's objects opened (parsed, not loaded) for their BTF; null when they cannot be (yet). */
    private static List<BpfObject> open(TargetPlan target, BpfCompiler compiler) {
        if (target.files.stream().anyMatch(f -> TargetFiles.isBcc(target, f))) {
            return null;
        }
        List<BpfObject> out = new ArrayList<>();
        try {
            for (Path f : target.files) {
                out.add(TargetFiles.openObject(compiler, target, f));
            }
            return out;
        } catch (BpfxException e) {
            // the engine reports this (a clang error, a missing file) when the target runs
            out.forEach(BpfObject::close);
            return null;
        }
    }

    @Override
    public void planning(TargetPlan plan) {
        scriptEvents.put(plan.name, List.copyOf(plan.events));
        TargetCounters counters = registry.counters(plan.name);
        List<EventTap> mine = new ArrayList<>();
        List<TargetPlan.EventSubscription> wrapped = new ArrayList<>();
        for (TargetPlan.EventSubscription sub : plan.events) {
            EventTap tap = new EventTap(sub.map(), counters, headless, err);
            mine.add(tap);
            wrapped.add(new TargetPlan.EventSubscription(sub.map(), sub.type(), layout -> {
                tap.scriptHandler(sub.handlerFactory().apply(layout));
                return tap;
            }, tap.onLost(sub.onLost()), sub.origin()));
        }
        plan.events.clear();
        plan.events.addAll(wrapped);
        // event-counted metrics on maps no on_event reads get a subscription of their own
        for (TargetPlan.Metric m : plan.metrics) {
            MetricSpecReader.Target t = MetricSpecReader.target(m.definition());
            if (!t.fromEvents() || tapFor(mine, t.map()).isPresent()) {
                continue;
            }
            EventTap tap = new EventTap(t.map(), counters, headless, err);
            mine.add(tap);
            plan.events.add(new TargetPlan.EventSubscription(t.map(), t.eventType(), layout -> tap,
                    tap.onLost(null), m.origin()));
        }
        taps.put(plan.name, mine);
    }

    /** The tap that sees a map's records: the one subscribed to it, or to the target's only event map. */
    private static Optional<EventTap> tapFor(List<EventTap> taps, String map) {
        for (EventTap t : taps) {
            if (map != null && map.equals(t.plannedMap)) {
                return Optional.of(t);
            }
        }
        for (EventTap t : taps) {
            if (t.plannedMap == null) {
                return Optional.of(t);
            }
        }
        return map == null && taps.size() == 1 ? Optional.of(taps.get(0)) : Optional.empty();
    }

    @Override
    public void started(TargetPlan plan, LiveTarget live) {
        ObjectView view = new ObjectView(live.objects());
        List<MetricSpec> specs = TargetMetrics.read(plan.name, plan.metrics,
                scriptEvents.getOrDefault(plan.name, List.of()), view, seriesLimit);
        List<EventTap> mine = taps.getOrDefault(plan.name, List.of());
        register(registry, plan.name, script, live, specs, map -> tapFor(mine, map)
                .or(() -> tapFor(mine, onlyStream(view)))
                .orElseThrow(() -> new IllegalStateException("no event subscription for " + map)));
        exported.add(plan.name);
    }

    /**
     * Builds the target's metrics over its live maps, hands each event-counted metric to the
     * tap that sees its map's records, and registers the target for scrapes.
     */
    static void register(ExportRegistry registry, String name, String origin, LiveTarget live, List<MetricSpec> specs,
                         Function<String, EventTap> tapOf) {
        MapMetricsCollector collector = null;
        if (!specs.isEmpty()) {
            collector = MapMetricsCollector.builder(new SnapshotReader(live::map))
                    .dumpSnapshots(map -> live.map(map).snapshot())
                    .decoders(decoders(live))
                    .selfMetrics(registry.selfMetrics())
                    .metrics(specs)
                    .build();
            Map<EventTap, List<EventCounter>> feeds = new HashMap<>();
            for (EventCounter c : collector.eventCounters().values()) {
                feeds.computeIfAbsent(tapOf.apply(c.spec().mapName()), k -> new ArrayList<>()).add(c);
            }
            feeds.forEach(EventTap::eventCounters);
        }
        registry.add(new ExportedTarget(name, origin, live, collector, specs));
    }

    /**
     * Removes every target of this script from the registry: call when the run ends,
     * before the engine closes what is still running (an error path skips stopping()).
     */
    public void forgetAll() {
        for (String name : exported) {
            registry.remove(name);
        }
        exported.clear();
        taps.clear();
        scriptEvents.clear();
    }

    private static String onlyStream(ObjectView view) {
        List<BpfMap> s = view.eventStreams();
        return s.size() == 1 ? s.get(0).name() : null;
    }

    @Override
    public void stopping(TargetPlan plan, LiveTarget live) {
        registry.remove(plan.name);
        exported.remove(plan.name);
        taps.remove(plan.name);
        scriptEvents.remove(plan.name);
    }

    /** The standard decoders, with {@code kstack} ids looked up in the target's stack trace map(s). */
    static DecoderSet decoders(LiveTarget live) {
        List<BpfMap> stacks = live.maps().stream().filter(m -> m.type() == MapType.STACK_TRACE).toList();
        DecoderSet.Builder b = DecoderSet.builder().kallsyms(KALLSYMS).cgroupPaths(CGROUPS);
        if (!stacks.isEmpty()) {
            b.stackSource(stackSource(stacks));
        }
        return b.build();
    }

    static StackSource stackSource(List<BpfMap> stacks) {
        return id -> {
            for (BpfMap m : stacks) {
                byte[] key = new byte[m.keySize()];
                ByteBuffer kb = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
                if (key.length == 4) {
                    kb.putInt(0, (int) id);
                } else if (key.length == 8) {
                    kb.putLong(0, id);
                } else {
                    continue;
                }
                Optional<byte[]> v = m.lookupRaw(key);
                if (v.isPresent()) {
                    ByteBuffer vb = ByteBuffer.wrap(v.get()).order(ByteOrder.LITTLE_ENDIAN);
                    long[] frames = new long[v.get().length / 8];
                    for (int i = 0; i < frames.length; i++) {
                        frames[i] = vb.getLong(i * 8);
                    }
                    return frames;
                }
            }
            return null;
        };
    }
}
