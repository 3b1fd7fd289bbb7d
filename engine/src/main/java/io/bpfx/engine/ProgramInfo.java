package io.bpfx.engine;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.libbpf.LibBpf;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the kernel says about a loaded program ({@code BPF_OBJ_GET_INFO_BY_FD} on
 * its fd), as {@code bpftool prog show} prints it: id, type, name, tag (a hash of
 * the instructions), the maps it uses, its BTF, and — while run-time stats are on
 * ({@link BpfStats}, or the {@code kernel.bpf_stats_enabled} sysctl) — how long and
 * how often it ran.
 *
 * <p>Reads {@code struct bpf_prog_info} (232 bytes in 6.x) from a zeroed buffer;
 * older kernels fill a prefix and leave the rest zero.
 *
 * @param type       enum bpf_prog_type
 * @param loadTimeNs when it was loaded, ns since boot (CLOCK_BOOTTIME)
 * @param mapIds     ids of the maps the program uses
 */
public record ProgramInfo(long id, int type, String name, String tag, long runTimeNs, long runCount,
                          long[] mapIds, long btfId, long loadTimeNs, int createdByUid) {

    static final int INFO_SIZE = 232;
    static final int OFF_TYPE = 0, OFF_ID = 4, OFF_TAG = 8, TAG_SIZE = 8, OFF_LOAD_TIME = 40, OFF_UID = 48,
            OFF_NR_MAP_IDS = 52, OFF_MAP_IDS = 56, OFF_NAME = 64, NAME_LEN = 16, OFF_BTF_ID = 128,
            OFF_RUN_TIME_NS = 192, OFF_RUN_CNT = 200;

    /** Info of the program behind {@code fd}; empty when the fd is not a program (closed, not loaded). */
    public static Optional<ProgramInfo> of(int fd) {
        IntByReference len = new IntByReference(INFO_SIZE);
        Memory info = read(fd, INFO_SIZE, len);
        if (info == null) {
            return Optional.empty();
        }
        int nrMaps = info.getInt(OFF_NR_MAP_IDS);
        long[] mapIds = new long[0];
        if (nrMaps > 0) {
            // second call: the kernel copies up to nr_map_ids ids into our buffer
            Memory ids = new Memory(4L * nrMaps);
            info.clear();
            info.setInt(OFF_NR_MAP_IDS, nrMaps);
            info.setPointer(OFF_MAP_IDS, ids);
            len.setValue(INFO_SIZE);
            if (LibBpf.INSTANCE.bpf_obj_get_info_by_fd(fd, info, len) != 0) {
                return Optional.empty();
            }
            int n = Math.min(nrMaps, info.getInt(OFF_NR_MAP_IDS));
            mapIds = new long[n];
            for (int i = 0; i < n; i++) {
                mapIds[i] = Integer.toUnsignedLong(ids.getInt(4L * i));
            }
        }
        int filled = len.getValue();
        long runTime = filled >= OFF_RUN_TIME_NS + 8 ? info.getLong(OFF_RUN_TIME_NS) : 0;
        long runCount = filled >= OFF_RUN_CNT + 8 ? info.getLong(OFF_RUN_CNT) : 0;
        return Optional.of(new ProgramInfo(Integer.toUnsignedLong(info.getInt(OFF_ID)), info.getInt(OFF_TYPE),
                cString(info.getByteArray(OFF_NAME, NAME_LEN)), HexFormat.of().formatHex(info.getByteArray(OFF_TAG, TAG_SIZE)),
                runTime, runCount, mapIds, Integer.toUnsignedLong(info.getInt(OFF_BTF_ID)),
                info.getLong(OFF_LOAD_TIME), info.getInt(OFF_UID)));
    }

    /** {@code BPF_OBJ_GET_INFO_BY_FD} into a zeroed buffer of {@code size}; null when fd is not such an object. */
    static Memory read(int fd, int size, IntByReference len) {
        if (fd < 0) {
            return null;
        }
        Memory info = new Memory(size);
        info.clear();
        len.setValue(size);
        return LibBpf.INSTANCE.bpf_obj_get_info_by_fd(fd, info, len) == 0 ? info : null;
    }

    static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** bpftool's name for the program type ("tracepoint", "kprobe", ...). */
    public String typeName() {
        return ProgTypes.name(type);
    }

    @Override
    public long[] mapIds() {
        return mapIds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProgramInfo p && p.id == id && p.runCount == runCount && p.runTimeNs == runTimeNs
                && p.tag.equals(tag) && java.util.Arrays.equals(p.mapIds, mapIds);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + tag.hashCode();
    }

    @Override
    public String toString() {
        return "ProgramInfo[id=" + id + ", type=" + typeName() + ", name=" + name + ", tag=" + tag + ", runTimeNs="
                + runTimeNs + ", runCount=" + runCount + ", mapIds=" + java.util.Arrays.toString(mapIds) + "]";
    }
}
