package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramFormatterTest {

    @Test
    void drawsLikeBpftraceWithSuffixesAndInnerEmptyBuckets() {
        String text = HistogramFormatter.format(HistogramFormatter.log2Buckets(Map.of(1L, 2L, 3L, 12L, 10L, 6L)));
        assertEquals(""
                + "[2, 4)                 2 |@@@@@@@@                                            |\n"
                + "[4, 8)                 0 |                                                    |\n"
                + "[8, 16)               12 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
                + "[16, 32)               0 |                                                    |\n"
                + "[32, 64)               0 |                                                    |\n"
                + "[64, 128)              0 |                                                    |\n"
                + "[128, 256)             0 |                                                    |\n"
                + "[256, 512)             0 |                                                    |\n"
                + "[512, 1K)              0 |                                                    |\n"
                + "[1K, 2K)               6 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n", text);
        for (String line : text.split("\n")) {
            assertTrue(line.length() < 80, line);
        }
    }

    @Test
    void bucketZeroCoversZeroAndOneAndEmptyEdgesAreSkipped() {
        List<HistogramFormatter.Bucket> buckets = HistogramFormatter.log2Buckets(Map.of(0L, 5L, 1L, 1L, 2L, 0L, 3L, 0L));
        assertEquals(new HistogramFormatter.Bucket(0, 2, 5), buckets.get(0));
        assertEquals(new HistogramFormatter.Bucket(2, 4, 1), buckets.get(1));
        assertEquals(""
                + "[0, 2)                 5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
                + "[2, 4)                 1 |@@@@@@@@@@                                          |\n",
                HistogramFormatter.format(buckets));
        List<HistogramFormatter.Bucket> leadingEmpty = List.of(new HistogramFormatter.Bucket(0, 10, 0),
                new HistogramFormatter.Bucket(10, 20, 3), new HistogramFormatter.Bucket(20, 30, 0));
        assertEquals("[10, 20)               3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n",
                HistogramFormatter.format(leadingEmpty));
    }

    @Test
    void emptyHistogramDrawsNothing() {
        assertEquals("", HistogramFormatter.format(List.of()));
        assertEquals("", HistogramFormatter.format(HistogramFormatter.log2Buckets(Map.of(4L, 0L))));
    }

    @Test
    void labelsUseBinarySuffixesOnlyForExactMultiples() {
        assertEquals("0", HistogramFormatter.label(0));
        assertEquals("1023", HistogramFormatter.label(1023));
        assertEquals("1K", HistogramFormatter.label(1024));
        assertEquals("1536", HistogramFormatter.label(1536));
        assertEquals("3K", HistogramFormatter.label(3072));
        assertEquals("1M", HistogramFormatter.label(1L << 20));
        assertEquals("512M", HistogramFormatter.label(1L << 29));
        assertEquals("4G", HistogramFormatter.label(1L << 32));
        assertEquals("1T", HistogramFormatter.label(1L << 40));
        assertEquals("1P", HistogramFormatter.label(1L << 50));
        assertEquals("8E", HistogramFormatter.label(1L << 63)); // unsigned 2^63
        assertEquals("[4E, 8E)", "[" + HistogramFormatter.label(HistogramFormatter.log2Buckets(Map.of(62L, 1L)).get(0).low())
                + ", " + HistogramFormatter.label(HistogramFormatter.log2Buckets(Map.of(62L, 1L)).get(0).high()) + ")");
        assertThrows(IllegalArgumentException.class, () -> HistogramFormatter.log2Buckets(Map.of(63L, 1L)));
    }

    @Test
    void barIsFlooredProportionOfTheMax() {
        String text = HistogramFormatter.format(List.of(new HistogramFormatter.Bucket(0, 1, 3),
                new HistogramFormatter.Bucket(1, 2, 1)));
        assertTrue(text.contains(" 3 |" + "@".repeat(52) + "|"));
        assertTrue(text.contains(" 1 |" + "@".repeat(17) + " ".repeat(35) + "|"));
    }
}
