package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.bpfx.exporter.Snapshots.u32;
import static io.bpfx.exporter.decode.DecoderTesting.bytes;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MajorMinorDecoderTest {

    private static final String PARTITIONS = """
            major minor  #blocks  name

               8        0  500107608 sda
               8        1     524288 sda1
               8      257      10240 sdq1
             259        0 1000204886 nvme0n1
             259        1    1048576 nvme0n1p1
            """;

    /** new_encode_dev() as the kernel packs dev_t into 32 bits. */
    private static long encode(long major, long minor) {
        return (minor & 0xff) | (major << 8) | ((minor & ~0xffL) << 12);
    }

    @Test
    void namesDevicesFromPartitions(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("partitions"), PARTITIONS);
        MajorMinorDecoder decoder = new MajorMinorDecoder(file);
        assertEquals("sda", run(decoder, bytes(0x00, 0x08, 0x00, 0x00)));
        assertEquals("sda1", run(decoder, u32(encode(8, 1))));
        assertEquals("sdq1", run(decoder, u32(encode(8, 257))));
        assertEquals("nvme0n1", run(decoder, u32(encode(259, 0))));
        assertEquals("nvme0n1p1", run(decoder, u32(encode(259, 1))));
    }

    @Test
    void unknownDevicesAsEbpfExporterSpellsThem(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("partitions"), PARTITIONS);
        assertEquals("unknown:136:16", run(new MajorMinorDecoder(file), bytes(0x10, 0x88, 0x00, 0x00)));
    }

    @Test
    void foundNamesAreCachedMissesReread(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("partitions"), PARTITIONS);
        MajorMinorDecoder decoder = new MajorMinorDecoder(file);
        assertEquals("unknown:253:0", run(decoder, u32(encode(253, 0))));
        Files.writeString(file, PARTITIONS + " 253        0    1048576 dm-0\n");
        assertEquals("dm-0", run(decoder, u32(encode(253, 0))));
        Files.delete(file);
        assertEquals("dm-0", run(decoder, u32(encode(253, 0))));
        assertThrows(DecodeException.class, () -> run(decoder, u32(encode(8, 0))));
    }

    @Test
    void readsOnlyTheFirstFourBytes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("partitions"), PARTITIONS);
        assertEquals("sda1", run(new MajorMinorDecoder(file), bytes(0x01, 0x08, 0, 0, 0xff, 0xff, 0xff, 0xff)));
    }
}
