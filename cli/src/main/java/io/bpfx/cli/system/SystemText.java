package io.bpfx.cli.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bpfx.engine.MapInfo;
import io.bpfx.engine.ProgramInfo;
import io.bpfx.engine.system.BpfSystem;
import io.bpfx.engine.system.Feature;
import io.bpfx.engine.system.Owner;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The text of {@code bpfx doctor}, {@code ps} and {@code maps}: bpftool's shape
 * ("ID: type  name N  tag T" then indented detail lines), kept under 80 columns by
 * wrapping long details; and the same data as JSON.
 */
public final class SystemText {
    static final int WIDTH = 80;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SystemText() {
    }

    public static void print(String text) {
        System.out.print(text);
        System.out.flush();
    }

    public static String json(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String doctor(List<Feature> features) {
        StringBuilder sb = new StringBuilder();
        for (Feature f : features) {
            String head = String.format("%-17s%-4s", f.name(), f.available() ? "yes" : "no");
            wrap(sb, head, f.detail());
            if (!f.available() && !f.fix().isEmpty()) {
                wrap(sb, " ".repeat(head.length()), "fix: " + f.fix());
            }
        }
        return sb.toString();
    }

    public static String programs(List<BpfSystem.ProgramEntry> progs) {
        StringBuilder sb = new StringBuilder();
        for (BpfSystem.ProgramEntry p : progs) {
            ProgramInfo i = p.info();
            sb.append(i.id()).append(": ").append(i.typeName()).append("  name ").append(i.name().isEmpty() ? "-" : i.name())
                    .append("  tag ").append(i.tag()).append('\n');
            for (String at : p.attached()) {
                wrap(sb, "\t", "attached " + at);
            }
            String maps = LongStream.of(i.mapIds()).mapToObj(Long::toString).collect(Collectors.joining(","));
            List<String> line = new ArrayList<>();
            if (!maps.isEmpty()) line.add("map_ids " + maps);
            if (i.btfId() != 0) line.add("btf_id " + i.btfId());
            if (i.runCount() != 0) line.add("run_cnt " + i.runCount() + "  run_time_ns " + i.runTimeNs());
            if (!line.isEmpty()) wrap(sb, "\t", String.join("  ", line));
            owners(sb, p.owners());
        }
        return sb.toString();
    }

    public static String maps(List<BpfSystem.MapEntry> maps) {
        StringBuilder sb = new StringBuilder();
        for (BpfSystem.MapEntry m : maps) {
            MapInfo i = m.info();
            sb.append(i.id()).append(": ").append(i.mapType().lowerName()).append("  name ")
                    .append(i.name().isEmpty() ? "-" : i.name()).append("  flags 0x").append(Integer.toHexString(i.flags()))
                    .append('\n');
            wrap(sb, "\t", "key " + i.keySize() + "B  value " + i.valueSize() + "B  max_entries " + i.maxEntries()
                    + (i.btfId() != 0 ? "  btf_id " + i.btfId() : "  no BTF"));
            owners(sb, m.owners());
        }
        return sb.toString();
    }

    private static void owners(StringBuilder sb, List<Owner> owners) {
        if (owners.isEmpty()) return;
        wrap(sb, "\t", "pids " + owners.stream().map(Owner::toString).collect(Collectors.joining(", ")));
        owners.stream().filter(Owner::isBpfx).forEach(o -> wrap(sb, "\t", "bpfx " + o.pid() + ": " + o.bpfx()));
    }

    /** {@code head} then {@code text}, continued on lines indented like head, each under 80 columns. */
    static void wrap(StringBuilder sb, String head, String text) {
        int indent = head.equals("\t") ? 8 : head.length();
        String pad = head.equals("\t") ? "\t" : " ".repeat(indent);
        int room = Math.max(20, WIDTH - 1 - indent);
        String rest = text;
        String lead = head;
        while (rest.length() > room) {
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) cut = room;
            sb.append(lead).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut).stripLeading();
            lead = pad;
        }
        sb.append(lead).append(rest).append('\n');
    }
}
