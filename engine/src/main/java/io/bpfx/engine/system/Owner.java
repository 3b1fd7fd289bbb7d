package io.bpfx.engine.system;

/**
 * A process holding an fd of a BPF program, map or link.
 *
 * @param bpfx for a bpfx process, its command ("bpfx run opensnoop.lua"); null otherwise.
 *             A process is bpfx's when its command line runs bpfx's jar or main class —
 *             the kernel records no more than that (not which target loaded a program).
 */
public record Owner(int pid, String comm, String bpfx) {

    public boolean isBpfx() {
        return bpfx != null;
    }

    /** "1234/bpfx" style, as bpftool prints pids. */
    @Override
    public String toString() {
        return comm + "(" + pid + ")";
    }
}
