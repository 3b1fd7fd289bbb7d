package io.bpfx.exporter.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One stream of a run's output lines: the last {@code keep} lines for late subscribers, and
 * live delivery to each subscriber through a bounded queue of its own. A subscriber that falls
 * {@code queue} lines behind is cut off (it is told so) rather than slowing the run or growing
 * memory; the run never waits for a reader.
 */
public final class OutputLog {
    /** One line: {@code event} is null for output, else an SSE event name (log, end, overflow). */
    public record Line(String event, String data) {}

    private static final Line END = new Line("end", "");

    private final int keep;
    private final int queue;
    private final ArrayDeque<Line> recent = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private long total;
    private Line last;
    private boolean closed;

    public OutputLog(int keep, int queue) {
        this.keep = keep;
        this.queue = queue;
    }

    public void output(String data) {
        append(new Line(null, data));
    }

    public synchronized void append(Line line) {
        if (closed) return;
        if (line.event() == null) total++;
        recent.addLast(line);
        if (recent.size() > keep) recent.removeFirst();
        for (Subscription s : subscribers) s.offer(line);
    }

    /** Ends every stream after {@code last} (e.g. the run's final state); later appends are dropped. */
    public synchronized void close(Line finalLine) {
        if (closed) return;
        closed = true;
        last = finalLine;
        for (Subscription s : subscribers) {
            if (finalLine != null) s.offer(finalLine);
            s.offer(END);
        }
        subscribers.clear();
    }

    /** Output lines ever appended (not only those kept). */
    public synchronized long total() {
        return total;
    }

    /** The kept lines, oldest first. */
    public synchronized List<Line> recent() {
        return new ArrayList<>(recent);
    }

    /** A subscription that first yields the kept lines, then live ones, then ends with the log. */
    public synchronized Subscription subscribe() {
        Subscription s = new Subscription(queue + keep + 2);
        recent.forEach(s::offer);
        if (closed) {
            if (last != null) s.offer(last);
            s.offer(END);
        } else {
            subscribers.add(s);
        }
        return s;
    }

    /** The kept lines (and the end, if the log has ended), then the end of the stream. */
    public synchronized Subscription snapshot() {
        Subscription s = new Subscription(keep + 2);
        recent.forEach(s::offer);
        if (closed && last != null) s.offer(last);
        s.offer(END);
        return s;
    }

    /** Stops delivering to {@code s} (its reader went away). */
    public void unsubscribe(Subscription s) {
        subscribers.remove(s);
    }

    /** What one reader receives. */
    public final class Subscription {
        private final BlockingQueue<Line> lines;
        private volatile boolean overflowed;

        private Subscription(int capacity) {
            this.lines = new ArrayBlockingQueue<>(capacity);
        }

        private void offer(Line line) {
            if (overflowed) return;
            if (!lines.offer(line)) {
                overflowed = true;
                subscribers.remove(this);
                lines.clear();
                lines.offer(new Line("overflow", "{\"error\":\"this reader fell " + queue
                        + " lines behind and was cut off\"}"));
                lines.offer(END);
            }
        }

        /**
         * The next line, null after {@code timeoutMs} with nothing new; {@link #isEnd} tells
         * the end of the stream.
         */
        public Line next(long timeoutMs) throws InterruptedException {
            return lines.poll(timeoutMs, TimeUnit.MILLISECONDS);
        }

        public boolean isEnd(Line line) {
            return line == END;
        }

        public void cancel() {
            unsubscribe(this);
        }
    }
}
