package io.bpfx.exporter.target;

import io.bpfx.engine.BpfStats;
import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.MetricDump;
import io.bpfx.exporter.http.LandingPage;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;

/**
 * Everything {@code /metrics} shows: the metrics of every running target, added
 * when a target starts and removed when it stops, and the exporter's own
 * metrics (ebpf_exporter's set, plus events and Lua errors). Registered once in
 * the Prometheus registry; safe for concurrent scrapes while targets come and go.
 */
public final class ExportRegistry extends Collector {

    /** Scripts export {@code bpfx_*} self metrics per target; ebpf_exporter configs {@code ebpf_exporter_*} per config. */
    public enum Mode {
        SCRIPTS(TargetMetrics.NAMESPACE, "target"),
        CONFIGS(MetricNames.EBPF_EXPORTER_NAMESPACE, "config");

        final String namespace;
        final String targetLabel;

        Mode(String namespace, String targetLabel) {
            this.namespace = namespace;
            this.targetLabel = targetLabel;
        }
    }

    private final Mode mode;
    private final String version;
    private final SelfMetrics self;
    private final Map<String, ExportedTarget> live = new ConcurrentSkipListMap<>();
    private final Map<String, TargetCounters> counters = new ConcurrentHashMap<>();
    private final Map<String, String> origins = new ConcurrentSkipListMap<>();
    private final BooleanSupplier statsEnabled;

    public ExportRegistry(Mode mode, String version) {
        this(mode, version, BpfStats::enabled);
    }

    ExportRegistry(Mode mode, String version, BooleanSupplier statsEnabled) {
        this.mode = mode;
        this.version = version;
        this.self = new SelfMetrics(mode.namespace);
        this.statsEnabled = statsEnabled;
    }

    public Mode mode() {
        return mode;
    }

    /** Decoder errors, dropped series and lost event-metric records of every target. */
    public SelfMetrics selfMetrics() {
        return self;
    }

    /** The target's counters, made on first use and kept for the exporter's lifetime. */
    public TargetCounters counters(String target) {
        return counters.computeIfAbsent(target, t -> new TargetCounters());
    }

    /** A target that started. */
    public void add(ExportedTarget target) {
        counters(target.name());
        origins.put(target.name(), target.origin());
        for (MetricSpec spec : target.specs()) {
            self.registerConfig(spec.config());
        }
        if (live.putIfAbsent(target.name(), target) != null) {
            throw new BpfxException.BadInput("target " + target.name() + " is exported twice");
        }
    }

    /** A target that is stopping: once this returns no scrape reads it. */
    public void remove(String name) {
        ExportedTarget t = live.remove(name);
        if (t != null) {
            t.close();
        }
    }

    /** Removes every target (before the engine closes them all). */
    public void clear() {
        for (String name : new ArrayList<>(live.keySet())) {
            remove(name);
        }
    }

    public List<String> targetNames() {
        return new ArrayList<>(live.keySet());
    }

