package io.bpfx.dsl;

import java.util.regex.Pattern;
import org.luaj.vm2.Varargs;

/** {@code add_defines("X=1", "DEBUG", ...)}: -D flags for the target's C. */
final class AddDefinesFunction extends DslFunction {
    private static final Pattern DEFINE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\(.*\\))?(=.*)?", Pattern.DOTALL);

    AddDefinesFunction(DslRuntime runtime) {
        super(runtime, "add_defines", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        TargetSpec target = runtime.currentTarget(functionName());
        for (String define : args.strings("define")) {
            if (!DEFINE.matcher(define).matches()) {
                throw args.error("\"" + define + "\" is not NAME or NAME=VALUE");
            }
            target.addDefine(define);
        }
        return NONE;
    }
}
