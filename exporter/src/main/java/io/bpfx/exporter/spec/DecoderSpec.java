package io.bpfx.exporter.spec;

import java.util.List;
import java.util.Map;

/**
 * One step of a label's decoder chain, as an ebpf_exporter {@code decoders} entry.
 *
 * @param name         decoder name ({@code string}, {@code uint}, {@code ksym}, ...)
 * @param staticMap    {@code static_map}: input text to label value (static_map decoder)
 * @param regexps      {@code regexps}: patterns, one must match (regexp decoder)
 * @param allowUnknown {@code allow_unknown}: unmapped input passes through (static_map decoder)
 */
public record DecoderSpec(String name, Map<String, String> staticMap, List<String> regexps, boolean allowUnknown) {

    public DecoderSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("decoder needs a name");
        }
        staticMap = staticMap == null ? Map.of() : Map.copyOf(staticMap);
        regexps = regexps == null ? List.of() : List.copyOf(regexps);
    }

    /** A decoder that takes no options. */
    public static DecoderSpec of(String name) {
        return new DecoderSpec(name, Map.of(), List.of(), false);
    }

    public static DecoderSpec staticMap(Map<String, String> mapping, boolean allowUnknown) {
        return new DecoderSpec("static_map", mapping, List.of(), allowUnknown);
    }

    public static DecoderSpec regexp(List<String> patterns) {
        return new DecoderSpec("regexp", Map.of(), patterns, false);
    }
}
