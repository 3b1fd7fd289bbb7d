package io.bpfx.exporter.config;

import io.bpfx.engine.AttachKind;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.PerfEvents;
import io.bpfx.engine.bcc.BccAttach;
import io.bpfx.engine.session.TargetPlan;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns each program of a v1 config into an engine plan, as ebpf_exporter v1 ran it:
 * the {@code code} compiled by libbcc with the {@code cflags} (and {@code kaddr_<sym>}
 * defines), each probe's function attached where the config says (kprobes, kretprobes,
 * tracepoints, raw tracepoints, sampling perf events), and metrics named
 * {@code ebpf_exporter_<name>}. Problems the engine reports about the generated C file
 * are turned back into lines of the YAML ({@link #translate}).
 */
public final class V1TargetPlans {

    /** One program, ready to start: the plan, its metrics, and where its code was written. */
    public record Prepared(V1Config config, V1Config.Program program, TargetPlan plan, List<MetricSpec> specs,
                           Path codeFile, Map<String, String> perfMaps) {
        /** "timers.yaml: program timers" */
        public String where() {
            return config.source() + ": program " + program.name();
        }
    }

    private static final Pattern C_LINE = Pattern.compile("^:(\\d+): (.*)$", Pattern.DOTALL);

    private V1TargetPlans() {
    }

    /**
     * Plans every program; the code of each is written to {@code codeDir/<program>.c}
     * (BCC compiles files). Touches no kernel object.
     */
    public static List<Prepared> prepare(V1Config cfg, Path codeDir, String namespace, int seriesLimit) {
        List<Prepared> out = new ArrayList<>();
        Map<String, Long> kaddrs = kaddrs(cfg);
        for (V1Config.Program p : cfg.programs()) {
            Path code = codeDir.resolve(p.name().replaceAll("[^A-Za-z0-9_.-]", "_") + ".c");
            try {
                Files.writeString(code, p.code(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BpfxException("cannot write " + code + ": " + e.getMessage());
            }
            TargetPlan plan = new TargetPlan(p.name());
            plan.toolchain = "bcc";
            plan.files.add(code);
            for (String flag : p.cflags()) {
                if (flag.startsWith("-D")) plan.defines.add(flag.substring(2));
                else plan.includeDirs.add(Path.of(flag.substring(2)));
            }
            for (String sym : p.kaddrs()) {
                plan.defines.add("kaddr_" + sym + "=0x" + Long.toHexString(kaddrs.get(sym)));
            }
            String where = cfg.source() + ": program " + p.name();
            // before BCC compiles (seconds): a kprobe config cannot run on a kernel without kprobes
            for (Map.Entry<String, String> k : p.kprobes().entrySet()) {
                BccAttach.requireKprobes(where + ": kprobes." + k.getKey() + " (kprobe:" + k.getKey() + ")");
            }
            for (Map.Entry<String, String> k : p.kretprobes().entrySet()) {
                BccAttach.requireKprobes(where + ": kretprobes." + k.getKey() + " (kretprobe:" + k.getKey() + ")");
            }
            attach(plan, p.kprobes(), AttachKind.KPROBE, where + ": kprobes");
            attach(plan, p.kretprobes(), AttachKind.KRETPROBE, where + ": kretprobes");
            attach(plan, p.tracepoints(), AttachKind.TRACEPOINT, where + ": tracepoints");
            attach(plan, p.rawTracepoints(), AttachKind.RAW_TRACEPOINT, where + ": raw_tracepoints");
            for (int i = 0; i < p.perfEvents().size(); i++) {
                V1Config.PerfEvent e = p.perfEvents().get(i);
                Map<String, Object> opts = new HashMap<>();
                if (e.sampleFrequency() > 0) opts.put("frequency", e.sampleFrequency());
                else opts.put("period", e.samplePeriod());
                plan.attachments.add(new TargetPlan.Attachment(e.target(), AttachKind.PERF_EVENT,
                        PerfEvents.placeOf(e.type(), e.name()), opts, where + ": perf_events[" + i + "]"));
            }
            List<MetricSpec> specs = V1Config.metricSpecs(p, namespace, seriesLimit);
            Map<String, String> perfMaps = new LinkedHashMap<>();
            for (V1Config.Counter c : p.counters()) {
                if (c.perfMap() != null) perfMaps.put(c.perfMap(), where + ": " + c.path() + ".perf_map");
            }
            out.add(new Prepared(cfg, p, plan, specs, code, perfMaps));
        }
        return out;
    }

    /** The namespace v1 configs export under. */
    public static String namespace() {
        return MetricNames.EBPF_EXPORTER_NAMESPACE;
    }

    private static void attach(TargetPlan plan, Map<String, String> probes, AttachKind kind, String where) {
        probes.forEach((place, fn) -> plan.attachments.add(
                new TargetPlan.Attachment(fn, kind, place, Map.of(), where + "." + place)));
    }

    /**
     * An engine error about the generated C file ({@code /tmp/.../timers.c:5: message})
     * as a line of the YAML: {@code timers.yaml:19: program timers: code line 5: message}.
     */
    public static BpfxException translate(BpfxException e, Prepared p) {
        String msg = e.getMessage();
        String file = p.codeFile().toString();
        int at = msg == null ? -1 : msg.indexOf(file);
        if (at < 0) return e;
        String before = msg.substring(0, at), rest = msg.substring(at + file.length());
        String text;
        Matcher m = C_LINE.matcher(rest);
        if (m.matches() && p.program().codeLine() > 0) {
            int line = Integer.parseInt(m.group(1));
            text = before + p.config().source() + ":" + (p.program().codeLine() + line) + ": program "
                    + p.program().name() + ": code line " + line + ": " + m.group(2);
        } else {
            text = before + p.where() + ": code" + rest;
        }
        BpfxException out = e instanceof BpfxException.NotFound ? new BpfxException.NotFound(text)
                : e instanceof BpfxException.Unsupported ? new BpfxException.Unsupported(text)
                : e instanceof BpfxException.BadInput ? new BpfxException.BadInput(text)
                : new BpfxException(text);
        out.initCause(e);
        return out;
    }

    /**
     * After loading: every metric's table exists in the compiled module and its key is
     * exactly as long as the labels (ebpf_exporter v1 found this only when scraped).
     */
    public static void checkLoaded(Prepared p, Function<String, BpfMap> maps) {
        for (V1Config.Counter c : p.program().counters()) {
            if (c.perfMap() != null) {
                BpfMap m = table(p, maps, c.perfMap(), c.path() + ".perf_map");
                if (!m.type().isEventStream()) {
                    throw new BpfxException.BadInput(p.where() + ": " + c.path() + ".perf_map: table " + c.perfMap()
                            + " is a " + m.type().lowerName() + " map, not BPF_PERF_OUTPUT / BPF_RINGBUF_OUTPUT");
                }
            } else {
                keySize(p, table(p, maps, c.table(), c.path() + ".table"), c.labels(), c.path());
            }
        }
        for (V1Config.Histogram h : p.program().histograms()) {
            keySize(p, table(p, maps, h.table(), h.path() + ".table"), h.labels(), h.path());
        }
    }

    private static BpfMap table(Prepared p, Function<String, BpfMap> maps, String name, String path) {
        try {
            return maps.apply(name);
        } catch (BpfxException e) {
            throw new BpfxException.BadInput(p.where() + ": " + path + ": no table \"" + name
                    + "\" in the compiled code (" + e.getMessage() + ")");
        }
    }

    private static void keySize(Prepared p, BpfMap map, List<V2Config.Label> labels, String path) {
        if (!map.type().isReadable()) {
            throw new BpfxException.BadInput(p.where() + ": " + path + ".table: table " + map.name() + " is a "
                    + map.type().lowerName() + " map, which has no entries to read");
        }
        int want = V2Config.keySize(labels);
        if (map.keySize() != want) {
            StringBuilder sizes = new StringBuilder();
            for (V2Config.Label l : labels) sizes.append(sizes.length() == 0 ? "" : " + ").append(l.name()).append(" ").append(l.size());
            throw new BpfxException.BadInput(p.where() + ": " + path + ".labels: the key of table " + map.name()
                    + " is " + map.keySize() + " bytes, but the label sizes add up to " + want + " (" + sizes + ")");
        }
    }

    /** {@code kaddrs}: each symbol's address from /proc/kallsyms, as v1 put in {@code #define kaddr_<sym>}. */
    private static Map<String, Long> kaddrs(V1Config cfg) {
        Set<String> wanted = new HashSet<>();
        cfg.programs().forEach(p -> wanted.addAll(p.kaddrs()));
        Map<String, Long> found = new HashMap<>();
        if (wanted.isEmpty()) return found;
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/kallsyms"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] parts = line.split("\\s+");
                if (parts.length >= 3 && wanted.contains(parts[2])) found.putIfAbsent(parts[2], Long.parseUnsignedLong(parts[0], 16));
            }
        } catch (IOException e) {
            throw new BpfxException(cfg.source() + ": kaddrs: cannot read /proc/kallsyms: " + e.getMessage());
        }
        for (V1Config.Program p : cfg.programs()) {
            for (String sym : p.kaddrs()) {
                if (!found.containsKey(sym)) {
                    throw new BpfxException.NotFound(cfg.source() + ": program " + p.name() + ": kaddrs: no kernel symbol "
                            + sym + " in /proc/kallsyms");
                }
            }
        }
        return found;
    }
}
