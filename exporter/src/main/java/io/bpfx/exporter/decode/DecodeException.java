package io.bpfx.exporter.decode;

/**
 * A label could not be decoded. The exporter counts it and skips the series; it
 * never escapes a scrape. No stack trace: these can be frequent and are reported
 * by count, not by trace.
 */
public class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message, null, false, false);
    }
}
