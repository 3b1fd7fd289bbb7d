package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code majorminor}: a block device number as the kernel's
 * {@code new_encode_dev()} packs it in a u32 (the first 4 bytes of the field) to
 * the device name from {@code /proc/partitions} ({@code sda}, {@code nvme0n1p2}),
 * or {@code unknown:<major>:<minor>}. Found names are cached; misses re-read the file.
 */
public final class MajorMinorDecoder implements Decoder {

    private final Path partitions;
    private final Map<Long, byte[]> cache = new ConcurrentHashMap<>();

    public MajorMinorDecoder(Path partitions) {
        this.partitions = partitions;
    }

    public MajorMinorDecoder() {
        this(Path.of("/proc/partitions"));
    }

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        if (in.length < 4) {
            throw new DecodeException("decoder majorminor: need 4 bytes, got " + in.length);
        }
        long dev = Bytes.uintLE(in, 0, 4);
        byte[] cached = cache.get(dev);
        if (cached != null) {
            return cached;
        }
        long major = major(dev);
        long minor = minor(dev);
        String name = lookup(major, minor);
        if (name == null) {
            return Bytes.ascii("unknown:" + major + ":" + minor);
        }
        byte[] out = Bytes.ascii(name);
        cache.put(dev, out);
        return out;
    }

    /** Major number of a {@code new_encode_dev} value (glibc's {@code major()}). */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    /** Minor number of a {@code new_encode_dev} value (glibc's {@code minor()}). */
    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL & 0xffffffffL);
    }

    private String lookup(long major, long minor) throws DecodeException {
        List<String> lines;
        try {
            lines = Files.readAllLines(partitions, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DecodeException("decoder majorminor: cannot read " + partitions + ": " + e.getMessage());
        }
        String majorText = Long.toString(major);
        String minorText = Long.toString(minor);
        for (String line : lines) {
            // "major minor  #blocks  name"
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 4 && fields[0].equals(majorText) && fields[1].equals(minorText)) {
                return fields[3];
            }
        }
        return null;
    }
}
