package io.bpfx.exporter.convert;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.PerfEvents;
import io.bpfx.exporter.config.V1Config;
import io.bpfx.exporter.config.V1ConfigReader;
import io.bpfx.exporter.config.V2Config;
import io.bpfx.exporter.config.V2ConfigReader;
import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.DecoderSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bpfx convert}: an ebpf_exporter config as a bpfx script that {@code bpfx export}
 * serves with the same metrics (under bpfx's {@code bpfx_} prefix), labels and buckets.
 * A v1 config becomes {@code NAME.lua} with one BCC target per program and each
 * program's code as {@code PROGRAM.c}; a v2 config becomes {@code NAME.lua} loading the
 * config's {@code NAME.bpf.o} where it is. Pure text work: nothing is compiled or loaded.
 */
public final class ConfigConverter {

    /** Files to write, by name, in order (the script first). */
    public record Converted(String script, Map<String, String> files) {
    }

    private ConfigConverter() {
    }

    /** Reads a v1 or v2 config; {@code outDir} is where the files will go (v2 refers to its object from there). */
    public static Converted convert(Path yaml, Path outDir) {
        String text;
        try {
            text = Files.readString(yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BpfxException.NotFound(yaml + ": cannot read: " + e.getMessage());
        }
        String base = yaml.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (V1ConfigReader.looksLikeV1(text)) {
            return v1(V1ConfigReader.parse(yaml.toString(), text), base);
        }
        V2Config cfg = V2ConfigReader.read(yaml);
        Path object = cfg.bpfObject().toAbsolutePath().normalize();
        Path abs = outDir.toAbsolutePath().normalize();
        String rel = abs.relativize(object).toString();
        String ref = rel.startsWith("..") ? object.toString() : rel;
        return v2(cfg, ref);
    }

    static Converted v1(V1Config cfg, String base) {
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder lua = header(cfg.source(), "ebpf_exporter v1", base);
        for (V1Config.Program p : cfg.programs()) {
            if (!p.kaddrs().isEmpty()) {
                throw new BpfxException.Unsupported(cfg.source() + ": program " + p.name() + ": kaddrs: a converted "
                        + "script cannot carry kernel addresses (they change with every boot); serve this config with "
                        + "bpfx export --config.file");
            }
            String cFile = p.name().replaceAll("[^A-Za-z0-9_.-]", "_") + ".c";
            files.put(cFile, p.code());
            lua.append("\ntarget(").append(str(p.name())).append(")\n");
            lua.append("    set_toolchains(\"bcc\")\n");
            lua.append("    add_files(").append(str(cFile)).append(")\n");
            for (String flag : p.cflags()) {
                lua.append(flag.startsWith("-D") ? "    add_defines(" : "    add_includedirs(")
                        .append(str(flag.substring(2))).append(")\n");
            }
            attach(lua, p.kprobes(), "kprobe");
            attach(lua, p.kretprobes(), "kretprobe");
            attach(lua, p.tracepoints(), "tracepoint");
            attach(lua, p.rawTracepoints(), "raw_tracepoint");
            for (V1Config.PerfEvent e : p.perfEvents()) {
                lua.append("    attach_to(").append(str(e.target())).append(", ")
                        .append(str(PerfEvents.placeOf(e.type(), e.name()))).append(", { kind = \"perf_event\", ")
                        .append(e.sampleFrequency() > 0 ? "frequency = " + e.sampleFrequency() : "period = " + e.samplePeriod())
                        .append(" })\n");
            }
            for (V1Config.Counter c : p.counters()) {
                lua.append("    add_metric{ type = \"counter\", name = ").append(str(c.name()));
                if (c.perfMap() != null) {
                    lua.append(", map = ").append(str(c.perfMap())).append(", from_events = true, flush_interval = ")
                            .append(str(duration(c.perfMapFlush() != null ? c.perfMapFlush() : V1Config.DEFAULT_FLUSH)));
                } else {
                    lua.append(", map = ").append(str(c.table()));
                }
                lua.append(",\n                help = ").append(str(c.help()));
                labels(lua, c.labels(), c.perfMap() == null);
            }
            for (V1Config.Histogram h : p.histograms()) {
                lua.append("    add_metric{ type = \"histogram\", name = ").append(str(h.name())).append(", map = ")
                        .append(str(h.table())).append(",\n                help = ").append(str(h.help()));
                buckets(lua, h.bucketType(), h.bucketMin(), h.bucketMax(), h.bucketKeys(), h.bucketMultiplier());
                labels(lua, h.labels(), true);
            }
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put(base + ".lua", lua.toString());
        all.putAll(files);
        return new Converted(base + ".lua", all);
    }

    static Converted v2(V2Config cfg, String objectRef) {
        String where = cfg.file() != null ? cfg.file().toString() : cfg.name();
        if (!cfg.kaddrs().isEmpty()) {
            throw new BpfxException.Unsupported(where + ": kaddrs: a converted script cannot carry kernel addresses "
                    + "(they change with every boot); serve this config with bpfx export --config.dir");
        }
        if (cfg.cgroupIdMap() != null) {
            throw new BpfxException.Unsupported(where + ": cgroup_id_map: a script has no cgroup id map; serve this "
                    + "config with bpfx export --config.dir");
        }
        StringBuilder lua = header(where, "ebpf_exporter v2", cfg.name());
        lua.append("\n-- every program is attached by its SEC() name, as ebpf_exporter does\n");
        lua.append("target(").append(str(cfg.name())).append(")\n");
        lua.append("    add_files(").append(str(objectRef)).append(")\n");
        for (V2Config.Counter c : cfg.metrics().counters()) {
            lua.append("    add_metric{ type = \"counter\", name = ").append(str(c.name())).append(", map = ").append(str(c.name()));
            List<V2Config.Label> labels = c.labels();
            V2Config.Label last = labels.isEmpty() ? null : labels.get(labels.size() - 1);
            if (c.perfEventArray()) {
                lua.append(", from_events = true, flush_interval = ")
                        .append(str(duration(c.flushInterval() != null ? c.flushInterval() : V2Config.DEFAULT_FLUSH_INTERVAL)));
            } else if (last != null && last.name().equals("cpu")) {
                labels = labels.subList(0, labels.size() - 1);
                lua.append(",\n                percpu = \"split\", cpu_label = { name = \"cpu\", decoders = ").append(decoders(last.decoders())).append(" }");
            }
            lua.append(",\n                help = ").append(str(c.help()));
            labels(lua, labels, !c.perfEventArray());
        }
        for (V2Config.Histogram h : cfg.metrics().histograms()) {
            lua.append("    add_metric{ type = \"histogram\", name = ").append(str(h.name())).append(", map = ")
                    .append(str(h.name())).append(",\n                help = ").append(str(h.help()));
            buckets(lua, h.bucketType(), h.bucketMin(), h.bucketMax(), h.bucketKeys(), h.bucketMultiplier());
            labels(lua, h.labels(), true);
        }
        return new Converted(cfg.name() + ".lua", Map.of(cfg.name() + ".lua", lua.toString()));
    }

    private static StringBuilder header(String source, String format, String base) {
        return new StringBuilder("-- Converted by `bpfx convert` from ").append(source).append(" (").append(format)
                .append(").\n-- Serve it with: bpfx export ").append(base).append(".lua\n")
                .append("-- Metrics are named bpfx_<name> (ebpf_exporter: ebpf_exporter_<name>).\n");
    }

    private static void attach(StringBuilder lua, Map<String, String> probes, String kind) {
        probes.forEach((place, fn) -> lua.append("    attach_to(").append(str(fn)).append(", ").append(str(place))
                .append(", { kind = ").append(str(kind)).append(" })\n"));
    }

    private static void buckets(StringBuilder lua, BucketType type, int min, int max, List<Double> keys, double multiplier) {
        lua.append(",\n                bucket_type = ").append(str(type.configName()));
        if (type == BucketType.FIXED) {
            lua.append(", bucket_keys = {");
            for (int i = 0; i < keys.size(); i++) lua.append(i == 0 ? " " : ", ").append(num(keys.get(i)));
            lua.append(" }");
        } else {
            lua.append(", bucket_min = ").append(min).append(", bucket_max = ").append(max);
        }
        if (multiplier != 0) lua.append(", bucket_multiplier = ").append(num(multiplier));
    }

    /** Labels laid out back to back as ebpf_exporter reads them, and the key size it checks. */
    private static void labels(StringBuilder lua, List<V2Config.Label> labels, boolean checkKeySize) {
        lua.append(",\n                labels = {");
        int offset = 0;
        for (int i = 0; i < labels.size(); i++) {
            V2Config.Label l = labels.get(i);
            lua.append(i == 0 ? "\n" : ",\n").append("                    { name = ").append(str(l.name()))
                    .append(", offset = ").append(offset).append(", size = ").append(l.size())
                    .append(", decoders = ").append(decoders(l.decoders())).append(" }");
            offset += l.size() + l.padding();
        }
        lua.append(labels.isEmpty() ? "}" : "\n                }");
        if (checkKeySize) lua.append(", key_size = ").append(offset);
        lua.append(" }\n");
    }

    private static String decoders(List<DecoderSpec> decoders) {
        StringBuilder b = new StringBuilder("{ ");
        for (int i = 0; i < decoders.size(); i++) {
            DecoderSpec d = decoders.get(i);
            if (i > 0) b.append(", ");
            if (d.staticMap().isEmpty() && d.regexps().isEmpty() && !d.allowUnknown()) {
                b.append(str(d.name()));
                continue;
            }
            b.append("{ name = ").append(str(d.name()));
            if (!d.staticMap().isEmpty()) {
                b.append(", static_map = {");
                new TreeMap<>(d.staticMap()).forEach((k, v) -> b.append(" [").append(str(k)).append("] = ").append(str(v)).append(","));
                b.setLength(b.length() - 1);
                b.append(" }");
            }
            if (!d.regexps().isEmpty()) {
                b.append(", regexps = {");
                d.regexps().forEach(r -> b.append(" ").append(str(r)).append(","));
                b.setLength(b.length() - 1);
                b.append(" }");
            }
            if (d.allowUnknown()) b.append(", allow_unknown = true");
            b.append(" }");
        }
        return b.append(" }").toString();
    }

    /** A Lua string literal. */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\%03d", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Go-style: 1h, 30m, 45s, 1500ms. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
