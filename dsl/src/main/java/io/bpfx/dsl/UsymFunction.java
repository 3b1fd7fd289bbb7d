package io.bpfx.dsl;

import io.bpfx.engine.Kallsyms;
import io.bpfx.engine.UserSymbols;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code usym(pid, addr)}: the function holding user-space address {@code addr} in process
 * {@code pid} as {@code "name+0xoff"}, through {@code /proc/PID/maps} and the mapped file's ELF
 * symbols; the address in hex when the process is gone or the file has no symbol there.
 */
final class UsymFunction extends DslFunction {
    private final UserSymbols symbols = new UserSymbols();   // Lua's thread only

    UsymFunction(DslRuntime runtime) {
        super(runtime, "usym", null);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(2);
        long pid = args.integer64(1, "pid");
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw args.error("pid must be a positive process id, got " + args.get(1).tojstring());
        }
        long addr = args.integer64(2, "address");
        Kallsyms.Symbol s = symbols.resolve((int) pid, addr);
        return LuaValue.valueOf(s != null ? s.toString() : "0x" + Long.toHexString(addr));
    }
}
