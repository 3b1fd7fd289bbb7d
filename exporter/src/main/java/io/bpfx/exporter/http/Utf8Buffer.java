package io.bpfx.exporter.http;

import io.bpfx.exporter.metric.Exposition;
import io.bpfx.exporter.metric.SeriesFamily;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link Writer} that UTF-8 encodes into a growing byte array, without the
 * locking and {@code CharsetEncoder} of an {@code OutputStreamWriter}: the
 * Prometheus client's text formats write a big exposition a character or a
 * short string at a time, which through a stream writer costs more than
 * reading the maps. ASCII (nearly all of an exposition) is copied as is.
 */
final class Utf8Buffer extends Writer {
    private byte[] buf;
    private int len;
    /** A high surrogate written alone, waiting for its low half. */
    private int pendingHigh = -1;

    Utf8Buffer(int initial) {
        this.buf = new byte[Math.max(64, initial)];
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    @Override
    public void write(int c) {
        char ch = (char) c;
        if (ch < 0x80 && pendingHigh < 0) {
            ensure(1);
            buf[len++] = (byte) ch;
            return;
        }
        writeChar(ch);
    }

    private void writeChar(char ch) {
        if (pendingHigh >= 0) {
            char high = (char) pendingHigh;
            pendingHigh = -1;
            if (Character.isLowSurrogate(ch)) {
                codePoint(Character.toCodePoint(high, ch));
                return;
            }
            codePoint('?'); // a lone high surrogate, as String.getBytes would replace it
        }
        if (Character.isHighSurrogate(ch)) {
            pendingHigh = ch;
        } else if (Character.isLowSurrogate(ch)) {
            codePoint('?');
        } else {
            codePoint(ch);
        }
    }

    private void codePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            buf[len++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[len++] = (byte) (0xc0 | (cp >> 6));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xe0 | (cp >> 12));
            buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        } else {
            buf[len++] = (byte) (0xf0 | (cp >> 18));
            buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        }
    }

    @Override
    public void write(String s, int off, int n) {
        ensure(n);
        int end = off + n;
        for (int i = off; i < end; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80 && pendingHigh < 0) {
                buf[len++] = (byte) ch;
            } else {
                writeChar(ch);
                ensure(end - i);
            }
        }
    }

    @Override
    public void write(String s) {
        write(s, 0, s.length());
    }

    @Override
    public void write(char[] cs, int off, int n) {
        ensure(n);
        int end = off + n;
        for (int i = off; i < end; i++) {
            char ch = cs[i];
            if (ch < 0x80 && pendingHigh < 0) {
                buf[len++] = (byte) ch;
            } else {
                writeChar(ch);
                ensure(end - i);
            }
        }
    }

    /** Bytes already UTF-8 (cached label blocks). */
    void bytes(byte[] b, int off, int n) {
        flushPending();
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    /** A sample value as the Prometheus client writes it ({@link Exposition#writeValue}). */
    void value(double v) {
        flushPending();
        ensure(Exposition.MAX_VALUE_BYTES);
        len = Exposition.writeValue(buf, len, v);
    }

    /**
     * A family's series lines: sample name, labels (text 0.0.4's block as is, or
     * OpenMetrics' without the comma before the brace), value.
     */
    void lines(SeriesFamily f, boolean openMetrics) {
        flushPending();
        byte[] name = f.sampleName();
        byte[][] blocks = f.blocks();
        double[] values = f.values();
        for (int i = 0; i < f.count(); i++) {
            byte[] block = blocks[i];
            ensure(name.length + block.length + Exposition.MAX_VALUE_BYTES + 2);
            System.arraycopy(name, 0, buf, len, name.length);
            len += name.length;
            if (block.length > 0) {
                if (openMetrics) {
                    System.arraycopy(block, 0, buf, len, block.length - 2);
                    len += block.length - 2;
                    buf[len++] = '}';
                } else {
                    System.arraycopy(block, 0, buf, len, block.length);
                    len += block.length;
                }
            }
            buf[len++] = ' ';
            len = Exposition.writeValue(buf, len, values[i]);
            buf[len++] = '\n';
        }
    }

    /** A lone high surrogate left by {@link #write(int)} before raw bytes: as {@link #close()} ends it. */
    private void flushPending() {
        if (pendingHigh >= 0) {
            pendingHigh = -1;
            codePoint('?');
        }
    }

    /** The bytes written so far, not copied: valid until the next write. */
    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    @Override
    public Writer append(char c) {
        write(c);
        return this;
    }

    @Override
    public Writer append(CharSequence cs) {
        String s = String.valueOf(cs);
        write(s, 0, s.length());
        return this;
    }

    @Override
    public Writer append(CharSequence cs, int start, int end) {
        return append(String.valueOf(cs).subSequence(start, end));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        flushPending();
    }

    /** The bytes written so far (a copy, trimmed). */
    byte[] toByteArray() {
        close();
        return Arrays.copyOf(buf, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
