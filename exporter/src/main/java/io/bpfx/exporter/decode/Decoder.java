package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/**
 * One step of a label's decoder chain: bytes in, bytes out. The first step gets
 * the raw key field; later steps get the previous step's output (usually text).
 * The last output, read as UTF-8, is the label value.
 */
public interface Decoder {

    /**
     * @throws DecodeException the input cannot be decoded (counted, series skipped)
     * @throws SkipSeries      the input is fine but the series is filtered out
     */
    byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException, SkipSeries;
}
