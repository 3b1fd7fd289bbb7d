package io.bpfx.dsl;

import java.math.BigInteger;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code u64(x)} and {@code s64(x)}: a 64-bit integer from a number, another 64-bit value or a
 * string ("18446744073709551614", "0xffffffff81234567", "-1"), as C's cast would read its 64
 * bits: {@code u64(-1)} is 18446744073709551615, {@code s64("0xffffffffffffffff")} is -1. For
 * constants a Lua number cannot hold (a literal above 2^53 is already rounded) and for comparing
 * with event fields. The result follows {@link LuaInt64}'s rule: a plain number when |v| ≤ 2^53.
 */
final class Int64Function extends DslFunction {
    private final boolean unsigned;

    Int64Function(DslRuntime runtime, String name, boolean unsigned) {
        super(runtime, name, null);
        this.unsigned = unsigned;
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        LuaValue v = args.get(1);
        BigInteger exact;
        if (v.type() == LuaValue.TSTRING) {
            exact = parse(v.tojstring().trim());
            if (exact == null) {
                throw args.error("\"" + v.tojstring() + "\" is not an integer (decimal, or hex with 0x)");
            }
        } else if (v.type() == LuaValue.TNUMBER || v instanceof LuaInt64) {
            exact = LuaInt64.exact(v);
            if (exact == null) {
                throw args.error(v.tojstring() + " is not a whole number");
            }
        } else {
            throw args.bad(1, "number or string expected", v);
        }
        if (LuaInt64.of(exact) == null) {
            throw args.error(exact + " is outside [-2^63, 2^64-1]");
        }
        return LuaInt64.of(exact.longValue(), unsigned);
    }

    private static BigInteger parse(String s) {
        boolean negative = s.startsWith("-");
        String digits = negative || s.startsWith("+") ? s.substring(1) : s;
        boolean hex = digits.startsWith("0x") || digits.startsWith("0X");
        int radix = hex ? 16 : 10;
        if (hex) {
            digits = digits.substring(2);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, radix) >= 0)) {
            return null;
        }
        BigInteger v = new BigInteger(digits, radix);
        return negative ? v.negate() : v;
    }
}
