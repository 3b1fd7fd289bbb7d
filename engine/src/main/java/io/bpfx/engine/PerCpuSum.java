package io.bpfx.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sums decoded per-CPU values: numbers add, structs add field by field, arrays element-wise. */
public final class PerCpuSum {
    private PerCpuSum() {}

    @SuppressWarnings("unchecked")
    public static Object add(Object acc, Object v) {
        if (acc == null) return v;
        if (acc instanceof Long a && v instanceof Long b) return a + b;
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
}
