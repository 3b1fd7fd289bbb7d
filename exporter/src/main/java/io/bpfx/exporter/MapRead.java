package io.bpfx.exporter;

import io.bpfx.engine.MapSnapshot;

import java.util.function.Function;

/** One read of a map for a scrape or a dump: the snapshot, or why there is none. */
record MapRead(MapSnapshot snapshot, String error) {

    static MapRead of(Function<String, MapSnapshot> snapshots, String map) {
        try {
            MapSnapshot snapshot = snapshots.apply(map);
            return snapshot == null ? new MapRead(null, "map " + map + " is not available") : new MapRead(snapshot, null);
        } catch (RuntimeException e) {
            return new MapRead(null, "cannot read map " + map + ": " + e.getMessage());
        }
    }
}
