package io.bpfx.engine.session;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which ring buffer / perf event array a subscription or an event count reads: the named
 * one, else the target's only one. The rule lives here; each caller words its own errors.
 */
public final class EventMaps {
    private EventMaps() {}

    /** How a caller says what went wrong, in its own words. */
    public interface Errors {
        BpfxException noSuchMap(String name);

        BpfxException notAnEventMap(BpfMap map);

        BpfxException none();

        BpfxException several(String names);
    }

    /**
     * @param find  the target's map by name (empty: none)
     * @param maps  the target's user maps
     * @param name  the map asked for, or null: the only event map
     */
    public static BpfMap pick(Function<String, Optional<BpfMap>> find, List<BpfMap> maps, String name, Errors errors) {
        if (name != null) {
            BpfMap m = find.apply(name).orElseThrow(() -> errors.noSuchMap(name));
            if (!m.type().isEventStream()) throw errors.notAnEventMap(m);
            return m;
        }
        List<BpfMap> streams = maps.stream().filter(m -> m.type().isEventStream()).collect(Collectors.toList());
        if (streams.size() == 1) return streams.get(0);
        if (streams.isEmpty()) throw errors.none();
        throw errors.several(streams.stream().map(BpfMap::name).collect(Collectors.joining(", ")));
    }
}
