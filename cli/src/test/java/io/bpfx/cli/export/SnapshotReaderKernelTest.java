package io.bpfx.cli.export;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.exporter.SnapshotReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scrape's reader (buffers kept between reads) sees what BpfMap.snapshot() sees. */
class SnapshotReaderKernelTest {

    private static Map<String, String> entries(MapSnapshot s) {
        Map<String, String> out = new HashMap<>();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < s.count(); i++) {
            byte[] k = new byte[s.keySize()];
            s.keys().get(s.keyOffset(i), k);
            byte[] v = new byte[s.entryValueBytes()];
            s.values().get(s.valueOffset(i, 0), v);
            out.put(hex.formatHex(k), hex.formatHex(v));
        }
        return out;
    }

    @Test
    void readsWhatSnapshotReadsAndReusesItsBuffers() {
        Kernel.require();
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("maps_test"))) {
            obj.load();
            BpfMap plain = obj.map("plain");
            BpfMap pcpu = obj.map("pcpu");
            byte[] k = new byte[4];
            byte[] v = new byte[8];
            ByteBuffer kb = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer vb = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 5000; i++) {
                kb.putInt(0, i);
                vb.putLong(0, i * 3L);
                plain.updateRaw(k, v);
                if (i < 100) {
                    pcpu.updateRaw(k, v);
                }
            }
            SnapshotReader reader = new SnapshotReader(obj::map);
            for (int round = 0; round < 3; round++) {
                MapSnapshot mine = reader.apply("plain");
                assertEquals(5000, mine.count());
                assertEquals(entries(plain.snapshot()), entries(mine));
                MapSnapshot perCpu = reader.apply("pcpu");
                MapSnapshot theirs = pcpu.snapshot();
                assertEquals(theirs.cpus(), perCpu.cpus());
                assertEquals(theirs.valueStride(), perCpu.valueStride());
                assertEquals(entries(theirs), entries(perCpu));
                kb.putInt(0, 5000 + round);
                plain.deleteRaw(k.clone()); // absent: nothing changes
            }
            plain.clear();
            assertEquals(0, reader.apply("plain").count());
        }
    }
}
