package io.bpfx.dsl;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.btf.Layout;

import java.util.List;
import java.util.Map;

/** {@code map(name)} over a live engine map: every call reads the kernel map. */
final class EngineMapView implements MapView {
    private final BpfMap map;

    EngineMapView(BpfMap map) {
        // a ring buffer / perf array has records, not entries: say so instead of failing on a 0-byte key
        if (map.type().isEventStream()) {
            throw new io.bpfx.engine.BpfxException.BadInput("map '" + map.name() + "' is a " + map.type().name().toLowerCase()
                    + ": its records go to on_event, it has no entries to read");
        }
        this.map = map;
    }

    @Override
    public List<Map.Entry<Object, Object>> items() {
        List<Map.Entry<Object, Object>> entries = map.entries();
        if (!isHistogram()) return entries;
        // histogram keys are {bucket = N}: the DSL's printer wants the bare bucket index
        List<Map.Entry<Object, Object>> out = new java.util.ArrayList<>(entries.size());
        for (Map.Entry<Object, Object> e : entries) {
            out.add(Map.entry(((Map<?, ?>) e.getKey()).get("bucket"), e.getValue()));
        }
        return out;
    }

    @Override
    public Object get(Object key) {
        return map.lookup(key).orElse(null);
    }

    @Override
    public long count() {
        return map.count();
    }

    @Override
    public void clear() {
        map.clear();
    }

    /** bpfx.h's histogram maps: a key struct whose only member is the bucket index. */
    @Override
    public boolean isHistogram() {
        Layout k = map.keyLayout();
        return k instanceof Layout.StructLayout s && s.fields().size() == 1
                && s.fields().get(0).name().equals("bucket") && s.fields().get(0).layout() instanceof Layout.IntLayout
                && map.valueLayout() instanceof Layout.IntLayout;
    }
}
