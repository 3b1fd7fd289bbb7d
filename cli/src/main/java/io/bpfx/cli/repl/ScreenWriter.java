package io.bpfx.cli.repl;

import org.jline.reader.LineReader;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes lines to the terminal on a thread of its own, through {@link LineReader#printAbove}.
 * The Lua thread only queues: printAbove takes the reader's lock, which the terminal thread
 * holds while Tab or Enter asks the Lua thread something (completion, "is this chunk
 * complete?"), so a Lua thread printing an event itself would wait for an answer it has to
 * give. Queued lines go out in batches, one redraw of the prompt per batch.
 */
final class ScreenWriter {
    private static final String END = new String("end"); // identity marks the end of the queue
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final PrintStream direct;
    private volatile LineReader reader;
    private volatile boolean closed;
    private final Thread thread = new Thread(this::loop, "bpfx-screen");

    ScreenWriter(PrintStream direct) {
        this.direct = direct;
        thread.setDaemon(true);
        thread.start();
    }

    void attach(LineReader reader) {
        this.reader = reader;
    }

    void println(String line) {
        if (closed) {
            direct.println(line);
        } else {
            lines.add(line);
        }
    }

    /** Prints what is queued and stops; later lines go straight to the terminal. */
    void close() {
        closed = true;
        lines.add(END);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader = null;
    }

    private void loop() {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                String first = lines.poll(1, TimeUnit.SECONDS);
                if (first == null) continue;
                batch.add(first);
            } catch (InterruptedException e) {
                return;
            }
            lines.drainTo(batch, 4096);
            boolean end = batch.remove(END);
            if (!batch.isEmpty()) {
                LineReader r = reader;
                String text = String.join("\n", batch);
                if (r != null) r.printAbove(text);
                else direct.println(text);
                batch.clear();
            }
            if (end) return;
        }
    }
}
