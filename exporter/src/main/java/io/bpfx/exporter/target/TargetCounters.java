package io.bpfx.exporter.target;

import java.util.concurrent.atomic.LongAdder;

/**
 * Per target counts that outlive a run of the target (a target stopped and run
 * again keeps counting): event records delivered and lost, and Lua callback errors.
 */
public final class TargetCounters {
    final LongAdder delivered = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder callbackErrors = new LongAdder();

    public long delivered() {
        return delivered.sum();
    }

    public long lost() {
        return lost.sum();
    }

    public long callbackErrors() {
        return callbackErrors.sum();
    }
}
