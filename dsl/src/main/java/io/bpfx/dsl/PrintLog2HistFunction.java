package io.bpfx.dsl;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code print_log2_hist(counts, unit)}: prints {@code counts} ({@code [bucket] = count}, log2
 * buckets as bpfx.h's exp2 fills them, bucket 0 starting at 0) as BCC's tools draw histograms,
 * under a header naming {@code unit} ("usecs", "msecs", "kbytes", ...), so ready tools keep their
 * BCC namesake's shape. Bucket 0 is always shown, as in BCC.
 */
final class PrintLog2HistFunction extends DslFunction {

    PrintLog2HistFunction(DslRuntime runtime) {
        super(runtime, "print_log2_hist", null);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(2);
        LuaTable t = args.table(1, "of [bucket] = count");
        String unit = args.string(2, "unit");
        Map<Long, Long> counts = new TreeMap<>();
        counts.put(0L, 0L);
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            if (!k.isint() || k.toint() < 0 || k.toint() > 62) throw args.error("bucket keys are integers 0..62, got " + k);
            LuaValue v = t.get(k);
            if (!v.isnumber()) throw args.error("counts must be numbers, got " + v.typename() + " at " + k);
            counts.put((long) k.toint(), v.tolong());
        }
        List<HistogramFormatter.Bucket> buckets = HistogramFormatter.log2Buckets(counts);
        if (runtime.output().json()) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("unit", unit);
            doc.put("histogram", MapPrinter.jsonRows(HistogramFormatter.trim(buckets)));
            runtime.output().line(JsonWriter.write(doc));
        } else {
            runtime.output().raw(HistogramFormatter.formatBcc(buckets, unit));
        }
        return NONE;
    }
}
