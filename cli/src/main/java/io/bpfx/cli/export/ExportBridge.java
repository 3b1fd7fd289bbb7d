package io.bpfx.cli.export;

import io.bpfx.dsl.DeclaredPath;
import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.ScriptModel;
import io.bpfx.dsl.TargetSpec;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.MapType;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.CompileRequest;
import io.bpfx.engine.session.LiveTarget;
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

/**
 * The DSL ↔ exporter bridge for one script: checks its {@code add_metric}
 * tables before anything is loaded, taps the event streams of each target as
 * it is planned, and registers the target's metrics in the {@link ExportRegistry}
 * when it starts (reading the live maps at each scrape) and removes them when it
 * stops.
 */
public final class ExportBridge implements EngineHost.TargetListener {

    /** kallsyms and cgroup paths are read once for the whole exporter, not per target. */
    private static final Kallsyms KALLSYMS = Kallsyms.proc();
    private static final CgroupPaths CGROUPS = CgroupPaths.system();

    private final ExportRegistry registry;
    private final String script;
    private final boolean headless;
    private final int seriesLimit;
    private final PrintStream err;
    private final Map<String, List<EventTap>> taps = new ConcurrentHashMap<>();
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
    public Map<String, String> check(ScriptModel model, BpfCompiler compiler) {
        Map<String, String> names = new LinkedHashMap<>();
        for (TargetSpec target : model.targets()) {
            if (target.metrics().isEmpty()) {
                continue;
            }
            List<MetricSpec> specs;
            List<BpfObject> opened = open(target, compiler);
            try {
                specs = TargetMetrics.read(target, opened == null ? null : new ObjectView(opened), seriesLimit);
            } finally {
                if (opened != null) {
                    opened.forEach(BpfObject::close);
                }
            }
            for (int i = 0; i < specs.size(); i++) {
                String where = target.metrics().get(i).location().toString();
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
    private static List<BpfObject> open(TargetSpec target, BpfCompiler compiler) {
        if (target.toolchain().filter("bcc"::equals).isPresent()) {
            return null;
        }
        List<BpfObject> out = new ArrayList<>();
        try {
            for (DeclaredPath f : target.files()) {
                String n = f.path().getFileName().toString();
                Path obj;
                if (n.endsWith(".bpf.c")) {
                    List<Path> includes = target.includeDirs().stream().map(DeclaredPath::path).toList();
                    obj = compiler.compile(new CompileRequest(f.path(), target.defines(), includes)).object();
                } else if (n.endsWith(".o")) {
                    obj = f.path();
                } else {
                    out.forEach(BpfObject::close);
                    return null;
                }
                out.add(BpfObject.open(obj));
            }
            return out;
        } catch (BpfxException e) {
            // the engine reports this (a clang error, a missing file) when the target runs
            out.forEach(BpfObject::close);
            return null;
        }
    }

    @Override
    public void planning(TargetSpec spec, TargetPlan plan) {
        TargetCounters counters = registry.counters(spec.name());
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
        for (io.bpfx.dsl.MetricSpec m : spec.metrics()) {
            MetricSpecReader.Target t = MetricSpecReader.target(m.definition());
            if (!t.fromEvents() || tapFor(mine, t.map()).isPresent()) {
                continue;
            }
            EventTap tap = new EventTap(t.map(), counters, headless, err);
            mine.add(tap);
            plan.events.add(new TargetPlan.EventSubscription(t.map(), t.eventType(), layout -> tap,
                    tap.onLost(null), m.location().toString()));
        }
        taps.put(spec.name(), mine);
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
    public void started(TargetSpec spec, LiveTarget live) {
        ObjectView view = new ObjectView(live.objects(), live.bccModules());
        List<MetricSpec> specs = TargetMetrics.read(spec, view, seriesLimit);
        MapMetricsCollector collector = null;
        if (!specs.isEmpty()) {
            collector = MapMetricsCollector.builder(new SnapshotReader(live::map))
                    .dumpSnapshots(map -> live.map(map).snapshot())
                    .decoders(decoders(live))
                    .selfMetrics(registry.selfMetrics())
                    .metrics(specs)
                    .build();
            List<EventTap> mine = taps.getOrDefault(spec.name(), List.of());
            Map<EventTap, List<EventCounter>> feeds = new HashMap<>();
            for (EventCounter c : collector.eventCounters().values()) {
                EventTap tap = tapFor(mine, c.spec().mapName())
                        .or(() -> tapFor(mine, onlyStream(view)))
                        .orElseThrow(() -> new IllegalStateException("no event subscription for " + c.spec().mapName()));
                feeds.computeIfAbsent(tap, k -> new ArrayList<>()).add(c);
            }
            feeds.forEach(EventTap::eventCounters);
        }
        registry.add(new ExportedTarget(spec.name(), script, live, collector, specs));
        exported.add(spec.name());
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
    }

    private static String onlyStream(ObjectView view) {
        List<BpfMap> s = view.eventStreams();
        return s.size() == 1 ? s.get(0).name() : null;
    }

    @Override
    public void stopping(TargetSpec spec, LiveTarget live) {
        registry.remove(spec.name());
        exported.remove(spec.name());
        taps.remove(spec.name());
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
