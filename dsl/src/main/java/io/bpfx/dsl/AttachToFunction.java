package io.bpfx.dsl;

import java.util.Map;
import org.luaj.vm2.LuaTable;
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
        LuaTable opts = args.optionalTable(3, "of options");
        Map<String, Object> options = Map.of();
        if (opts != null) {
            Object converted = LuaConversions.toJava(opts);
            if (!(converted instanceof Map<?, ?> raw)) {
                throw args.error("options must be a table of name = value, e.g. { pid = 1234 }");
            }
            try {
                options = AttachOptions.validate(raw);
            } catch (IllegalArgumentException e) {
                throw args.error(e.getMessage());
            }
        }
        target.addAttachment(new Attachment(program, place, options, runtime.callerLocation()));
        return NONE;
    }
}
