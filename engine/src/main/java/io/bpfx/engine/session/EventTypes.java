package io.bpfx.engine.session;

import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.btf.Btf;
import io.bpfx.engine.btf.BtfType;
import io.bpfx.engine.btf.DatasecVar;
import io.bpfx.engine.btf.Layout;

import java.util.Optional;

/**
 * Which struct a ring buffer / perf event array carries: the one asked for,
 * else the one marked with bpfx.h's BPFX_EVENT_TYPE(map, type), else a
 * struct named "event".
 */
public final class EventTypes {
    static final String MARKER_PREFIX = "__bpfx_event_";

    private EventTypes() {}

    /** The record struct of {@code map} in {@code obj}: the one asked for, else the marked one, else "event". */
    public static Layout.StructLayout resolve(BpfObject obj, String map, String requested) {
        Btf btf = obj.requireBtf("to decode events of map " + map);
        Optional<String> name = recordType(btf, map, requested);
        if (name.isPresent()) {
            return (Layout.StructLayout) btf.structLayout(name.get());
        }
        throw missing(obj, btf, requested != null
                ? "no struct '" + requested + "' in " + obj.name() + "'s BTF for events of map " + map
                : "cannot tell the record type of map " + map + " in " + obj.name());
    }

    /**
     * The rule, in one place: the struct asked for, else the one BPFX_EVENT_TYPE marks, else
     * {@code struct event}; empty when that struct is not in {@code btf}.
     */
    public static Optional<String> recordType(Btf btf, String map, String requested) {
        String name = requested != null ? requested : markedType(btf, map).orElse("event");
        return btf.findType(name, io.bpfx.engine.btf.BtfKind.STRUCT).isPresent() ? Optional.of(name) : Optional.empty();
    }

    /** The struct named by BPFX_EVENT_TYPE(map, type): a .rodata pointer to it. */
    public static Optional<String> markedType(Btf btf, String map) {
        // the marker is a pointer variable: zero-initialised globals land in .bss
        Optional<DatasecVar> v = Optional.empty();
        for (String sec : new String[] {".bss", ".rodata", ".data"}) {
            v = btf.findVar(sec, MARKER_PREFIX + map);
            if (v.isPresent()) break;
        }
        if (v.isEmpty()) return Optional.empty();
        int id = btf.resolve(v.get().typeId());
        if (!(btf.type(id) instanceof BtfType.PtrType p)) return Optional.empty();
        int target = btf.resolve(p.type());
        if (btf.type(target) instanceof BtfType.StructType s && s.name() != null && !s.name().isEmpty()) {
            return Optional.of(s.name());
        }
        return Optional.empty();
    }

    private static BpfxException missing(BpfObject obj, Btf btf, String first) {
        return new BpfxException.NotFound(first + " (structs in BTF: "
                + (btf.structNames().isEmpty() ? "none" : String.join(", ", btf.structNames()))
                + "); name one with on_event(..., { type = \"name\" }), or keep it in BTF with "
                + "BPFX_EVENT_TYPE(map, name) from bpfx.h (clang drops types only locals use)");
    }
}
