package io.bpfx.dsl;

import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.Varargs;

/**
 * {@code every(seconds, fn [, count])}: calls {@code fn()} every {@code seconds} while events keep
 * being delivered, as BCC's tools print a summary per interval; after {@code count} calls the run
 * ends as with {@code exit()} (without a count it goes on until Ctrl-C or --duration).
 */
final class EveryFunction extends DslFunction {

    EveryFunction(DslRuntime runtime) {
        super(runtime, "every", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(3);
        double seconds = args.number(1, "seconds");
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw args.error("seconds must be a positive number, got " + args.get(1).tojstring());
        }
        LuaFunction fn = args.function(2, "to call");
        long count = args.isPresent(3) ? (long) args.number(3, "count") : Long.MAX_VALUE;
        if (count < 1) throw args.error("count must be at least 1, got " + args.get(3).tojstring());
        long ms = Math.round(seconds * 1000);
        for (long i = 0; i < count; i++) {
            long left = runtime.millisLeft();
            runtime.host().sleep(Math.min(ms, left));
            // cut short by --duration or Ctrl-C: the run is over
            if (left < ms || runtime.shouldEnd()) throw new ExitRequest(0);
            fn.call();
        }
        throw new ExitRequest(0);
    }
}
