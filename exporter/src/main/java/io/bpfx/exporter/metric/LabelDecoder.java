package io.bpfx.exporter.metric;

import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.spec.LabelSpec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns raw key bytes into label values with a list of {@link LabelSpec}s, and
 * remembers the result by the raw bytes: a key decoded once (or skipped once by a
 * regexp) is never decoded again while it stays in the bounded LRU cache, so
 * repeated scrapes of a large map only decode new keys. Errors are not cached,
 * so they are counted on every scrape, as ebpf_exporter does.
 */
public final class LabelDecoder {

    /** Default cache entries per metric: enough for a map of 200k keys. */
    public static final int DEFAULT_CACHE_SIZE = 1 << 18;

    private static final LabelValues SKIPPED = LabelValues.of("\0skipped");

    private final List<LabelSpec> labels;
    private final DecoderSet decoders;
    private final Map<RawKey, LabelValues> cache;

    public LabelDecoder(List<LabelSpec> labels, DecoderSet decoders, int cacheSize) {
        this.labels = List.copyOf(labels);
        this.decoders = decoders;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RawKey, LabelValues> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * Label values for a key (the caller keeps ownership of {@code key}; it is
     * copied when cached).
     *
     * @throws DecodeException a field is out of the key or a decoder failed
     * @throws SkipSeries      a decoder filtered this key out
     */
    public LabelValues decode(byte[] key) throws DecodeException, SkipSeries {
        RawKey raw = new RawKey(key);
        LabelValues cached;
        synchronized (cache) {
            cached = cache.get(raw);
        }
        if (cached == SKIPPED) {
            throw SkipSeries.INSTANCE;
        }
        if (cached != null) {
            return cached;
        }
        RawKey stored = new RawKey(key.clone());
        try {
            LabelValues decoded = decodeUncached(key);
            synchronized (cache) {
                cache.put(stored, decoded);
            }
            return decoded;
        } catch (SkipSeries skip) {
            synchronized (cache) {
                cache.put(stored, SKIPPED);
            }
            throw skip;
        }
    }

    /** Number of keys whose outcome is cached. */
    public int cachedKeys() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Decodes without looking at or filling the cache (for callers that cache by raw key themselves). */
    public LabelValues decodeUncached(byte[] key) throws DecodeException, SkipSeries {
        String[] values = new String[labels.size()];
        for (int i = 0; i < values.length; i++) {
            LabelSpec label = labels.get(i);
            if (label.end() > key.length) {
                throw new DecodeException("label " + label.name() + " needs bytes [" + label.offset() + ", "
                        + label.end() + ") but the key is " + key.length + " bytes");
            }
            byte[] field = Arrays.copyOfRange(key, label.offset(), label.end());
            byte[] out;
            try {
                out = decoders.decode(field, label.effectiveDecoders());
            } catch (DecodeException e) {
                throw new DecodeException("label " + label.name() + ": " + e.getMessage());
            }
            values[i] = new String(out, StandardCharsets.UTF_8);
        }
        return LabelValues.wrap(values);
    }
}
