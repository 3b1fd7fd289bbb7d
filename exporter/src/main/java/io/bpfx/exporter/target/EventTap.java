package io.bpfx.exporter.target;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.RecordHandler;
import io.bpfx.exporter.EventCounter;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Sits on one event subscription of a target: counts each record for the
 * target, feeds the {@code from_events} counters of that map, then hands the
 * record to the script's {@code on_event} handler, if any. In a headless export
 * a Lua error in the handler is counted and printed (at most once a second)
 * instead of ending the run.
 */
final class EventTap implements RecordHandler {
    /** The subscription's map as the plan names it; null: the target's only event map. */
    final String plannedMap;
    private final TargetCounters counters;
    private final boolean survivesCallbackErrors;
    private final PrintStream err;
    private volatile EventCounter[] eventCounters = new EventCounter[0];
    private RecordHandler script;
    private long lastErrorPrinted;
    private long unprinted;

    EventTap(String plannedMap, TargetCounters counters, boolean survivesCallbackErrors, PrintStream err) {
        this.plannedMap = plannedMap;
        this.counters = counters;
        this.survivesCallbackErrors = survivesCallbackErrors;
        this.err = err;
    }

    /** The script's handler, made by the engine with the record layout (null: nobody in Lua listens). */
    void scriptHandler(RecordHandler handler) {
        this.script = handler;
    }

    /** The counters this map feeds; set once the target is up and its metrics are built. */
    void eventCounters(List<EventCounter> feed) {
        this.eventCounters = feed.toArray(new EventCounter[0]);
    }

    LongConsumer onLost(LongConsumer scriptOnLost) {
        return n -> {
            counters.lost.add(n);
            for (EventCounter c : eventCounters) {
                c.lost(n);
            }
            if (scriptOnLost != null) {
                scriptOnLost.accept(n);
            }
        };
    }

    @Override
    public void onRecord(ByteBuffer buf, int offset, int length) {
        counters.delivered.increment();
        for (EventCounter c : eventCounters) {
            c.record(buf, offset, length);
        }
        RecordHandler h = script;
        if (h == null) {
            return;
        }
        try {
            h.onRecord(buf, offset, length);
        } catch (BpfxException.InScript e) {
            counters.callbackErrors.increment();
            if (!survivesCallbackErrors) {
                throw e;
            }
            long now = System.nanoTime();
            if (lastErrorPrinted == 0 || now - lastErrorPrinted >= 1_000_000_000L) {
                err.println(e.getMessage() + (unprinted > 0 ? " (and " + unprinted + " more errors)" : ""));
                lastErrorPrinted = now;
                unprinted = 0;
            } else {
                unprinted++;
            }
        }
    }
}
