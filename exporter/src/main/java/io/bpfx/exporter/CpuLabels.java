package io.bpfx.exporter;

import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.LabelValues;
import io.bpfx.exporter.spec.LabelSpec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The CPU label of split per-CPU metrics: the CPU index as 2 little-endian bytes through the label's decoders. */
final class CpuLabels {
    private final LabelDecoder decoder;
    private final Map<Integer, LabelValues> cache = new ConcurrentHashMap<>();

    CpuLabels(LabelSpec label, DecoderSet decoders) {
        this.decoder = new LabelDecoder(List.of(new LabelSpec(label.name(), 0, 2, label.decoders(), label.hint())),
                decoders, 4096);
    }

    String label(int cpu) throws DecodeException, SkipSeries {
        LabelValues v = cache.get(cpu);
        if (v == null) {
            v = decoder.decode(new byte[] {(byte) cpu, (byte) (cpu >>> 8)});
            cache.put(cpu, v);
        }
        return v.get(0);
    }
}
