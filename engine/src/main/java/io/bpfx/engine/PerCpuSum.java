package io.bpfx.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums decoded per-CPU values: numbers add, structs add field by field, arrays element-wise.
 * Integer sums are exact: a Long while they fit, else a BigInteger (so a u64 sum crossing
 * 2^63 stays positive, as {@link io.bpfx.engine.btf.JavaValues} decodes a single large u64).
 */
public final class PerCpuSum {
    private PerCpuSum() {}

    @SuppressWarnings("unchecked")
    public static Object add(Object acc, Object v) {
        if (acc == null) return v;
        if (acc instanceof Long a && v instanceof Long b) {
            long r = a + b;
            // overflow iff both operands have the sign the result lacks
            return ((a ^ r) & (b ^ r)) < 0 ? BigInteger.valueOf(a).add(BigInteger.valueOf(b)) : (Object) r;
        }
        if ((acc instanceof Long || acc instanceof BigInteger) && (v instanceof Long || v instanceof BigInteger)) {
            BigInteger r = big(acc).add(big(v));
            return r.bitLength() < 64 ? (Object) r.longValue() : r;
        }
        if (acc instanceof Double a && v instanceof Double b) return a + b;
        if (acc instanceof Map<?, ?> a && v instanceof Map<?, ?> b) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : a.entrySet()) out.put((String) e.getKey(), add(e.getValue(), b.get(e.getKey())));
            return out;
        }
        if (acc instanceof List<?> a && v instanceof List<?> b && a.size() == b.size()) {
            List<Object> out = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) out.add(add(a.get(i), b.get(i)));
            return out;
        }
        return acc; // strings, enums: the first CPU's
    }

    private static BigInteger big(Object n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf((Long) n);
    }
}
