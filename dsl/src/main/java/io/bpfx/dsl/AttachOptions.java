package io.bpfx.dsl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys {@code attach_to}'s opts table may hold and the Java type each becomes. Unknown keys
 * are rejected so a typo ({@code frequncy}) fails at its line instead of being ignored; an engine
 * feature that needs a new option adds it here.
 */
final class AttachOptions {
    static final String PID = "pid";
    static final String FREQUENCY = "frequency";
    static final String PERIOD = "period";
    static final String RETPROBE = "retprobe";
    /** This attachment's kind when it is not the target's (a BCC target mixing tracepoints and perf events). */
    static final String KIND = "kind";

    private static final Set<String> POSITIVE_INTEGERS = Set.of(PID, FREQUENCY, PERIOD);
    private static final Set<String> BOOLEANS = Set.of(RETPROBE);

    private AttachOptions() {
    }

    /** The optional opts table at argument {@code i} of attach_to / attach, checked; empty when absent. */
    static Map<String, Object> fromArgument(Args args, int i) {
        org.luaj.vm2.LuaTable opts = args.optionalTable(i, "of options");
        if (opts == null) {
            return Map.of();
        }
        if (!(LuaConversions.toJava(opts) instanceof Map<?, ?> raw)) {
            throw args.error("options must be a table of name = value, e.g. { pid = 1234 }");
        }
        try {
            return validate(raw);
        } catch (IllegalArgumentException e) {
            throw args.error(e.getMessage());
        }
    }

    /**
     * Checks a converted opts table; returns it with its keys in a stable order.
     *
     * @throws IllegalArgumentException with a message fit to follow "attach_to(): "
     */
    static Map<String, Object> validate(Map<?, ?> raw) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("option keys must be names, got " + entry.getKey());
            }
            Object value = entry.getValue();
            if (POSITIVE_INTEGERS.contains(key)) {
                if (!(value instanceof Long l) || l <= 0) {
                    throw new IllegalArgumentException("option " + key + " must be a positive integer, got " + describe(value));
                }
            } else if (key.equals(KIND)) {
                if (!(value instanceof String k) || TargetKind.fromLuaName(k).filter(t -> t != TargetKind.BASIC).isEmpty()) {
                    throw new IllegalArgumentException("option kind must be one of " + TargetKind.allLuaNames().replace("basic, ", "")
                            + ", got " + describe(value));
                }
            } else if (BOOLEANS.contains(key)) {
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException("option " + key + " must be true or false, got " + describe(value));
                }
            } else {
                throw new IllegalArgumentException("unknown option '" + key + "' (known: " + String.join(", ", known()) + ")");
            }
            options.put(key, value);
        }
        if (options.containsKey(FREQUENCY) && options.containsKey(PERIOD)) {
            throw new IllegalArgumentException("give frequency or period, not both");
        }
        return options;
    }

    static Set<String> known() {
        Set<String> all = new TreeSet<>(POSITIVE_INTEGERS);
        all.addAll(BOOLEANS);
        all.add(KIND);
        return all;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
