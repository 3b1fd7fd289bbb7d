package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/**
 * {@code sleep(ms)}: waits while events keep reaching callbacks (the host dispatches them on
 * this thread). Never past --duration; when the run should end (duration over, interrupted)
 * it unwinds the script like {@code exit(0)}.
 */
final class SleepFunction extends DslFunction {

    SleepFunction(DslRuntime runtime) {
        super(runtime, "sleep", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        double ms = args.number(1, "milliseconds");
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw args.error("milliseconds must be a non-negative number, got " + args.get(1).tojstring());
        }
        long wanted = Math.round(ms);
        long left = runtime.millisLeft();
        runtime.host().sleep(Math.min(wanted, left));
        // cut short by --duration: the run is over even if the host woke a moment early
        if (runtime.isInteractive() && runtime.shouldEnd()) {
            throw new CommandInterrupted(); // the REPL: Ctrl-C ends the command, not the session
        }
        if (left < wanted || runtime.shouldEnd()) {
            throw new ExitRequest(0);
        }
        return NONE;
    }
}
