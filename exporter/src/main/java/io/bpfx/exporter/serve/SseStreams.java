package io.bpfx.exporter.serve;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-Sent Events for run output. Each stream gets a thread of its own (the HTTP request
 * pool stays free for API calls and scrapes), at most {@code max} at once. A comment every
 * {@link #KEEPALIVE_MS} notices readers that went away.
 */
final class SseStreams {
    static final long KEEPALIVE_MS = 10_000;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();

    SseStreams(int max) {
        this.max = max;
    }

    int open() {
        return open.get();
    }

    /** False when {@code max} streams are open already (the caller answers 429). */
    boolean start(HttpExchange ex, OutputLog log, boolean follow) throws IOException {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        OutputLog.Subscription sub = follow ? log.subscribe() : log.snapshot();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        Thread t = new Thread(() -> pump(ex, sub), "bpfx-sse-" + names.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return true;
    }

    private void pump(HttpExchange ex, OutputLog.Subscription sub) {
        try (OutputStream out = ex.getResponseBody()) {
            out.write(": bpfx\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                OutputLog.Line line = sub.next(KEEPALIVE_MS);
                if (line == null) {
                    out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
                } else if (sub.isEnd(line)) {
                    break;
                } else {
                    out.write(event(line).getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the reader closed the connection (or the server is stopping)
        } finally {
            sub.cancel();
            ex.close();
            open.decrementAndGet();
        }
    }

    /** One SSE event; {@code data} never holds a newline (lines were split on them). */
    static String event(OutputLog.Line line) {
        StringBuilder b = new StringBuilder(line.data().length() + 24);
        if (line.event() != null) b.append("event: ").append(line.event()).append('\n');
        b.append("data: ").append(line.data().replace("\r", "").replace("\n", "\ndata: ")).append("\n\n");
        return b.toString();
    }
}
