package io.bpfx.dsl;

import io.bpfx.engine.Kallsyms;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code ksym(addr)}: the kernel symbol holding {@code addr} as {@code "name+0xoff"} (just
 * {@code "name"} at its start), from {@code /proc/kallsyms} (the engine's one table per
 * process), or the address in hex when no symbol is known. {@code addr} is a number or a
 * 64-bit value such as an event's u64 field.
 */
final class KsymFunction extends DslFunction {

    KsymFunction(DslRuntime runtime) {
        super(runtime, "ksym", null);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        long addr = args.integer64(1, "address");
        Kallsyms.Symbol s;
        try {
            s = Kallsyms.shared().resolve(addr);
        } catch (java.io.UncheckedIOException e) {
            throw args.error(e.getMessage());
        }
        return LuaValue.valueOf(s != null ? s.toString() : "0x" + Long.toHexString(addr));
    }
}
