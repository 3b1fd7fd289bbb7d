package io.bpfx.engine;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;

import java.util.Optional;

/**
 * What the kernel says about a map ({@code BPF_OBJ_GET_INFO_BY_FD}, {@code struct
 * bpf_map_info}), as {@code bpftool map show} prints it.
 *
 * @param type         enum bpf_map_type (see {@link MapType#of})
 * @param btfId        id of the BTF object describing key and value; 0 when the map has none
 * @param btfKeyTypeId type id of the key inside that BTF (0: none)
 */
public record MapInfo(long id, int type, String name, int keySize, int valueSize, int maxEntries, int flags,
                      long btfId, int btfKeyTypeId, int btfValueTypeId) {

    static final int INFO_SIZE = 88;

    /** Info of the map behind {@code fd}; empty when the fd is not a map. */
    public static Optional<MapInfo> of(int fd) {
        Memory m = ProgramInfo.read(fd, INFO_SIZE, new IntByReference());
        if (m == null) {
            return Optional.empty();
        }
        return Optional.of(new MapInfo(Integer.toUnsignedLong(m.getInt(4)), m.getInt(0),
                ProgramInfo.cString(m.getByteArray(24, 16)), m.getInt(8), m.getInt(12), m.getInt(16), m.getInt(20),
                Integer.toUnsignedLong(m.getInt(64)), m.getInt(68), m.getInt(72)));
    }

    public MapType mapType() {
        return MapType.of(type);
    }
}
