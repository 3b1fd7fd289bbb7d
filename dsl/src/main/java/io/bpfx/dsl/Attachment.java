package io.bpfx.dsl;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code attach_to(program, place [, opts])}: attach BPF function {@code program} at
 * {@code place}, read per the target's kind. {@code options} holds the validated opts table
 * (see {@link AttachOptions} for the known keys and their Java types).
 */
public record Attachment(String program, String place, Map<String, Object> options, SourceLocation location) {

    public Attachment {
        options = Map.copyOf(options);
    }

    /** {@code opts.pid}: limit a uprobe / perf event to one process. */
    public OptionalLong pid() {
        return longOption(AttachOptions.PID);
    }

    /** {@code opts.frequency}: perf event samples per second. */
    public OptionalLong frequency() {
        return longOption(AttachOptions.FREQUENCY);
    }

    /** {@code opts.period}: perf event period, in events. */
    public OptionalLong period() {
        return longOption(AttachOptions.PERIOD);
    }

    /** {@code opts.retprobe}: attach a uprobe / kprobe at function return. */
    public boolean retprobe() {
        return Boolean.TRUE.equals(options.get(AttachOptions.RETPROBE));
    }

    /** {@code opts.kind}, else the target's kind: how the place is read. */
    public TargetKind kind(TargetKind targetKind) {
        Object k = options.get(AttachOptions.KIND);
        return k instanceof String name ? TargetKind.fromLuaName(name).orElse(targetKind) : targetKind;
    }

    public Optional<Object> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    private OptionalLong longOption(String name) {
        Object value = options.get(name);
        return value instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
    }
}
