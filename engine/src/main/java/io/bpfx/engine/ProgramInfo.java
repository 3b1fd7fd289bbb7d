package io.bpfx.engine;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.libbpf.LibBpf;

import java.util.Optional;

/**
 * What the kernel says about a loaded program (BPF_OBJ_GET_INFO_BY_FD on its fd):
 * its id, its tag (a hash of the instructions, as {@code bpftool prog} prints it),
 * and, while {@code kernel.bpf_stats_enabled} is 1, how long and how often it ran.
 *
 * <p>Reads {@code struct bpf_prog_info} from a zeroed buffer of its full size
 * (232 bytes since 5.x); only the fields below are used. Older kernels fill a
 * prefix and leave the rest zero.
 */
public record ProgramInfo(long id, String tag, long runTimeNs, long runCount) {

    /** sizeof(struct bpf_prog_info) in linux/bpf.h of 6.x. */
    static final int INFO_SIZE = 232;
    static final int OFF_ID = 4, OFF_TAG = 8, TAG_SIZE = 8, OFF_RUN_TIME_NS = 192, OFF_RUN_CNT = 200;

    /** Info of the program behind {@code fd}; empty when the fd is not a program (closed, not loaded). */
    public static Optional<ProgramInfo> of(int fd) {
        if (fd < 0) {
            return Optional.empty();
        }
        Memory info = new Memory(INFO_SIZE);
        info.clear();
        IntByReference len = new IntByReference(INFO_SIZE);
        if (LibBpf.INSTANCE.bpf_obj_get_info_by_fd(fd, info, len) != 0) {
            return Optional.empty();
        }
        int filled = len.getValue();
        long id = Integer.toUnsignedLong(info.getInt(OFF_ID));
        byte[] tag = info.getByteArray(OFF_TAG, TAG_SIZE);
        long runTime = filled >= OFF_RUN_TIME_NS + 8 ? info.getLong(OFF_RUN_TIME_NS) : 0;
        long runCount = filled >= OFF_RUN_CNT + 8 ? info.getLong(OFF_RUN_CNT) : 0;
        return Optional.of(new ProgramInfo(id, java.util.HexFormat.of().formatHex(tag), runTime, runCount));
    }
}
