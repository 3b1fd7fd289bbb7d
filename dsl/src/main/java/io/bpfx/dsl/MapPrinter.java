package io.bpfx.dsl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.luaj.vm2.LuaValue;

/**
 * {@code map:print()}. A histogram map draws as a bpftrace log2 histogram under an
 * {@code @name:} title; any other map as an aligned two-column table, sorted like bpftrace
 * (ascending by value when every value is a number, so the largest is last; else by key).
 * In JSON mode one line: {@code {"map":"name","items":[{"key":…,"value":…}]}} or
 * {@code {"map":"name","histogram":[{"low":…,"high":…,"count":…}]}}.
 */
public final class MapPrinter {

    /** Keeps a row of a wide key and a count under 80 columns. */
    static final int MAX_KEY_WIDTH = 60;

    private MapPrinter() {
    }

    /**
     * A key as bpftrace shows it: a struct's field values joined by ", " (so a
     * {@code struct { char comm[16]; }} key reads as the command name), strings unquoted.
     */
    static String displayKey(Object key) {
        if (key instanceof Map<?, ?> fields && !fields.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Object v : fields.values()) parts.add(displayKey(v));
            return String.join(", ", parts);
        }
        if (key instanceof String s) {
            return s;
        }
        return LuaValueFormatter.format(LuaConversions.toLua(key));
    }

    /**
     * {@code bpfx map dump}: prints {@code map} as {@code map(name):print()} does when it is a
     * histogram in bpfx.h's layout (at most a few dozen buckets), and says whether it was one.
     */
    public static boolean printIfHistogram(String name, io.bpfx.engine.BpfMap map, java.io.PrintStream out) {
        MapView view = new EngineMapView(map);
        if (!view.isHistogram()) {
            return false;
        }
        print(name, view, new ScriptOutput(out, false));
        return true;
    }

    static void print(String name, MapView view, ScriptOutput output) {
        if (view.isHistogram()) {
            printHistogram(name, view, output);
        } else {
            printTable(name, view, output);
        }
    }

    /** A histogram's buckets as NDJSON shows them: [{low, high, count}, ...]. */
    static List<Object> jsonRows(List<HistogramFormatter.Bucket> buckets) {
        List<Object> rows = new ArrayList<>();
        for (HistogramFormatter.Bucket b : buckets) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("low", b.low());
            row.put("high", b.high());
            row.put("count", b.count());
            rows.add(row);
        }
        return rows;
    }

    private static void printHistogram(String name, MapView view, ScriptOutput output) {
        List<HistogramFormatter.Bucket> buckets =
                HistogramFormatter.trim(HistogramFormatter.log2Buckets(histogramCounts(view.items())));
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("map", name);
            doc.put("histogram", jsonRows(buckets));
            output.line(JsonWriter.write(doc));
            return;
        }
        output.line("@" + name + ":");
        output.raw(HistogramFormatter.format(buckets));
    }

    /** Bucket index → count, without the sum slot (the largest key, see {@link MapView#isHistogram()}). */
    static Map<Long, Long> histogramCounts(List<Map.Entry<Object, Object>> items) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (Map.Entry<Object, Object> item : items) {
            if (!(item.getKey() instanceof Number index)) {
                throw new IllegalArgumentException("histogram key is not a bucket index: " + item.getKey());
            }
            counts.put(index.longValue(), total(item.getValue()));
        }
        if (!counts.isEmpty()) {
            counts.pollLastEntry();
        }
        return counts;
    }

    /** A count, or per-CPU counts summed. */
    private static long total(Object value) {
        if (value instanceof Number n) {
            return n.longValue();   // a count; a BigInteger sum slot is dropped before this matters
        }
        if (value instanceof List<?> perCpu) {
            long sum = 0;
            for (Object v : perCpu) {
                sum += total(v);
            }
            return sum;
        }
        throw new IllegalArgumentException("histogram value is not a count: " + value);
    }

    private static void printTable(String name, MapView view, ScriptOutput output) {
        List<Map.Entry<Object, Object>> rows = new ArrayList<>(view.items());
        boolean numeric = rows.stream().allMatch(e -> e.getValue() instanceof Number);
        Comparator<Map.Entry<Object, Object>> byKey =
                Comparator.comparing(e -> LuaConversions.toLua(e.getKey()), LuaOrder.INSTANCE);
        rows.sort(numeric
                ? Comparator.<Map.Entry<Object, Object>, LuaValue>comparing(e -> LuaConversions.toLua(e.getValue()),
                        LuaOrder.INSTANCE).thenComparing(byKey)
                : byKey);
        if (output.json()) {
            List<Object> items = new ArrayList<>();
            for (Map.Entry<Object, Object> row : rows) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", row.getKey());
                item.put("value", row.getValue());
                items.add(item);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("map", name);
            doc.put("items", items);
            output.line(JsonWriter.write(doc));
            return;
        }
        if (rows.isEmpty()) {
            output.line("@" + name + ": (empty)");
            return;
        }
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int keyWidth = 0;
        int valueWidth = 0;
        for (Map.Entry<Object, Object> row : rows) {
            String key = displayKey(row.getKey());
            String value = LuaValueFormatter.format(LuaConversions.toLua(row.getValue()));
            keys.add(key);
            values.add(value);
            keyWidth = Math.min(MAX_KEY_WIDTH, Math.max(keyWidth, key.length()));
            valueWidth = Math.max(valueWidth, value.length());
        }
        output.line("@" + name + ":");
        String format = "%-" + keyWidth + "s  %" + (numeric ? "" : "-") + valueWidth + "s";
        for (int i = 0; i < keys.size(); i++) {
            output.line(String.format(format, keys.get(i), values.get(i)).stripTrailing());
        }
    }
}
