package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code pci_vendor}, {@code pci_device}, {@code pci_class}, {@code pci_subclass}:
 * a decimal number (from {@code uint}) to its name in {@code pci.ids}, with
 * ebpf_exporter's keys and texts: a device is {@code vendor << 16 | device}, a
 * subclass {@code class << 8 | subclass}; unknown ids give
 * {@code unknown pci vendor: 0x..}; without a database, {@code missing pci.ids db}.
 */
public final class PciDecoder implements Decoder {
    public enum Kind { VENDOR, DEVICE, CLASS, SUBCLASS }

    private final Kind kind;
    private final Supplier<PciIds> db;

    public PciDecoder(Kind kind, Supplier<PciIds> db) {
        this.kind = kind;
        this.db = db;
    }

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        PciIds ids = db.get();
        if (ids == null) return text("missing pci.ids db");
        long num;
        try {
            num = Long.parseLong(new String(in, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw new DecodeException("decoder pci_" + kind.name().toLowerCase() + ": not a number: "
                    + new String(in, StandardCharsets.UTF_8));
        }
        switch (kind) {
            case VENDOR -> {
                String key = String.format("%02x", num);
                return text(ids.vendors.getOrDefault(key, "unknown pci vendor: 0x" + key));
            }
            case DEVICE -> {
                String key = String.format("%04x", num);
                return text(ids.devices.getOrDefault(key, "unknown pci device: 0x" + key));
            }
            case CLASS -> {
                String key = String.format("%02x", num);
                return text(ids.classes.getOrDefault(key, "unknown pci class: 0x" + key));
            }
            default -> {
                String cls = String.format("%02x", num >> 8), sub = String.format("%02x", num & 0xff);
                if (!ids.classes.containsKey(cls)) return text("unknown pci class: 0x" + cls);
                return text(ids.subclasses.getOrDefault(cls + sub, "unknown pci subclass: 0x" + sub + " (class 0x" + cls + ")"));
            }
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
