package io.bpfx.dsl;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An output stream that hands each complete line (UTF-8, without its newline) to a consumer;
 * a line longer than {@link #MAX_LINE} bytes is handed over in pieces so memory stays bounded.
 */
public final class LineSink extends OutputStream {
    static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> lines;
    private byte[] buf = new byte[256];
    private int len;

    public LineSink(Consumer<String> lines) {
        this.lines = lines;
    }

    /** A print stream over a new sink (autoflush off: lines are cut at '\n', not at flush). */
    public static PrintStream printStream(Consumer<String> lines) {
        return new PrintStream(new LineSink(lines), false, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
            return;
        }
        if (len == buf.length) {
            if (len >= MAX_LINE) emit();
            else buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, len * 2));
        }
        buf[len++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int n) {
        for (int i = off; i < off + n; i++) write(b[i]);
    }

    /** An unfinished last line is handed over on close. */
    @Override
    public synchronized void close() {
        if (len > 0) emit();
    }

    private void emit() {
        int end = len > 0 && buf[len - 1] == '\r' ? len - 1 : len;
        lines.accept(new String(buf, 0, end, StandardCharsets.UTF_8));
        len = 0;
    }
}
