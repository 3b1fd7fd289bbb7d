package io.bpfx.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** perf event names as `perf list` spells them, to perf_event_attr type/config. */
public final class PerfEvents {
    public static final int TYPE_HARDWARE = 0, TYPE_SOFTWARE = 1;

    public record EventCode(int type, long config) {}

    private static final Map<String, EventCode> NAMES = new LinkedHashMap<>();

    static {
        hw(0, "cycles", "cpu-cycles");
        hw(1, "instructions");
        hw(2, "cache-references");
        hw(3, "cache-misses");
        hw(4, "branch-instructions", "branches");
        hw(5, "branch-misses");
        hw(6, "bus-cycles");
        hw(7, "stalled-cycles-frontend", "idle-cycles-frontend");
        hw(8, "stalled-cycles-backend", "idle-cycles-backend");
        hw(9, "ref-cycles");
        sw(0, "cpu-clock");
        sw(1, "task-clock");
        sw(2, "page-faults", "faults");
        sw(3, "context-switches", "cs");
        sw(4, "cpu-migrations", "migrations");
        sw(5, "minor-faults");
        sw(6, "major-faults");
        sw(7, "alignment-faults");
        sw(8, "emulation-faults");
        sw(9, "dummy");
    }

    private static void hw(long config, String... names) {
        for (String n : names) NAMES.put(n, new EventCode(TYPE_HARDWARE, config));
    }

    private static void sw(long config, String... names) {
        for (String n : names) NAMES.put(n, new EventCode(TYPE_SOFTWARE, config));
    }

    private PerfEvents() {}

    /** A name as {@code perf list} spells it, or raw numbers: {@code type=1,config=0} (hex with 0x). */
    public static Optional<EventCode> lookup(String name) {
        EventCode known = NAMES.get(name);
        if (known != null || !name.startsWith("type=")) return Optional.ofNullable(known);
        String[] parts = name.split(",");
        if (parts.length != 2 || !parts[1].startsWith("config=")) return Optional.empty();
        try {
            return Optional.of(new EventCode((int) number(parts[0].substring(5)), number(parts[1].substring(7))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long number(String s) {
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseUnsignedLong(s);
    }

    /** The place string for type/config: its name when it has one, else {@code type=N,config=M}. */
    public static String placeOf(int type, long config) {
        for (Map.Entry<String, EventCode> e : NAMES.entrySet()) {
            if (e.getValue().type() == type && e.getValue().config() == config) return e.getKey();
        }
        return "type=" + type + ",config=" + config;
    }

    public static Iterable<String> names() {
        return NAMES.keySet();
    }
}
