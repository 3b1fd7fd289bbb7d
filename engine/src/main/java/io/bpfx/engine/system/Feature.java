package io.bpfx.engine.system;

/**
 * One thing this machine can or cannot do for BPF, as a probe found it.
 *
 * @param name      short key: "kprobes", "fentry", "ringbuf", ... (see {@link Features})
 * @param available the probe succeeded
 * @param detail    what the probe saw: a version, or for a no, why (errno, missing file)
 * @param fix       for a no, what to do about it; empty for a yes
 */
public record Feature(String name, boolean available, String detail, String fix) {

    static Feature yes(String name, String detail) {
        return new Feature(name, true, detail, "");
    }

    static Feature no(String name, String why, String fix) {
        return new Feature(name, false, why, fix);
    }
}
