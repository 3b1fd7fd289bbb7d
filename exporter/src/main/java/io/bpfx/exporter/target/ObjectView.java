package io.bpfx.exporter.target;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.btf.Btf;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.session.EventTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The maps and BTF types of a target's objects, opened (before load, for the
 * check) or live: what metric tables are read against.
 */
final class ObjectView {
    private final List<BpfObject> objects;

    ObjectView(List<BpfObject> objects) {
        this.objects = List.copyOf(objects);
    }

    Optional<BpfMap> map(String name) {
        for (BpfObject o : objects) {
            Optional<BpfMap> m = o.findMap(name);
            if (m.isPresent() && !m.get().isInternal()) {
                return m;
            }
        }
        return Optional.empty();
    }

    List<BpfMap> userMaps() {
        return objects.stream().flatMap(o -> o.userMaps().stream()).collect(Collectors.toList());
    }

    String mapNames() {
        List<String> names = userMaps().stream().map(BpfMap::name).collect(Collectors.toList());
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    List<BpfMap> eventStreams() {
        return userMaps().stream().filter(m -> m.type().isEventStream()).collect(Collectors.toList());
    }

    /**
     * The struct records of {@code map} carry, as the engine picks it for on_event:
     * the one asked for, else the one marked with BPFX_EVENT_TYPE, else {@code struct event}.
     */
    Optional<Layout.StructLayout> recordType(String map, String requested) {
        for (BpfObject o : objects) {
            if (o.findMap(map).isEmpty()) {
                continue;
            }
            Btf btf = o.btf();
            if (btf == null) {
                return Optional.empty();
            }
            return EventTypes.recordType(btf, map, requested).map(name -> (Layout.StructLayout) btf.structLayout(name));
        }
        return Optional.empty();
    }

    /** Struct names of the BTF of the object holding {@code map}, for messages. */
    String structNames(String map) {
        for (BpfObject o : objects) {
            if (o.findMap(map).isPresent() && o.btf() != null) {
                List<String> names = new ArrayList<>(o.btf().structNames());
                return names.isEmpty() ? "none" : String.join(", ", names);
            }
        }
        return "none";
    }
}
