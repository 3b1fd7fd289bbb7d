package io.bpfx.exporter.target;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.session.EventTypes;
import io.bpfx.engine.session.LiveTarget;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.TargetPlan;
import io.bpfx.exporter.config.V2Config;
import io.bpfx.exporter.config.V2ConfigReader;
import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.Kallsyms;
import io.bpfx.exporter.spec.MetricSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ebpf_exporter v2 configs run unchanged: {@code <dir>/<name>.yaml} with
 * {@code <dir>/<name>.bpf.o}. Each config becomes a target whose plan is built
 * here (no Lua): the object, every program attached by its SEC name as
 * ebpf_exporter does with libbpf, {@code kaddr_<symbol>} globals from
 * {@code kaddrs}, and an event subscription for each {@code perf_event_array}
 * counter. Metrics are named {@code ebpf_exporter_<name>} and read the map of
 * the same name.
 */
public final class ConfigTargets {

    /** One config, checked against its object and ready to start. */
    public record Prepared(V2Config config, List<MetricSpec> specs, Map<String, String> eventTypes,
                           Map<String, Object> globals) {
    }

    private final ExportRegistry registry;
    private final PrintStream err;
    private final List<String> started = new ArrayList<>();

    public ConfigTargets(ExportRegistry registry, PrintStream err) {
        this.registry = registry;
        this.err = err;
    }

    /**
     * Reads and checks every config before anything is loaded: YAML, the object
     * next to it, the maps its metrics read, the kernel symbols of {@code kaddrs}.
     */
    public static List<Prepared> prepare(Path dir, List<String> names, int seriesLimit, PrintStream err) {
        if (!Files.isDirectory(dir)) {
            throw new BpfxException.NotFound("--config.dir " + dir + ": no such directory");
        }
        List<Prepared> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new BpfxException.BadInput("--config.names: " + name + " is given twice");
            }
            Path yaml = dir.resolve(name + ".yaml");
            if (!Files.isRegularFile(yaml)) {
                throw new BpfxException.NotFound(yaml + ": config file not found (--config.dir " + dir
                        + ", --config.names " + name + ")");
            }
            V2Config cfg = V2ConfigReader.read(yaml);
            out.add(check(cfg, seriesLimit, err));
        }
        return out;
    }

    private static Prepared check(V2Config cfg, int seriesLimit, PrintStream err) {
        String where = cfg.file() + "";
        if (cfg.cgroupIdMap() != null) {
            throw new BpfxException.Unsupported(where + ": cgroup_id_map: not supported by bpfx");
        }
        if (!cfg.tracing().spans().isEmpty()) {
            err.println("bpfx: " + where + ": tracing.spans ignored (bpfx does not export OpenTelemetry spans)");
        }
        Path object = cfg.bpfObject();
        if (!Files.isRegularFile(object)) {
            throw new BpfxException.NotFound(where + ": BPF object " + object + " not found (ebpf_exporter loads "
                    + cfg.name() + ".bpf.o from the config directory)");
        }
        List<MetricSpec> specs = cfg.toMetricSpecs(seriesLimit);
        Map<String, String> eventTypes = new LinkedHashMap<>();
        try (BpfObject obj = BpfObject.open(object)) {
            String maps = obj.userMaps().stream().map(BpfMap::name).collect(Collectors.joining(", "));
            for (MetricSpec spec : specs) {
                BpfMap map = obj.findMap(spec.mapName()).orElseThrow(() -> new BpfxException.BadInput(where
                        + ": metric " + spec.mapName() + ": no map named " + spec.mapName() + " in " + object.getFileName()
                        + " (maps: " + (maps.isEmpty() ? "none" : maps) + ")"));
                if (spec.fromEvents()) {
                    if (!map.type().isEventStream()) {
                        throw new BpfxException.BadInput(where + ": metric " + spec.mapName()
                                + ": perf_event_array is set but the map is a " + map.type().lowerName() + " map");
                    }
                    // the engine decodes records by a struct; these counters read raw bytes, so any struct will do
                    if (obj.btf() == null || obj.btf().structNames().isEmpty()) {
                        throw new BpfxException.BadInput(where + ": metric " + spec.mapName()
                                + ": perf_event_array counters need the object's BTF (compile with clang -g)");
                    }
                    eventTypes.put(spec.mapName(), EventTypes.recordType(obj.btf(), spec.mapName(), null)
                            .orElse(obj.btf().structNames().get(0)));
                } else if (!map.type().isReadable()) {
                    throw new BpfxException.BadInput(where + ": metric " + spec.mapName() + ": map is a "
                            + map.type().lowerName() + " map, which has no entries to read");
                }
            }
        }
        return new Prepared(cfg, specs, eventTypes, kaddrs(cfg, where));
    }

    /** {@code kaddrs}: each symbol's address into the {@code const volatile u64 kaddr_<symbol>} global. */
    private static Map<String, Object> kaddrs(V2Config cfg, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (cfg.kaddrs().isEmpty()) {
            return out;
        }
        Map<String, Long> found;
        try {
            found = Kallsyms.proc().addresses(cfg.kaddrs());
        } catch (IOException | DecodeException e) {
            throw new BpfxException(where + ": kaddrs: cannot read /proc/kallsyms: " + e.getMessage());
        }
        for (String sym : cfg.kaddrs()) {
            Long addr = found.get(sym);
            if (addr == null) {
                throw new BpfxException.NotFound(where + ": kaddrs: no kernel symbol " + sym + " in /proc/kallsyms");
            }
            out.put("kaddr_" + sym, addr);
        }
        return out;
    }

    /** Starts one config in the session and registers its metrics. */
    public void start(Session session, Prepared p) {
        V2Config cfg = p.config();
        TargetPlan plan = new TargetPlan(cfg.name());
        plan.files.add(cfg.bpfObject());
        plan.globals.putAll(p.globals());
        TargetCounters counters = registry.counters(cfg.name());
        Map<String, EventTap> taps = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : p.eventTypes().entrySet()) {
            EventTap tap = new EventTap(e.getKey(), counters, true, err);
            taps.put(e.getKey(), tap);
            plan.events.add(new TargetPlan.EventSubscription(e.getKey(), e.getValue(), layout -> tap, tap.onLost(null),
                    cfg.file() + ""));
        }
        LiveTarget live = session.start(plan);
        ExportBridge.register(registry, cfg.name(), cfg.file() + "", live, p.specs(), taps::get);
        started.add(cfg.name());
        err.println("Attaching " + live.probeCount() + " probe" + (live.probeCount() == 1 ? "" : "s") + " ("
                + cfg.name() + ")...");
    }

    /** Stops scrapes reading the configs' targets: before the session closes them. */
    public void forgetAll() {
        started.forEach(registry::remove);
        started.clear();
    }
}
