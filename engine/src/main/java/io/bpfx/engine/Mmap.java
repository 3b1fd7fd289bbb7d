package io.bpfx.engine;

import com.sun.jna.Pointer;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** An mmap'ed region of a kernel fd, seen from Java as a direct ByteBuffer. */
final class Mmap implements AutoCloseable {
    static final int PAGE = 4096;

    private final Pointer addr;
    private final long length;
    private final ByteBuffer buffer;
    private boolean closed;

    Mmap(int fd, long offset, long length, boolean writable, String what) {
        int prot = LibC.PROT_READ | (writable ? LibC.PROT_WRITE : 0);
        Pointer p = LibC.INSTANCE.mmap(null, length, prot, LibC.MAP_SHARED, fd, offset);
        if (p == null || Pointer.nativeValue(p) == -1L) {
            int err = Errno.last();
            throw new BpfxException("cannot mmap " + what + ": " + Errno.describe(err));
        }
        this.addr = p;
        this.length = length;
        this.buffer = p.getByteBuffer(0, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.munmap(addr, length);
        }
    }
}
