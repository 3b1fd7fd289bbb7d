package io.bpfx.engine.libbpf;

import com.sun.jna.Native;

/** errno values and names the engine turns into typed errors. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, EBADF = 9,
            EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19,
            EINVAL = 22, ENOSPC = 28, ENOSYS = 38, EOPNOTSUPP = 95, ENOTSUPP = 524;

    private Errno() {}

    /** errno of the last native call on this thread. */
    public static int last() {
        return Native.getLastError();
    }

    /** "No such file or directory (ENOENT)" style text for a positive errno. */
    public static String describe(int errno) {
        errno = Math.abs(errno);
        if (errno == ENOTSUPP) {
            return "Operation not supported (ENOTSUPP)";
        }
        String text = LibC.INSTANCE.strerror(errno);
        return text + " (" + name(errno) + ")";
    }

    public static String name(int errno) {
        switch (Math.abs(errno)) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case ESRCH: return "ESRCH";
            case EINTR: return "EINTR";
            case EIO: return "EIO";
            case E2BIG: return "E2BIG";
            case EBADF: return "EBADF";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case ENODEV: return "ENODEV";
            case EINVAL: return "EINVAL";
            case ENOSPC: return "ENOSPC";
            case ENOSYS: return "ENOSYS";
            case EOPNOTSUPP: return "EOPNOTSUPP";
            case ENOTSUPP: return "ENOTSUPP";
            default: return "errno " + Math.abs(errno);
        }
    }
}
