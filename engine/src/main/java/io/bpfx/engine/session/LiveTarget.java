package io.bpfx.engine.session;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.EventSource;
import io.bpfx.engine.Link;
import io.bpfx.engine.bcc.BccModule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** A started target: its loaded objects, links and event readers. Closing detaches and frees all. */
public final class LiveTarget implements AutoCloseable {
    private final String name;
    final List<BpfObject> objects = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<EventSource> sources = new ArrayList<>();
    final List<BccModule> bccModules = new ArrayList<>();
    private boolean closed;

    LiveTarget(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public List<BpfObject> objects() {
        return Collections.unmodifiableList(objects);
    }

    /** BCC C files of this target, compiled. */
    public List<BccModule> bccModules() {
        return Collections.unmodifiableList(bccModules);
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

    /** User maps of every object of this target, and the tables of its BCC modules. */
    public List<BpfMap> maps() {
        List<BpfMap> all = objects.stream().flatMap(o -> o.userMaps().stream()).collect(Collectors.toList());
        bccModules.forEach(m -> all.addAll(m.tables()));
        return all;
    }

    public BpfMap map(String mapName) {
        for (BpfObject o : objects) {
            if (o.findMap(mapName).isPresent()) return o.map(mapName);
        }
        for (BccModule m : bccModules) {
            if (m.findTable(mapName).isPresent()) return m.table(mapName);
        }
        throw new BpfxException.NotFound("no map '" + mapName + "' in target " + name + " (maps: "
                + maps().stream().map(BpfMap::name).collect(Collectors.joining(", ")) + ")");
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
        for (BpfObject o : objects) {
            try {
                o.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        for (BccModule m : bccModules) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
