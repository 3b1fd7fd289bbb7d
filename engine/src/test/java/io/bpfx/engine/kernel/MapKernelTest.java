package io.bpfx.engine.kernel;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.Cpus;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.engine.MapType;
import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapKernelTest extends KernelTestBase {

    private static BpfObject loaded() {
        BpfObject obj = BpfObject.open(NativeBuild.bpfObject("maps_test"));
        obj.load();
        return obj;
    }

    @Test
    void hundredThousandEntriesReadWholeEqualWhatWasWritten() {
        try (BpfObject obj = loaded()) {
            BpfMap plain = obj.map("plain");
            byte[] k = new byte[4], v = new byte[8];
            ByteBuffer kb = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN), vb = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 100_000; i++) {
                kb.putInt(0, i);
                vb.putLong(0, i * 3L + 1);
                plain.updateRaw(k, v);
            }
            for (MapSnapshot s : List.of(plain.snapshot(), plain.snapshotPerKey())) {
                assertEquals(100_000, s.count());
                boolean[] seen = new boolean[100_000];
                for (int i = 0; i < s.count(); i++) {
                    int key = s.keys().getInt(s.keyOffset(i));
                    assertEquals(key * 3L + 1, s.values().getLong(s.valueOffset(i, 0)));
                    assertFalse(seen[key], "key read twice: " + key);
                    seen[key] = true;
                }
            }
            assertEquals(100_000, plain.entries().size());
            assertEquals(100_000, plain.count());
            plain.clear();
            assertEquals(0, plain.snapshot().count());
        }
    }

    @Test
    void structKeysAndValuesDecodeThroughBtf() {
        try (BpfObject obj = loaded()) {
            BpfMap big = obj.map("big");
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("id", 7L);
            key.put("cookie", 0xFFFF_FFFF_FFFFL);
            key.put("name", "hello");
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("count", 42L);
            value.put("delta", -5L);
            value.put("bytes", List.of(1L, 2L, 3L, 255L));
            value.put("color", "GREEN");
            value.put("in", Map.of("port", 8080L, "small", -1L));
            value.put("neg", Long.MIN_VALUE);
            big.update(key, value);
            List<Map.Entry<Object, Object>> entries = big.entries();
            assertEquals(1, entries.size());
            assertEquals(key, entries.get(0).getKey());
            @SuppressWarnings("unchecked") Map<String, Object> got = (Map<String, Object>) entries.get(0).getValue();
            assertEquals(42L, got.get("count"));
            assertEquals(-5L, got.get("delta"));
            assertEquals(List.of(1L, 2L, 3L, 255L), got.get("bytes"));
            assertEquals("GREEN", got.get("color"));
            assertEquals(Map.of("port", 8080L, "small", -1L), got.get("in"));
            assertEquals(Long.MIN_VALUE, got.get("neg"));
            assertTrue(big.delete(key));
            assertFalse(big.delete(key));
            assertTrue(big.lookup(key).isEmpty());
        }
    }

    @Test
    void arrayLruAndPerCpuMaps() {
        try (BpfObject obj = loaded()) {
            BpfMap arr = obj.map("arr");
            assertEquals(MapType.ARRAY, arr.type());
            arr.update(3L, 33L);
            assertEquals(16, arr.snapshot().count());
            assertEquals(33L, arr.lookup(3L).orElseThrow());
            arr.clear();
            assertEquals(0L, arr.lookup(3L).orElseThrow());

            BpfMap lru = obj.map("lru");
            for (long i = 0; i < 1000; i++) lru.update(i, i);
            int n = lru.snapshot().count();
            assertTrue(n <= 128 && n > 0, "LRU keeps at most max_entries: " + n);

            BpfMap pcpu = obj.map("pcpu");
            assertTrue(pcpu.isPerCpu());
            pcpu.update(5L, 10L); // same value on every possible CPU
            assertEquals(10L * Cpus.possible(), pcpu.lookup(5L).orElseThrow());
            Map<Object, Object> perCpu = new HashMap<>();
            pcpu.entriesPerCpu().forEach(e -> perCpu.put(e.getKey(), e.getValue()));
            assertEquals(Cpus.possible(), ((List<?>) perCpu.get(5L)).size());
            assertEquals(10L * Cpus.possible(), pcpu.entries().get(0).getValue());
            assertEquals(4, obj.map("pcpu_arr").snapshot().count());
        }
    }

    @Test
    void constVolatileGlobalsAreSetBeforeLoad() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("maps_test"))) {
            assertEquals(List.of("magic", "label"), obj.globals());
            obj.setGlobal("magic", 0x1234L);
            obj.setGlobal("label", "x");
            BpfxException e = assertThrows(BpfxException.NotFound.class, () -> obj.setGlobal("magik", 1L));
            assertEquals("no const volatile global 'magik' in maps_test.bpf.o (globals: magic, label)", e.getMessage());
            obj.load();
            obj.program("touch").attach(new io.bpfx.engine.AttachTarget.RawTracepoint("sys_enter"));
            long deadline = System.currentTimeMillis() + 2000;
            while (((Long) obj.map("arr").lookup(0L).orElseThrow()) == 0 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(0x1234L, obj.map("arr").lookup(0L).orElseThrow());
        }
    }

    @Test
    void unknownMapNamesTheMapsThere() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("maps_test"))) {
            BpfxException e = assertThrows(BpfxException.NotFound.class, () -> obj.map("nope"));
            assertEquals("no map 'nope' in maps_test.bpf.o (maps: arr, big, plain, lru, pcpu, pcpu_arr)", e.getMessage());
        }
    }
}
