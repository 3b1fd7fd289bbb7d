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

    public static Optional<EventCode> lookup(String name) {
        return Optional.ofNullable(NAMES.get(name));
    }

    public static Iterable<String> names() {
        return NAMES.keySet();
    }
}
