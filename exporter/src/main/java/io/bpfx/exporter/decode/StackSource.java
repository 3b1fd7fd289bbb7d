package io.bpfx.exporter.decode;

/**
 * Looks up a stack id (from {@code bpf_get_stackid}) in the program's
 * {@code BPF_MAP_TYPE_STACK_TRACE} map. The engine provides it; tests pass a map.
 */
@FunctionalInterface
public interface StackSource {

    /** The frame addresses (innermost first, zero-terminated or not), or null when the id is not in the map. */
    long[] frames(long stackId);
}
