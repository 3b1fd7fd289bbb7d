package io.bpfx.exporter.decode;

import io.bpfx.engine.BpfxException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The decoders' view of the kernel symbol table: the engine's {@link io.bpfx.engine.Kallsyms}
 * (one parser and, through {@link #proc()}, one table of {@code /proc/kallsyms} per process,
 * shared with the DSL's {@code ksym()}) with its failures as {@link DecodeException}s, which
 * the decoders report per label. Address to symbol: {@link #exact}, {@link #containing},
 * {@link #frames}; symbol to address: {@link #addresses}.
 */
public final class Kallsyms {

    /** Where the text comes from; {@code /proc/kallsyms} in production, a string in tests. */
    @FunctionalInterface
    public interface Source {
        Reader open() throws IOException;
    }

    private final io.bpfx.engine.Kallsyms table;

    private Kallsyms(io.bpfx.engine.Kallsyms table) {
        this.table = table;
    }

    public Kallsyms(Source source, Duration minRefresh, LongSupplier nanoClock) {
        this(new io.bpfx.engine.Kallsyms(source::open, minRefresh, nanoClock));
    }

    public Kallsyms(Source source, Duration minRefresh) {
        this(new io.bpfx.engine.Kallsyms(source::open, minRefresh));
    }

    /** The running kernel's symbols (the engine's shared table), re-read at most once a second on misses. */
    public static Kallsyms proc() {
        return new Kallsyms(io.bpfx.engine.Kallsyms.shared());
    }

    /** A fixed table, for tests. */
    public static Kallsyms ofText(String text) {
        return new Kallsyms(io.bpfx.engine.Kallsyms.ofText(text));
    }

    /** Symbol starting exactly at {@code addr} (what {@code ksym} wants), or null. */
    public String exact(long addr) throws DecodeException {
        try {
            return table.exact(addr);
        } catch (UncheckedIOException | BpfxException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    /** Symbol whose start is the closest at or below {@code addr} (a stack frame), or null. */
    public String containing(long addr) throws DecodeException {
        try {
            return table.containing(addr);
        } catch (UncheckedIOException | BpfxException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    /** Symbols for each frame, {@code null} where none is found; one re-read when any frame misses. */
    public String[] frames(long[] addrs) throws DecodeException {
        try {
            return table.frames(addrs);
        } catch (UncheckedIOException | BpfxException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    /**
     * Symbol to address: each wanted symbol's first address in the text (file order), read
     * afresh; symbols not in the table are absent from the map.
     *
     * @throws IOException     the text cannot be read
     * @throws DecodeException an address is not hex
     */
    public Map<String, Long> addresses(Collection<String> symbols) throws IOException, DecodeException {
        try {
            return table.addresses(symbols);
        } catch (BpfxException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    /** Number of symbols currently loaded. */
    public int size() throws DecodeException {
        try {
            return table.size();
        } catch (UncheckedIOException | BpfxException e) {
            throw new DecodeException(e.getMessage());
        }
    }
}
