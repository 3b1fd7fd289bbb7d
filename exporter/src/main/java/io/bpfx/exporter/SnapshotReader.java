package io.bpfx.exporter;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.MapSnapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Whole-map reads for scrapes, with BPF_MAP_LOOKUP_BATCH into buffers kept from
 * one scrape to the next. {@link BpfMap#snapshot()} allocates fresh native
 * buffers sized for max_entries on every read; under many scrapes of a big map
 * that malloc churn spreads over glibc's per-thread arenas and the exporter's
 * resident memory keeps growing. Here each map has one pair of buffers.
 *
 * <p>A snapshot stays valid until the next read of the same map: only for the
 * collector's scrapes, which are single-flight and done with a snapshot before
 * the next begins (give {@link MapMetricsCollector.Builder#dumpSnapshots} a
 * function that reads with {@link BpfMap#snapshot()}). The buffers are the engine's
 * {@link BpfMap.ReadBuffers}; maps or kernels without batch lookups are read key by key.
 */
public final class SnapshotReader implements Function<String, MapSnapshot> {
    private final Function<String, BpfMap> maps;
    private final Map<String, BpfMap.ReadBuffers> buffers = new HashMap<>();

    /** @param maps the map of each name (e.g. {@code liveTarget::map}) */
    public SnapshotReader(Function<String, BpfMap> maps) {
        this.maps = maps;
    }

    @Override
    public synchronized MapSnapshot apply(String name) {
        return maps.apply(name).snapshotBatch(buffers.computeIfAbsent(name, n -> new BpfMap.ReadBuffers()));
    }
}
