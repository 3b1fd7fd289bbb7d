package io.bpfx.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Kernel symbol table: {@code /proc/kallsyms} parsed once into arrays sorted by
 * address, looked up by binary search. A lookup that misses re-reads the source
 * (modules and BPF programs come and go), at most once per {@code minRefresh}.
 * Addresses are compared unsigned: kernel addresses have the top bit set.
 * Address to symbol: {@link #resolve}, {@link #exact}, {@link #containing},
 * {@link #frames}; symbol to address: {@link #addresses}. {@link #shared()} is the one table of the running kernel a process needs (the
 * DSL's {@code ksym()} and the exporter's decoders both use it).
 */
public final class Kallsyms {

    /** Where the text comes from; {@code /proc/kallsyms} in production, a string in tests. */
    @FunctionalInterface
    public interface Source {
        Reader open() throws IOException;
    }

    /** A symbol and how far into it an address is. */
    public record Symbol(String name, long offset) {
        /** {@code name+0xoff} (just {@code name} at offset 0), as stacks print. */
        @Override
        public String toString() {
            return offset == 0 ? name : name + "+0x" + Long.toHexString(offset);
        }
    }

    private record Table(long[] addrs, String[] names) {
    }

    private static final Table EMPTY = new Table(new long[0], new String[0]);
    private static volatile Kallsyms shared;

    private final Source source;
    private final long minRefreshNanos;
    private final LongSupplier clock;
    private volatile Table table;
    private long loadedAt;

    public Kallsyms(Source source, Duration minRefresh, LongSupplier nanoClock) {
        this.source = source;
        this.minRefreshNanos = minRefresh.toNanos();
        this.clock = nanoClock;
    }

    public Kallsyms(Source source, Duration minRefresh) {
        this(source, minRefresh, System::nanoTime);
    }

    /** The running kernel's symbols, re-read at most once a second on misses; one per process. */
    public static Kallsyms shared() {
        Kallsyms k = shared;
        if (k == null) {
            synchronized (Kallsyms.class) {
                if (shared == null) {
                    Path path = Path.of("/proc/kallsyms");
                    shared = new Kallsyms(() -> Files.newBufferedReader(path, StandardCharsets.UTF_8), Duration.ofSeconds(1));
                }
                k = shared;
            }
        }
        return k;
    }

    /** A fixed table, for tests. */
    public static Kallsyms ofText(String text) {
        return new Kallsyms(() -> new StringReader(text), Duration.ZERO);
    }

    /** Symbol starting exactly at {@code addr}, or null. */
    public String exact(long addr) {
        String found = exactIn(current(), addr);
        if (found == null && refreshIfAllowed()) {
            found = exactIn(table, addr);
        }
        return found;
    }

    /** Symbol whose start is the closest at or below {@code addr} (a stack frame), or null. */
    public String containing(long addr) {
        Symbol s = resolve(addr);
        return s == null ? null : s.name();
    }

    /** The symbol at or below {@code addr} with the offset into it, or null. */
    public Symbol resolve(long addr) {
        Symbol found = resolveIn(current(), addr);
        if (found == null && refreshIfAllowed()) {
            found = resolveIn(table, addr);
        }
        return found;
    }

    /**
     * Symbols for each frame, {@code null} where none is found. Like ebpf_exporter,
     * one re-read is tried when any frame misses.
     */
    public String[] frames(long[] addrs) {
        Table t = current();
        String[] out = fill(t, addrs);
        if (Arrays.asList(out).contains(null) && refreshIfAllowed()) {
            out = fill(table, addrs);
        }
        return out;
    }

    /** Number of symbols currently loaded. */
    public int size() {
        return current().addrs.length;
    }

    private static String[] fill(Table t, long[] addrs) {
        String[] out = new String[addrs.length];
        for (int i = 0; i < addrs.length; i++) {
            int at = floor(t, addrs[i]);
            out[i] = at >= 0 ? t.names[at] : null;
        }
        return out;
    }

    private Table current() {
        Table t = table;
        if (t == null) {
            synchronized (this) {
                if (table == null) {
                    load();
                }
                t = table;
            }
        }
        return t;
    }

    private synchronized boolean refreshIfAllowed() {
        if (clock.getAsLong() - loadedAt < minRefreshNanos) {
            return false;
        }
        load();
        return true;
    }

    /** One symbol line of the text, in file order. */
    @FunctionalInterface
    private interface LineSink {
        void symbol(long addr, String name);
    }

    /**
     * The one parser of the text: {@code "ffffffff81000000 T _stext"} or
     * {@code "ffffffffc0a01000 t fn\t[module]"}; lines with fewer fields are skipped.
     *
     * @throws BpfxException.BadInput when an address is not hex
     */
    private static void scan(Source source, LineSink sink) throws IOException {
        try (BufferedReader r = new BufferedReader(source.open())) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length < 3) {
                    continue;
                }
                long addr;
                try {
                    addr = Long.parseUnsignedLong(parts[0], 16);
                } catch (NumberFormatException e) {
                    throw new BpfxException.BadInput("error parsing kallsyms addr \"" + parts[0] + "\"");
                }
                sink.symbol(addr, parts[2]);
            }
        }
    }

    /**
     * Symbol to address: each wanted symbol's first address in the text (file order), read
     * afresh; symbols not in the table are absent from the map. Addresses are as the text
     * gives them (all 0 without CAP_SYSLOG).
     *
     * @throws IOException when the text cannot be read
     */
    public Map<String, Long> addresses(Collection<String> symbols) throws IOException {
        Set<String> wanted = new HashSet<>(symbols);
        Map<String, Long> found = new LinkedHashMap<>();
        if (!wanted.isEmpty()) {
            scan(source, (addr, name) -> {
                if (wanted.contains(name)) {
                    found.putIfAbsent(name, addr);
                }
            });
        }
        return found;
    }

    /** @throws UncheckedIOException when the source cannot be read; BadInput when a line is malformed */
    private void load() {
        List<long[]> addrs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            scan(source, (addr, name) -> {
                addrs.add(new long[] {addr, names.size()});
                names.add(name);
            });
        } catch (IOException e) {
            loadedAt = clock.getAsLong();
            throw new UncheckedIOException("cannot read kallsyms: " + e.getMessage(), e);
        }
        addrs.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        long[] sortedAddrs = new long[addrs.size()];
        String[] sortedNames = new String[addrs.size()];
        for (int i = 0; i < sortedAddrs.length; i++) {
            sortedAddrs[i] = addrs.get(i)[0];
            sortedNames[i] = names.get((int) addrs.get(i)[1]);
        }
        // Without CAP_SYSLOG every address reads as 0: such a table resolves nothing
        boolean hidden = sortedAddrs.length > 0 && sortedAddrs[sortedAddrs.length - 1] == 0;
        table = hidden ? EMPTY : new Table(sortedAddrs, sortedNames);
        loadedAt = clock.getAsLong();
    }

    /** Index of the last symbol whose address is <= addr, or -1. */
    private static int floor(Table t, long addr) {
        int lo = 0;
        int hi = t.addrs.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(t.addrs[mid], addr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static String exactIn(Table t, long addr) {
        int i = floor(t, addr);
        return i >= 0 && t.addrs[i] == addr ? t.names[i] : null;
    }

    private static Symbol resolveIn(Table t, long addr) {
        int i = floor(t, addr);
        return i >= 0 ? new Symbol(t.names[i], addr - t.addrs[i]) : null;
    }
}
