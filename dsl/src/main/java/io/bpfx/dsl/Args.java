package io.bpfx.dsl;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A DSL function's arguments with the checks every function needs. Failures are LuaErrors, so
 * LuaJ puts the calling line in front: {@code tracer.lua:4: bad argument #1 to add_files()
 * (string expected, got number)}. Strict: a number is not a string here.
 */
final class Args {
    private final String function;
    private final Varargs values;

    Args(String function, Varargs values) {
        this.function = function;
        this.values = values;
    }

    int count() {
        return values.narg();
    }

    Varargs all() {
        return values;
    }

    LuaValue get(int i) {
        return values.arg(i);
    }

    boolean isPresent(int i) {
        return !values.arg(i).isnil();
    }

    String string(int i, String what) {
        LuaValue v = values.arg(i);
        if (v.type() != LuaValue.TSTRING) {
            throw bad(i, "string " + what + " expected", v);
        }
        String s = v.tojstring();
        if (s.isEmpty()) {
            throw error(what + " must not be empty");
        }
        return s;
    }

    LuaFunction function(int i, String what) {
        LuaValue v = values.arg(i);
        if (!v.isfunction()) {
            throw bad(i, "function " + what + " expected", v);
        }
        return v.checkfunction();
    }

    LuaTable table(int i, String what) {
        LuaValue v = values.arg(i);
        if (!v.istable()) {
            throw bad(i, "table " + what + " expected", v);
        }
        return v.checktable();
    }

    LuaTable optionalTable(int i, String what) {
        return isPresent(i) ? table(i, what) : null;
    }

    double number(int i, String what) {
        LuaValue v = values.arg(i);
        if (v.type() != LuaValue.TNUMBER) {
            throw bad(i, "number " + what + " expected", v);
        }
        return v.todouble();
    }

    /**
     * A 64-bit integer argument (a whole number or a {@link LuaInt64}) as its bits: an address,
     * a cookie. Values outside [-2^63, 2^64-1] and fractions are errors naming the argument.
     */
    long integer64(int i, String what) {
        LuaValue v = values.arg(i);
        if (v.type() != LuaValue.TNUMBER && !(v instanceof LuaInt64)) {
            throw bad(i, "integer " + what + " expected", v);
        }
        java.math.BigInteger exact = LuaInt64.exact(v);
        if (exact == null || LuaInt64.of(exact) == null) {
            throw error(what + " must be a whole number in [-2^63, 2^64-1], got " + v.tojstring());
        }
        return exact.longValue();
    }

    /** At least one argument, each a non-empty string (add_files("a", "b"), add_defines...). */
    String[] strings(String what) {
        if (count() == 0) {
            throw error("expects at least one " + what);
        }
        String[] all = new String[count()];
        for (int i = 1; i <= count(); i++) {
            all[i - 1] = string(i, what);
        }
        return all;
    }

    void atMost(int n) {
        if (count() > n) {
            throw error("takes at most " + n + " argument" + (n == 1 ? "" : "s") + ", got " + count());
        }
    }

    LuaError bad(int i, String expected, LuaValue got) {
        return new LuaError("bad argument #" + i + " to " + function + "() (" + expected + ", got " + got.typename() + ")");
    }

    /** "set_kind(): message". */
    LuaError error(String message) {
        return new LuaError(function + "(): " + message);
    }
}
