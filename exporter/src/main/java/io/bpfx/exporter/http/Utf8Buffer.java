package io.bpfx.exporter.http;

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
        if (pendingHigh >= 0) {
            pendingHigh = -1;
            codePoint('?');
        }
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
