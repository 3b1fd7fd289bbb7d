package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ifname}: a network interface index (u32, the first 4 bytes) to its name,
 * from {@code /sys/class/net/<name>/ifindex}, or {@code unknown:<index>} (the
 * interface may be gone). Found names are cached; misses rescan the directory.
 */
public final class IfnameDecoder implements Decoder {

    private final Path netClass;
    private final Map<Long, byte[]> cache = new ConcurrentHashMap<>();

    public IfnameDecoder(Path netClass) {
        this.netClass = netClass;
    }

    public IfnameDecoder() {
        this(Path.of("/sys/class/net"));
    }

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        if (in.length < 4) {
            throw new DecodeException("decoder ifname: need 4 bytes, got " + in.length);
        }
        long index = Bytes.uintLE(in, 0, 4);
        byte[] cached = cache.get(index);
        if (cached != null) {
            return cached;
        }
        rescan();
        cached = cache.get(index);
        return cached != null ? cached : Bytes.ascii("unknown:" + index);
    }

    private void rescan() throws DecodeException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(netClass)) {
            for (Path dir : dirs) {
                String text;
                try {
                    text = Files.readString(dir.resolve("ifindex"), StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    continue; // interface went away while scanning
                }
                try {
                    cache.put(Long.parseLong(text), Bytes.ascii(dir.getFileName().toString()));
                } catch (NumberFormatException e) {
                    // not an interface directory
                }
            }
        } catch (IOException e) {
            throw new DecodeException("decoder ifname: cannot list " + netClass + ": " + e.getMessage());
        }
    }
}
