package io.bpfx.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this kernel can place kprobes, checked before libbpf tries. */
final class Kprobes {
    private static final Path PMU = Path.of("/sys/bus/event_source/devices/kprobe/type");

    private Kprobes() {}

    static boolean available() {
        if (Files.exists(PMU)) {
            return true;
        }
        try {
            return Files.exists(Tracefs.root().resolve("kprobe_events"));
        } catch (BpfxException e) {
            return false;
        }
    }

    static void requireAvailable(AttachTarget.Kprobe k) {
        if (!available()) {
            throw new BpfxException.Unsupported("cannot attach " + k.describe()
                    + ": this kernel has no kprobes (CONFIG_KPROBES is off: no " + PMU
                    + " and no kprobe_events in tracefs); use a tracepoint or raw_tracepoint instead");
        }
    }
}
