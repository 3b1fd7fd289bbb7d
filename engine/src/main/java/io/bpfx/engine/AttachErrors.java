package io.bpfx.engine;

import io.bpfx.engine.libbpf.Errno;

/** Turns a failed libbpf attach (errno + libbpf log) into a one-line typed error. */
final class AttachErrors {
    private AttachErrors() {}

    static BpfxException translate(BpfProgram prog, AttachTarget target, int errno, String log) {
        String what = "cannot attach " + prog.name() + " to " + target.describe();
        String detail = BpfObject.lastLibbpfLine(log, Errno.describe(errno));
        switch (errno) {
            case Errno.EPERM:
            case Errno.EACCES:
                if (!Capabilities.canLoadBpf(Capabilities.effective())) {
                    return new BpfxException.PermissionDenied(what + ": " + Capabilities.missingMessage(Capabilities.effective()));
                }
                return new BpfxException(what + ": permission denied by the kernel (" + detail + ")");
            case Errno.ENOENT:
                if (target instanceof AttachTarget.PerfEvent p && p.type() == PerfEvents.TYPE_HARDWARE) {
                    return new BpfxException.Unsupported(what + ": hardware event '" + p.eventName()
                            + "' is not available here (no PMU, e.g. in a VM); use cpu-clock");
                }
                return new BpfxException.NotFound(what + ": not found (" + detail + ")");
            case Errno.ESRCH:
                return new BpfxException.NotFound(what + ": no such process");
            case Errno.EOPNOTSUPP:
            case Errno.ENOTSUPP:
            case Errno.ENODEV:
                return new BpfxException.Unsupported(what + ": not supported by this kernel (" + detail + ")");
            case Errno.EINVAL:
                return new BpfxException.BadInput(what + ": the kernel refused it as invalid (" + detail
                        + "); does the program type (SEC \"" + prog.section() + "\") match the attach kind?");
            default:
                return new BpfxException(what + ": " + detail);
        }
    }
}
