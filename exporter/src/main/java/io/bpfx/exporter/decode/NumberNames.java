package io.bpfx.exporter.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A number to name table read from a "number name" per line resource, generated
 * by {@code exporter/scripts/gen-decoder-tables.sh} from kernel headers.
 */
public final class NumberNames {

    private final Map<Long, String> names;

    private NumberNames(Map<Long, String> names) {
        this.names = names;
    }

    /** Loads a table shipped next to this class ({@code syscalls-x86_64.txt}, {@code errno.txt}). */
    public static NumberNames resource(String name) {
        try (InputStream in = NumberNames.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("decoder table " + name + " is missing from the exporter jar");
            }
            Map<Long, String> names = new HashMap<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                names.putIfAbsent(Long.parseLong(parts[0]), parts[1]);
            }
            return new NumberNames(Map.copyOf(names));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read decoder table " + name, e);
        }
    }

    /** The name for {@code number}, or null. */
    public String name(long number) {
        return names.get(number);
    }

    public int size() {
        return names.size();
    }
}