    public Optional<ExportedTarget> target(String name) {
        return Optional.ofNullable(live.get(name));
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Map<String, MetricFamilySamples> families = new LinkedHashMap<>();
        String ns = mode.namespace;
        String tl = mode.targetLabel;
        GaugeMetricFamily enabled = mode == Mode.CONFIGS
                ? new GaugeMetricFamily(ns + "_enabled_configs", "The set of enabled configs", List.of("name"))
                : new GaugeMetricFamily(ns + "_enabled_targets", "The targets running now, and the script that declared them",
                List.of("target", "script"));
        String prefix = mode == Mode.CONFIGS ? ns + "_ebpf_program" : ns + "_program";
        GaugeMetricFamily info = new GaugeMetricFamily(prefix + "_info", "Info about ebpf programs",
                List.of(tl, "program", "tag", "id"));
        GaugeMetricFamily attached = new GaugeMetricFamily(prefix + "_attached", "Whether a program is attached",
                List.of("id"));
        CounterMetricFamily runTime = new CounterMetricFamily(prefix + "_run_time_seconds",
                "How long has the program been executing", List.of("id"));
        CounterMetricFamily runCount = new CounterMetricFamily(prefix + "_run_count_total",
                "How many times has the program been executed", List.of("id"));
        boolean stats = statsEnabled.getAsBoolean();

        for (ExportedTarget t : live.values()) {
            t.read(target -> {
                if (target.collector() != null) {
                    for (MetricFamilySamples f : target.collector().collect()) {
                        merge(families, f);
                    }
                }
                enabled.addMetric(mode == Mode.CONFIGS ? List.of(target.name()) : List.of(target.name(), target.origin()), 1);
                for (ExportedTarget.Program p : target.programs()) {
                    String id = Long.toString(p.info().id());
                    info.addMetric(List.of(target.name(), p.name(), p.info().tag(), id), 1);
                    attached.addMetric(List.of(id), p.attached() ? 1 : 0);
                    if (stats) {
                        runTime.addMetric(List.of(id), p.info().runTimeNs() / 1e9);
                        runCount.addMetric(List.of(id), p.info().runCount());
                    }
                }
                return Boolean.TRUE;
            });
        }

        List<MetricFamilySamples> own = new ArrayList<>(List.of(enabled, info, attached));
        if (stats) {
            own.add(runTime);
            own.add(runCount);
        }
        CounterMetricFamily events = new CounterMetricFamily(ns + "_target_events_total",
                "Event records (ring buffer, perf buffer) delivered to bpfx", List.of(tl));
        CounterMetricFamily lost = new CounterMetricFamily(ns + "_target_events_lost_total",
                "Event records the kernel could not deliver (buffer full)", List.of(tl));
        for (Map.Entry<String, TargetCounters> e : new java.util.TreeMap<>(counters).entrySet()) {
            events.addMetric(List.of(e.getKey()), e.getValue().delivered());
            lost.addMetric(List.of(e.getKey()), e.getValue().lost());
        }
        own.add(events);
        own.add(lost);
        if (mode == Mode.SCRIPTS) {
            CounterMetricFamily luaErrors = new CounterMetricFamily(ns + "_lua_callback_errors_total",
                    "Errors raised by a target's Lua on_event callback", List.of("target"));
            for (Map.Entry<String, TargetCounters> e : new java.util.TreeMap<>(counters).entrySet()) {
                luaErrors.addMetric(List.of(e.getKey()), e.getValue().callbackErrors());
            }
            own.add(luaErrors);
        }
        own.addAll(self.collect());
        own.add(new GaugeMetricFamily(ns + "_build_info", "A metric with a constant '1' value labeled by version and "
                + "the Java version bpfx runs on", List.of("version", "javaversion"))
                .addMetric(List.of(version, System.getProperty("java.version", "")), 1));
        for (MetricFamilySamples f : own) {
            merge(families, f);
        }
        List<MetricFamilySamples> out = new ArrayList<>(families.values());
        out.sort(Comparator.comparing(f -> f.name));
        return out;
    }

    /** Families of the same name (two targets exporting one metric) become one. */
    private static void merge(Map<String, MetricFamilySamples> families, MetricFamilySamples f) {
        MetricFamilySamples had = families.putIfAbsent(f.name, f);
        if (had != null) {
            List<MetricFamilySamples.Sample> samples = new ArrayList<>(had.samples);
            samples.addAll(f.samples);
            families.put(f.name, new MetricFamilySamples(had.name, had.unit, had.type, had.help, samples));
        }
    }

    /** {@code /}: what runs and where it is attached. */
    public LandingPage landingPage(String title) {
        List<LandingPage.Target> rows = new ArrayList<>();
        for (ExportedTarget t : live.values()) {
            t.read(target -> {
                List<String> where = target.attachments();
                StringBuilder d = new StringBuilder(target.origin());
                d.append("; ").append(where.size()).append(where.size() == 1 ? " attachment" : " attachments");
                if (!where.isEmpty()) {
                    d.append(" (").append(String.join(", ", where.size() > 6 ? where.subList(0, 6) : where))
                            .append(where.size() > 6 ? ", ..." : "").append(")");
                }
                List<String> names = target.specs().stream().map(MetricSpec::name).toList();
                d.append("; metrics: ").append(names.isEmpty() ? "none" : String.join(", ", names));
                rows.add(new LandingPage.Target(target.name(), d.toString()));
                return Boolean.TRUE;
            });
        }
        return new LandingPage(title, rows);
    }

    /** One target's entry of the debug {@code /maps} page. */
    public record TargetDump(String target, String origin, List<MetricDump> metrics) {
    }

    /** {@code /maps} (debug): raw keys, decoded labels and values of every map metric. */
    public List<TargetDump> dump() {
        List<TargetDump> out = new ArrayList<>();
        for (ExportedTarget t : live.values()) {
            t.read(target -> out.add(new TargetDump(target.name(), target.origin(),
                    target.collector() == null ? List.of() : target.collector().dump())));
        }
        return out;
    }
}
