package io.bpfx.exporter.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PCI ID database ({@code pci.ids}, Debian's {@code pci.ids} package): vendor,
 * device (vendor + device id), class and subclass names, as ebpf_exporter's
 * {@code pci_*} decoders look them up. Read once, on first use.
 */
public final class PciIds {
    /** Where ebpf_exporter looks, in order. */
    public static final List<Path> PATHS = List.of(Path.of("/usr/share/misc/pci.ids"), Path.of("/usr/share/hwdata/pci.ids"));

    final Map<String, String> vendors = new HashMap<>();
    /** Key: vendor id + device id, 8 hex digits. */
    final Map<String, String> devices = new HashMap<>();
    final Map<String, String> classes = new HashMap<>();
    /** Key: class id + subclass id, 4 hex digits. */
    final Map<String, String> subclasses = new HashMap<>();

    private PciIds() {
    }

    /** The first readable database of {@link #PATHS}, or null when there is none. */
    public static PciIds system() {
        for (Path p : PATHS) {
            if (Files.isReadable(p)) {
                try {
                    return read(p);
                } catch (IOException e) {
                    // try the next one
                }
            }
        }
        return null;
    }

    public static PciIds read(Path file) throws IOException {
        PciIds db = new PciIds();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line, vendor = null, clazz = null;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (line.startsWith("C ")) {
                    clazz = line.substring(2, 4);
                    vendor = null;
                    db.classes.put(clazz, line.substring(4).strip());
                } else if (!line.startsWith("\t")) {
                    if (line.length() < 6 || !isHex(line, 0, 4)) { vendor = null; clazz = null; continue; }
                    vendor = line.substring(0, 4);
                    clazz = null;
                    db.vendors.put(vendor, line.substring(4).strip());
                } else if (!line.startsWith("\t\t")) {
                    if (vendor != null && line.length() > 5 && isHex(line, 1, 5)) {
                        db.devices.put(vendor + line.substring(1, 5), line.substring(5).strip());
                    } else if (clazz != null && line.length() > 3 && isHex(line, 1, 3)) {
                        db.subclasses.put(clazz + line.substring(1, 3), line.substring(3).strip());
                    }
                }
            }
        }
        return db;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }
}
