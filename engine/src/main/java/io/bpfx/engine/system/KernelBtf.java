package io.bpfx.engine.system;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.btf.Btf;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibC;

/** A BTF object the kernel holds, by id: its raw blob ({@code struct bpf_btf_info}) parsed in Java. */
final class KernelBtf {
    private static final LibBpf LIB = LibBpf.INSTANCE;
    static final int INFO_SIZE = 32;

    private KernelBtf() {
    }

    /** The parsed BTF, or null when it cannot be read or is split BTF (a module's) this parser cannot use alone. */
    static Btf load(long id) {
        int fd = LIB.bpf_btf_get_fd_by_id((int) id);
        if (fd < 0) {
            return null;
        }
        try {
            Memory info = new Memory(INFO_SIZE);
            info.clear();
            if (LIB.bpf_obj_get_info_by_fd(fd, info, new IntByReference(INFO_SIZE)) != 0) {
                return null;
            }
            int size = info.getInt(8);
            if (size <= 0) {
                return null;
            }
            Memory blob = new Memory(size);
            info.clear();
            info.setPointer(0, blob);
            info.setInt(8, size);
            if (LIB.bpf_obj_get_info_by_fd(fd, info, new IntByReference(INFO_SIZE)) != 0) {
                return null;
            }
            return Btf.parse(blob.getByteArray(0, size));
        } catch (RuntimeException unparseable) {
            return null;
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
