package io.bpfx.engine.session;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.EventSource;
import io.bpfx.engine.Link;
import io.bpfx.engine.LoadedUnit;
import io.bpfx.engine.bcc.BccModule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A started target: its loaded units (libbpf objects, BCC modules), links and event
 * readers. Closing detaches and frees all.
 */
public final class LiveTarget implements AutoCloseable {
    private final String name;
    /** Every unit, in the order of the target's files. */
    final List<LoadedUnit> units = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<EventSource> sources = new ArrayList<>();
    private boolean closed;

    LiveTarget(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void add(LoadedUnit u) {
        units.add(u);
    }

    public List<LoadedUnit> units() {
        return Collections.unmodifiableList(units);
    }

    /** The libbpf objects among the units, for callers that read their BTF or programs. */
    public List<BpfObject> objects() {
        return units.stream().filter(BpfObject.class::isInstance).map(BpfObject.class::cast).toList();
    }

    /** The BCC modules among the units. */
    public List<BccModule> bccModules() {
        return units.stream().filter(BccModule.class::isInstance).map(BccModule.class::cast).toList();
    }

    public List<Link> links() {
        return Collections.unmodifiableList(links);
    }

    public List<EventSource> sources() {
        return Collections.unmodifiableList(sources);
    }

    /** Kernel attachments (a perf event on every CPU counts once per CPU). */
    public int probeCount() {
        return links.stream().mapToInt(Link::probeCount).sum();
    }

    /** User maps of every unit of this target (BCC: its tables). */
    public List<BpfMap> maps() {
        return units.stream().flatMap(u -> u.userMaps().stream()).collect(Collectors.toList());
    }

    public BpfMap map(String mapName) {
        for (LoadedUnit u : units) {
            java.util.Optional<BpfMap> m = u.findMap(mapName);
            if (m.isPresent()) return m.get();
        }
        throw new BpfxException.NotFound("no map '" + mapName + "' in target " + name + " (maps: "
                + maps().stream().map(BpfMap::name).collect(Collectors.joining(", ")) + ")");
    }

    /** The unit a map of this target belongs to. */
    LoadedUnit unitOf(BpfMap map) {
        for (LoadedUnit u : units) {
            if (u.findMap(map.name()).filter(m -> m == map).isPresent()) return u;
        }
        throw new IllegalStateException("map " + map.name() + " belongs to no unit of " + name);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        RuntimeException first = null;
        for (int i = links.size() - 1; i >= 0; i--) {
            try {
                links.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        for (EventSource s : sources) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        for (LoadedUnit u : units) {
            try {
                u.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
