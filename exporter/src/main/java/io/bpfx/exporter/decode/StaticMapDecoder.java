package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/**
 * {@code static_map}: the input text looked up in {@code static_map}. Unknown
 * inputs become {@code unknown:<input>}, or pass through with
 * {@code allow_unknown}. An empty mapping yields {@code empty mapping}, as
 * ebpf_exporter does.
 */
public final class StaticMapDecoder implements Decoder {
    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) {
        if (conf.staticMap().isEmpty()) {
            return Bytes.ascii("empty mapping");
        }
        String key = Bytes.text(in);
        String value = conf.staticMap().get(key);
        if (value != null) {
            return Bytes.ascii(value);
        }
        return conf.allowUnknown() ? in : Bytes.ascii("unknown:" + key);
    }
}
