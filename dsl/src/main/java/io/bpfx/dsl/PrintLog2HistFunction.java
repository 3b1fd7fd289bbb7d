package io.bpfx.dsl;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code print_log2_hist(counts, unit [, opts])}: prints log2 buckets as BCC's tools draw
 * histograms, under a header naming {@code unit} ("usecs", "msecs", "Kbytes", ...), so ready tools
 * keep their BCC namesake's shape. {@code counts} is {@code [bucket] = count}, or a histogram map
 * ({@code map("hist")}, bpfx.h's exp2 layout: the largest key of each histogram is its sum, not a
 * count). With {@code opts.by}, the map's key field that splits it into one histogram per value,
 * each under {@code "\n<opts.section> = <value>"} (BCC's section header), the value passed through
 * {@code opts.label(value)} when given. Bucket 0 is always shown, as in BCC.
 */
final class PrintLog2HistFunction extends DslFunction {

    PrintLog2HistFunction(DslRuntime runtime) {
        super(runtime, "print_log2_hist", null);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(3);
        LuaValue source = args.get(1);
        if (!source.istable() && !(source instanceof LuaMapView)) {
            throw args.bad(1, "table of [bucket] = count, or a histogram map, expected", source);
        }
        String unit = args.string(2, "unit");
        LuaTable opts = args.get(3).toboolean() ? args.table(3, "of options (by, section, label)") : null;
        LuaValue by = opts == null ? LuaValue.NIL : opts.get("by");
        if (source.istable()) {
            if (!by.isnil()) throw args.error("opts.by needs a map, e.g. print_log2_hist(map(\"hist\"), ...)");
            print(counts(args, source.checktable()), unit);
            return NONE;
        }
        // a map: one histogram per value of the `by` field (one in all without it)
        TreeMap<LuaValueKey, TreeMap<Long, Long>> groups = new TreeMap<>();
        LuaTable items = source.method("items").checktable();
        for (int i = 1; i <= items.length(); i++) {
            LuaValue key = items.get(i).get("key");
            long count = items.get(i).get("value").tolong();
            LuaValue bucket = key.istable() ? key.get("bucket") : key;
            if (!bucket.isint()) throw args.error("histogram keys need a bucket, got " + key.typename());
            LuaValue group = by.isnil() ? LuaValue.valueOf(0) : key.get(by);
            groups.computeIfAbsent(new LuaValueKey(group), g -> new TreeMap<>()).put((long) bucket.toint(), count);
        }
        for (Map.Entry<LuaValueKey, TreeMap<Long, Long>> g : groups.entrySet()) {
            g.getValue().pollLastEntry(); // the sum slot
            if (!by.isnil()) {
                LuaValue label = opts.get("label").isfunction() ? opts.get("label").call(g.getKey().value) : g.getKey().value;
                String section = opts.get("section").isnil() ? by.tojstring() : opts.get("section").tojstring();
                runtime.output().line("\n" + section + " = " + label.tojstring());
            }
            g.getValue().putIfAbsent(0L, 0L);
            print(g.getValue(), unit);
        }
        return NONE;
    }

    private static Map<Long, Long> counts(Args args, LuaTable t) {
        Map<Long, Long> counts = new TreeMap<>();
        counts.put(0L, 0L);
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            if (!k.isint() || k.toint() < 0 || k.toint() > 62) throw args.error("bucket keys are integers 0..62, got " + k);
            LuaValue v = t.get(k);
            if (!v.isnumber()) throw args.error("counts must be numbers, got " + v.typename() + " at " + k);
            counts.put((long) k.toint(), v.tolong());
        }
        return counts;
    }

    private void print(Map<Long, Long> counts, String unit) {
        List<HistogramFormatter.Bucket> buckets = HistogramFormatter.log2Buckets(counts);
        if (runtime.output().json()) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("unit", unit);
            doc.put("histogram", MapPrinter.jsonRows(HistogramFormatter.trim(buckets)));
            runtime.output().line(JsonWriter.write(doc));
        } else {
            runtime.output().raw(HistogramFormatter.formatBcc(buckets, unit));
        }
    }

    /** Group values in order: numbers by value, anything else by its text. */
    private record LuaValueKey(LuaValue value) implements Comparable<LuaValueKey> {
        @Override
        public int compareTo(LuaValueKey o) {
            if (value.isnumber() && o.value.isnumber()) return Double.compare(value.todouble(), o.value.todouble());
            return value.tojstring().compareTo(o.value.tojstring());
        }
    }
}
