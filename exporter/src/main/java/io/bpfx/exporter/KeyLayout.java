package io.bpfx.exporter;

import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.LabelValues;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.PerCpuMode;
import io.bpfx.exporter.spec.ValueSpec;

/**
 * How the keys of one map snapshot map to a metric's labels, or why they cannot
 * (a layout mismatch leaves the metric out of the scrape and counts a decoder error).
 *
 * @param cpuInKey a SPLIT metric whose map is not per-CPU after all: the cpu label is read from the key
 * @param problem  why the snapshot does not fit the metric; null when it does
 */
record KeyLayout(boolean cpuInKey, String problem) {

    static KeyLayout check(MetricSpec spec, MapSnapshot snap) {
        ValueSpec v = spec.valueOrDefault();
        if (v.offset() + v.size() > snap.valueSize()) {
            return new KeyLayout(false, "value field [" + v.offset() + ", " + (v.offset() + v.size())
                    + ") is outside the " + snap.valueSize() + "-byte value");
        }
        int ks = snap.keySize();
        int expected = spec.expectedKeySize();
        // a SPLIT spec whose map is not per-CPU after all (one CPU slot, key bigger by the cpu field)
        boolean cpuInKey = spec.perCpu() == PerCpuMode.SPLIT && snap.cpus() == 1 && expected >= 0
                && ks >= expected + spec.cpuLabel().size();
        if (expected >= 0 && !cpuInKey && ks != expected && !(spec.keyLabels().isEmpty() && ks == 4)) {
            return new KeyLayout(false, "labels cover " + expected + " bytes but the key is " + ks + " bytes");
        }
        for (LabelSpec label : spec.keyLabels()) {
            if (label.end() > ks) {
                return new KeyLayout(false, "label " + label.name() + " needs bytes [" + label.offset() + ", "
                        + label.end() + ") but the key is " + ks + " bytes");
            }
        }
        return new KeyLayout(cpuInKey, null);
    }

    /**
     * A key of a metric without labels that does not fit its declared key size
     * (a 4-byte zero key, an array map's index 0, always fits).
     */
    private static boolean badUnlabelledKey(MetricSpec spec, byte[] key) {
        return spec.expectedKeySize() >= 0 && !(key.length == 4 && allZero(key)) && key.length != spec.expectedKeySize();
    }

    /**
     * A key's labels through {@code decoder} ({@code cached}: through its LRU), or
     * none for a metric without labels; null after counting a decoder error.
     *
     * @throws SkipSeries a decoder drops the key
     */
    static LabelValues labels(MetricSpec spec, byte[] key, boolean noLabels, LabelDecoder decoder, boolean cached,
                              SelfMetrics self) throws SkipSeries {
        if (noLabels) {
            if (badUnlabelledKey(spec, key)) {
                self.decoderError(spec.config());
                return null;
            }
            return LabelValues.EMPTY;
        }
        try {
            return cached ? decoder.decode(key) : decoder.decodeUncached(key);
        } catch (DecodeException e) {
            self.decoderError(spec.config());
            return null;
        }
    }

    private static boolean allZero(byte[] key) {
        for (byte b : key) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
