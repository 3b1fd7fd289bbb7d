package io.bpfx.dsl;

import java.util.List;
import java.util.Map;

/**
 * A live BPF map as {@code map(name)} shows it to Lua. Keys and values are plain Java decoded
 * by BTF: Long, BigInteger (a u64 at or above 2^63, exact), Double, String, Boolean, List (arrays), Map&lt;String,Object&gt; (structs, a
 * LinkedHashMap in field order), byte[] (raw bytes). Per-CPU values may be a List with one
 * element per CPU. Every call reads the kernel map at that moment.
 */
public interface MapView {

    /** Every entry, in the host's order (the DSL sorts for printing). */
    List<Map.Entry<Object, Object>> items();

    /** The value for {@code key} (converted from Lua like {@link LuaConversions#toJava}), or null if absent. */
    Object get(Object key);

    long count();

    /** Deletes every entry (array maps: zeroes every value). */
    void clear();

    /**
     * True for a log2 histogram in the ebpf_exporter / bpfx layout: the key is a plain integer
     * bucket index, bucket {@code b} counts values in [2^b, 2^(b+1)) (bucket 0 = [0, 2)), and
     * the largest key (max bucket + 1) holds the sum of all values, not a count.
     */
    boolean isHistogram();
}
