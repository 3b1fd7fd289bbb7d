package io.bpfx.dsl;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code exit([code])}, and {@code os.exit} routed here so a script never kills the JVM: stops
 * every target, then unwinds Lua with {@link ExitRequest}. Code: 0..255, or true (0) / false (1)
 * as os.exit takes.
 */
final class ExitFunction extends DslFunction {

    ExitFunction(DslRuntime runtime, String name) {
        super(runtime, name, Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        LuaValue given = args.get(1);
        int code;
        if (given.isnil()) {
            code = 0;
        } else if (given.type() == LuaValue.TBOOLEAN) {
            code = given.toboolean() ? 0 : 1;
        } else if (given.type() == LuaValue.TNUMBER && LuaConversions.number(given) instanceof Long l && l >= 0 && l <= 255) {
            code = l.intValue();
        } else {
            throw args.error("exit code must be an integer 0..255 or a boolean, got " + LuaValueFormatter.formatNested(given));
        }
        runtime.host().exit(code);
        throw new ExitRequest(code);
    }
}
