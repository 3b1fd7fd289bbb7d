package io.bpfx.engine.bcc;

import io.bpfx.engine.BpfxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code set_values} for BCC C, which has no {@code const volatile} globals to set:
 * each value becomes a {@code -DNAME=VALUE} define (numbers as C literals, booleans
 * as 1/0, strings as C string literals), as ebpf_exporter v1 passed kernel addresses.
 */
public final class BccDefines {
    private BccDefines() {
    }

    /** The target's defines followed by one define per value. */
    public static List<String> of(List<String> defines, Map<String, Object> values) {
        List<String> out = new ArrayList<>(defines);
        values.forEach((name, v) -> {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new BpfxException.BadInput("set_values: '" + name + "' is not a C identifier");
            }
            out.add(name + "=" + literal(name, v));
        });
        return out;
    }

    static String literal(String name, Object v) {
        if (v instanceof Boolean b) return b ? "1" : "0";
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return v.toString();
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? Long.toString((long) d) : Double.toString(d);
        }
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
        throw new BpfxException.BadInput("set_values: " + name + " = " + v + ": BCC C takes numbers, booleans and strings");
    }
}
