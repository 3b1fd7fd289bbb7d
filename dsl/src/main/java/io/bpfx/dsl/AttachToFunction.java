package io.bpfx.dsl;

import java.util.Map;

import org.luaj.vm2.Varargs;

/**
 * {@code attach_to(program, place [, opts])}. The place is read per the target's kind, which
 * may be set later in the block, so its shape is checked by {@link ScriptValidator}; whether
 * the program, tracepoint or symbol exists is the engine's business at run().
 */
final class AttachToFunction extends DslFunction {

    AttachToFunction(DslRuntime runtime) {
        super(runtime, "attach_to", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(3);
        TargetSpec target = runtime.currentTarget(functionName());
        String program = args.string(1, "program name");
        String place = args.string(2, "place");
        Map<String, Object> options = AttachOptions.fromArgument(args, 3);
        target.addAttachment(new Attachment(program, place, options, runtime.callerLocation()));
        return NONE;
    }
}
