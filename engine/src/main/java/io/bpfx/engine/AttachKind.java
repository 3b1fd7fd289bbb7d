package io.bpfx.engine;

import java.util.Locale;
import java.util.Optional;

/** How an attach place string is read. */
public enum AttachKind {
    TRACEPOINT, RAW_TRACEPOINT, UPROBE, URETPROBE, USDT, PERF_EVENT, KPROBE, KRETPROBE;

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AttachKind> parse(String s) {
        for (AttachKind k : values()) {
            if (k.lowerName().equals(s)) return Optional.of(k);
        }
        return Optional.empty();
    }

    /** The kind a program's SEC() name implies ("uprobe", "tracepoint/x/y", "raw_tp/..."). */
    public static Optional<AttachKind> fromSection(String section) {
        int slash = section.indexOf('/');
        String prefix = slash < 0 ? section : section.substring(0, slash);
        switch (prefix) {
            case "tracepoint": case "tp": return Optional.of(TRACEPOINT);
            case "raw_tracepoint": case "raw_tp": case "tp_btf": return Optional.of(RAW_TRACEPOINT);
            case "uprobe": case "uprobe.s": return Optional.of(UPROBE);
            case "uretprobe": case "uretprobe.s": return Optional.of(URETPROBE);
            case "usdt": return Optional.of(USDT);
            case "perf_event": return Optional.of(PERF_EVENT);
            case "kprobe": case "ksyscall": return Optional.of(KPROBE);
            case "kretprobe": case "kretsyscall": return Optional.of(KRETPROBE);
            default: return Optional.empty();
        }
    }
}
