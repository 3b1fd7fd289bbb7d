package io.bpfx.dsl;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a target's {@code attach_to} places are read; the strings are the ones {@code set_kind} takes. */
public enum TargetKind {
    /** Attach every program by its SEC() name, as libbpf auto-attach does. The default. */
    BASIC("basic"),
    TRACEPOINT("tracepoint"),
    RAW_TRACEPOINT("raw_tracepoint"),
    UPROBE("uprobe"),
    URETPROBE("uretprobe"),
    USDT("usdt"),
    PERF_EVENT("perf_event"),
    KPROBE("kprobe"),
    KRETPROBE("kretprobe");

    private final String luaName;

    TargetKind(String luaName) {
        this.luaName = luaName;
    }

    /** The name scripts use, e.g. {@code "raw_tracepoint"}. */
    public String luaName() {
        return luaName;
    }

    /** Parses a {@code set_kind} argument; exact, lower-case, as the contract spells it. */
    public static Optional<TargetKind> fromLuaName(String name) {
        for (TargetKind kind : values()) {
            if (kind.luaName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** "basic, tracepoint, ..." for error messages. */
    public static String allLuaNames() {
        return Arrays.stream(values()).map(TargetKind::luaName).collect(Collectors.joining(", "));
    }
}
