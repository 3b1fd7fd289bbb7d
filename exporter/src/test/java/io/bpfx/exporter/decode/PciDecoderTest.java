package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ebpf_exporter v2's pci_* decoder test cases, against Debian's pci.ids. */
class PciDecoderTest {

    static String decode(String decoder, String in) throws Exception {
        DecoderSet set = DecoderSet.builder().pciIds(PciIds.read(PciIds.PATHS.get(0))).build();
        return new String(set.decode(in.getBytes(StandardCharsets.UTF_8), List.of(DecoderSpec.of(decoder))),
                StandardCharsets.UTF_8);
    }

    @Test
    void namesFromPciIds() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(PciIds.PATHS.get(0))
                || "true".equals(System.getenv("CI")), "pci.ids not installed (scripts/setup.sh installs it)");
        assertEquals("Intel Corporation", decode("pci_vendor", "32902"));            // 0x8086
        assertEquals("unknown pci vendor: 0xbeef", decode("pci_vendor", "48879"));
        assertEquals("82542 Gigabit Ethernet Controller (Fiber)", decode("pci_device", "2156269568")); // 0x80861000
        assertEquals("unknown pci device: 0xdeadbeef", decode("pci_device", "3735928559"));
        assertEquals("Network controller", decode("pci_class", "2"));
        assertEquals("unknown pci class: 0xee", decode("pci_class", "238"));
        assertEquals("Ethernet controller", decode("pci_subclass", "512"));           // 0x0200
        assertEquals("Non-Volatile memory controller", decode("pci_subclass", "264")); // 0x0108
        assertEquals("unknown pci subclass: 0x77 (class 0x02)", decode("pci_subclass", "631"));
        assertThrows(DecodeException.class, () -> decode("pci_class", "x"));
    }

    @Test
    void withoutADatabaseSaysSo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        DecoderSet set = DecoderSet.builder().register("pci_vendor", new PciDecoder(PciDecoder.Kind.VENDOR, () -> null)).build();
        assertEquals("missing pci.ids db", new String(set.decode("1".getBytes(), List.of(DecoderSpec.of("pci_vendor")))));
        Files.writeString(dir.resolve("pci.ids"), "# comment\n1234  Acme\n\t0001  Widget\nC 02  Network controller\n\t00  Ethernet controller\n");
        PciIds db = PciIds.read(dir.resolve("pci.ids"));
        assertEquals("Widget", new String(new PciDecoder(PciDecoder.Kind.DEVICE, () -> db)
                .decode(Long.toString(0x12340001L).getBytes(), DecoderSpec.of("pci_device"))));
    }
}
