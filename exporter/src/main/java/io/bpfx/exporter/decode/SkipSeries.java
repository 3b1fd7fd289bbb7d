package io.bpfx.exporter.decode;

/**
 * Signal from a decoder (regexp) that the series must not be exported. Not an
 * error: nothing is counted. Stackless and shared, since it is pure control flow.
 */
public final class SkipSeries extends Exception {

    public static final SkipSeries INSTANCE = new SkipSeries();

    private SkipSeries() {
        super("this label set should be skipped", null, false, false);
    }
}
