package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

import java.util.Map;

/**
 * {@code attach(target, program, place [, opts])}: attach_to from the script scope, for places
 * known only at run time (a function named on the command line); call it before
 * {@code run(target)}. The place is read per the target's kind, or the program's SEC name.
 */
final class AttachFunction extends DslFunction {
    AttachFunction(DslRuntime runtime) {
        super(runtime, "attach", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(4);
        String target = KnownTargets.require(runtime.model(), args, 1);
        String program = args.string(2, "program name");
        String place = args.string(3, "place");
        Map<String, Object> options = AttachOptions.fromArgument(args, 4);
        SourceLocation at = runtime.callerLocation();
        runtime.host().addAttachment(target, program, place, options, at.line() > 0 ? at.toString() : null);
        return NONE;
    }
}
