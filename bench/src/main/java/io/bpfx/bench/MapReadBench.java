package io.bpfx.bench;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-map read times: a BPF map iterator (what snapshot() uses when the kernel
 * has them) vs BPF_MAP_LOOKUP_BATCH vs get_next_key+lookup per key,
 * raw and decoded through BTF, for 10k and 100k entries of a u32→u64 map and
 * of a struct→struct map (maps_test.bpf.c). Median of several runs after warm-up.
 */
public final class MapReadBench {
    public static void main(String[] args) {
        List<String[]> rows = new ArrayList<>();
        try (BpfObject obj = BpfObject.open(BenchSupport.bpfObject("maps_test"))) {
            obj.load();
            for (String map : new String[] {"plain", "big"}) {
                for (int n : new int[] {10_000, 100_000}) {
                    BpfMap m = obj.map(map);
                    m.clear();
                    fill(m, n);
                    rows.add(row(m, n, "iterator", false, () -> m.snapshot()));
                    rows.add(row(m, n, "batch", false, () -> m.snapshotBatch()));
                    rows.add(row(m, n, "per-key", false, () -> m.snapshotPerKey()));
                    rows.add(row(m, n, "iterator", true, () -> m.snapshot()));
                    rows.add(row(m, n, "batch", true, () -> m.snapshotBatch()));
                }
            }
        }
        BenchSupport.table("Whole-map reads (median of 7 after 3 warm-up runs)",
                new String[] {"map", "entries", "method", "decode", "ms", "entries/s"}, rows);
    }

    interface Read { MapSnapshot get(); }

    static String[] row(BpfMap m, int n, String method, boolean decode, Read read) {
        Layout kl = m.keyLayout(), vl = m.valueLayout();
        double[] ms = new double[7];
        for (int i = -3; i < ms.length; i++) {
            long t0 = System.nanoTime();
            MapSnapshot s = read.get();
            if (s.count() != n) throw new IllegalStateException("read " + s.count() + " of " + n);
            if (decode) {
                for (int e = 0; e < s.count(); e++) {
                    LayoutDecoder.decode(kl, s.keys(), s.keyOffset(e));
                    LayoutDecoder.decode(vl, s.values(), s.valueOffset(e, 0));
                }
            }
            double took = (System.nanoTime() - t0) / 1e6;
            if (i >= 0) ms[i] = took;
        }
        double med = BenchSupport.median(ms);
        return new String[] {m.name(), String.valueOf(n), method, decode ? "yes" : "no",
                String.format("%.1f", med), BenchSupport.fmt(n / (med / 1000))};
    }

    static void fill(BpfMap m, int n) {
        if (m.name().equals("plain")) {
            byte[] k = new byte[4], v = new byte[8];
            ByteBuffer kb = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN), vb = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                kb.putInt(0, i);
                vb.putLong(0, i);
                m.updateRaw(k, v);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("id", (long) i);
            key.put("cookie", (long) i * 31);
            key.put("name", "k" + (i % 1000));
            Map<String, Object> val = new LinkedHashMap<>();
            val.put("count", (long) i);
            val.put("delta", (long) -i);
            m.update(key, val);
        }
    }
}
