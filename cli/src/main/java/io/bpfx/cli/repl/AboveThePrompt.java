package io.bpfx.cli.repl;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What Lua prints (events, results, errors) goes above the prompt line by line through
 * {@link org.jline.reader.LineReader#printAbove} (by the {@link ScreenWriter}), which clears the line being
 * typed, prints, and redraws it, under the reader's lock: a half-typed line is never garbled.
 * When no line is being read (a command runs) printAbove just prints.
 */
final class AboveThePrompt extends OutputStream {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ScreenWriter screen;

    AboveThePrompt(ScreenWriter screen) {
        this.screen = screen;
    }

    PrintStream stream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                pending.write(b, start, i - start);
                emit();
                start = i + 1;
            }
        }
        pending.write(b, start, off + len - start);
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        screen.println(line);
    }

    /** After a command: a last line without its newline (os.print) shows too. */
    synchronized void endOfCommand() {
        if (pending.size() > 0) emit();
    }

    @Override
    public synchronized void flush() {
        // a partial line waits for its newline: printAbove works in whole lines
    }
}
