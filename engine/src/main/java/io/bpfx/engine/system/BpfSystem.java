package io.bpfx.engine.system;

import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.Capabilities;
import io.bpfx.engine.MapInfo;
import io.bpfx.engine.ProgramInfo;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * Every BPF program and map loaded on the machine, whoever loaded them, as
 * {@code bpftool prog/map show} sees them: walked by id, with attach points from the
 * links and owning processes from {@code /proc}. Needs the capabilities to load BPF.
 */
public final class BpfSystem {
    private static final LibBpf LIB = LibBpf.INSTANCE;

    /** A loaded program, where it is attached, and who holds it. */
    public record ProgramEntry(ProgramInfo info, List<String> attached, List<Owner> owners) {
        /** The bpfx process holding it, if one does. */
        public Optional<Owner> bpfx() {
            return owners.stream().filter(Owner::isBpfx).findFirst();
        }
    }

    /** A map and who holds it. */
    public record MapEntry(MapInfo info, List<Owner> owners) {
        public Optional<Owner> bpfx() {
            return owners.stream().filter(Owner::isBpfx).findFirst();
        }
    }

    private BpfSystem() {
    }

    public static List<ProgramEntry> programs() {
        Capabilities.requireSysAdmin("listing BPF programs");
        Owners owners = Owners.scan();
        Map<Long, List<String>> links = Links.byProgram();
        List<ProgramEntry> out = new ArrayList<>();
        for (ProgramInfo p : walk(LIB::bpf_prog_get_next_id, LIB::bpf_prog_get_fd_by_id, ProgramInfo::of)) {
            out.add(new ProgramEntry(p, links.getOrDefault(p.id(), List.of()), owners.ofProgram(p.id())));
        }
        return out;
    }

    public static List<MapEntry> maps() {
        Capabilities.requireSysAdmin("listing BPF maps");
        Owners owners = Owners.scan();
        return walk(LIB::bpf_map_get_next_id, LIB::bpf_map_get_fd_by_id, MapInfo::of).stream()
                .map(m -> new MapEntry(m, owners.ofMap(m.id()))).collect(Collectors.toList());
    }

    /**
     * The map named by {@code idOrName}: a number is an id, anything else a map name
     * (the kernel keeps the first 15 characters). Unknown or ambiguous is a one-line error.
     */
    public static MapEntry findMap(String idOrName) {
        List<MapEntry> all = maps();
        if (!idOrName.isEmpty() && idOrName.chars().allMatch(Character::isDigit)) {
            long id = Long.parseLong(idOrName);
            return all.stream().filter(m -> m.info().id() == id).findFirst()
                    .orElseThrow(() -> new BpfxException.NotFound("no BPF map with id " + id + " (bpfx maps lists them)"));
        }
        String name = idOrName.length() > 15 ? idOrName.substring(0, 15) : idOrName;
        List<MapEntry> named = all.stream().filter(m -> m.info().name().equals(name)).collect(Collectors.toList());
        if (named.isEmpty()) {
            throw new BpfxException.NotFound("no BPF map named " + idOrName + " (bpfx maps lists them)");
        }
        if (named.size() > 1) {
            throw new BpfxException.Ambiguous("BPF map name " + idOrName + " matches ids "
                    + named.stream().map(m -> Long.toString(m.info().id())).collect(Collectors.joining(", "))
                    + ": give the id");
        }
        return named.get(0);
    }

    /** libbpf's bpf_*_get_next_id. */
    interface NextId {
        int next(int start, IntByReference next);
    }

    /** Walks the kernel's id list; objects freed between the id and the fd are skipped. */
    static <T> List<T> walk(NextId next, IntUnaryOperator fdById, IntFunction<Optional<T>> info) {
        List<T> out = new ArrayList<>();
        IntByReference ref = new IntByReference();
        int id = 0;
        while (next.next(id, ref) == 0) {
            id = ref.getValue();
            int fd = fdById.applyAsInt(id);
            if (fd < 0) {
                continue;
            }
            try {
                info.apply(fd).ifPresent(out::add);
            } finally {
                LibC.INSTANCE.close(fd);
            }
        }
        return out;
    }
}
