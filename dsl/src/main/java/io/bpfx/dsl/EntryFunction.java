package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code entry(fn)}: replaces the default entry; {@code fn(arg, ...)} gets the command-line words. */
final class EntryFunction extends DslFunction {

    EntryFunction(DslRuntime runtime) {
        super(runtime, "entry", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        var fn = args.function(1, "entry function");
        // the REPL has no entry to run; a :load-ed tool's may replace the last one's
        if (!runtime.isInteractive()) {
            runtime.model().entryLocation().ifPresent(existing -> {
                throw args.error("entry is already defined (" + existing + ")");
            });
        }
        runtime.model().setEntry(new Callback(fn, runtime.callerLocation()));
        return NONE;
    }
}
