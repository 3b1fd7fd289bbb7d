package io.bpfx.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory MapView for tests. */
final class FixedMapView implements MapView {
    final Map<Object, Object> entries = new LinkedHashMap<>();
    private final boolean histogram;

    FixedMapView(boolean histogram) {
        this.histogram = histogram;
    }

    FixedMapView put(Object key, Object value) {
        entries.put(key, value);
        return this;
    }

    @Override
    public List<Map.Entry<Object, Object>> items() {
        return new ArrayList<>(entries.entrySet());
    }

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public long count() {
        return entries.size();
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public boolean isHistogram() {
        return histogram;
    }
}
