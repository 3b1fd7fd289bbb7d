package io.bpfx.dsl;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.luaj.vm2.Buffer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;

/**
 * An exact 64-bit integer in Lua, for the values a double cannot hold: LuaJ 3.0.1's numbers are
 * doubles (plus 32-bit LuaInteger), so a u64 kernel address or an s64 beyond ±2^53 arrives as
 * this instead. The rule is canonical: a value with |v| ≤ 2^53 is always a plain Lua number, any
 * other value in [-2^63, 2^64-1] is always a LuaInt64 ({@link #of}), so equal values have one
 * representation per kind and hash alike.
 * <p>
 * It is a userdata (LuaJ's tables would store a TNUMBER value as a double) whose Java methods
 * implement what the VM dispatches to: {@code == < <= > >=} with numbers and each other (exact),
 * {@code + - * %} and unary minus (exact; a result outside [-2^63, 2^64-1] is an error), {@code /}
 * and {@code ^} (doubles), {@code ..} and {@code tostring} (decimal), table keys (equal to the
 * same value as a double key when the double is that exact integer). Math functions and
 * {@code tonumber} see the nearest double.
 */
public final class LuaInt64 extends LuaUserdata {
    static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final long EXACT = 1L << 53;
    private static final LuaTable META = new LuaTable();
    private static final Object INSTANCE_MARKER = new Object();

    static {
        META.rawset(TOSTRING, new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                return v.tostring();
            }
        });
        META.rawset(LuaValue.valueOf("__metatable"), LuaValue.valueOf("int64"));
    }

    /** The 64 bits; the value is {@code bits + 2^64} when {@link #high}. */
    private final long bits;
    /** True for values in [2^63, 2^64): only u64 can hold them. */
    private final boolean high;

    private LuaInt64(long bits, boolean high) {
        super(INSTANCE_MARKER, META);
        this.bits = bits;
        this.high = high;
    }

    /** The Lua value of a 64-bit integer: {@code bits} read as unsigned or signed. */
    public static LuaValue of(long bits, boolean unsigned) {
        boolean high = unsigned && bits < 0;
        if (!high && bits >= -EXACT && bits <= EXACT) {
            return bits >= Integer.MIN_VALUE && bits <= Integer.MAX_VALUE
                    ? LuaValue.valueOf((int) bits) : LuaValue.valueOf((double) bits);
        }
        return new LuaInt64(bits, high);
    }

    /** The Lua value of an integer in [-2^63, 2^64-1], else null. */
    public static LuaValue of(BigInteger v) {
        if (v.compareTo(MIN) < 0 || v.compareTo(MAX_U64) > 0) return null;
        return of(v.longValue(), v.signum() > 0);
    }

    /** This value as a Java number: a Long when it fits, else a BigInteger (values ≥ 2^63). */
    public Number toJava() {
        return high ? toBigInteger() : (Number) bits;
    }

    public BigInteger toBigInteger() {
        BigInteger b = BigInteger.valueOf(bits);
        return high ? b.add(BigInteger.ONE.shiftLeft(64)) : b;
    }

    /** The two's-complement bits (what %x prints). */
    public long bits() {
        return bits;
    }

    public boolean isNegative() {
        return !high && bits < 0;
    }

    double toDouble() {
        return high ? (double) (bits >>> 1) * 2.0 + (bits & 1) : (double) bits;
    }

    // --- exact values of Lua numbers ---------------------------------------------------------

    /** The exact integer a Lua value stands for, or null (non-integral, non-finite, not a number). */
    static BigInteger exact(LuaValue v) {
        if (v instanceof LuaInt64 i) return i.toBigInteger();
        if (v.isinttype()) return BigInteger.valueOf(v.toint());
        if (v.type() != TNUMBER) return null;
        return exact(v.todouble());
    }

    static BigInteger exact(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) return null;
        return Math.abs(d) < 0x1p62 ? BigInteger.valueOf((long) d) : new BigDecimal(d).toBigInteger();
    }

    private int compareTo(LuaInt64 o) {
        if (high != o.high) return high ? 1 : -1;
        return high ? Long.compareUnsigned(bits, o.bits) : Long.compare(bits, o.bits);
    }

    /** Exact comparison with a double; NaN is the caller's business. */
    private int compareTo(double d) {
        if (high) {
            if (d >= 0x1p64) return -1;
            if (d < 0x1p63) return 1;
            return Long.compareUnsigned(bits, (long) (d - 0x1p63) ^ Long.MIN_VALUE);
        }
        if (d >= 0x1p63) return -1;
        if (d < -0x1p63) return 1;
        long whole = (long) d;  // toward zero; exact for the doubles that can tie with |bits| > 2^53
        int c = Long.compare(bits, whole);
        if (c != 0) return c;
        double fraction = d - whole;
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }

    /** Sign of (this - v); throws Lua's comparison error for non-numbers. NaN compares as "none". */
    private Integer compare(LuaValue v) {
        if (v instanceof LuaInt64 o) return compareTo(o);
        if (v.type() == TNUMBER) {
            double d = v.todouble();
            return Double.isNaN(d) ? null : compareTo(d);
        }
        throw new LuaError("attempt to compare userdata with " + v.typename());
    }

    private boolean cmp(LuaValue v, int op) {
        Integer c = compare(v);
        if (c == null) return false;
        return switch (op) {
            case 0 -> c < 0;
            case 1 -> c <= 0;
            case 2 -> c > 0;
            default -> c >= 0;
        };
    }

    @Override public boolean lt_b(LuaValue rhs) { return cmp(rhs, 0); }
    @Override public boolean lt_b(int rhs) { return cmp(valueOf(rhs), 0); }
    @Override public boolean lt_b(double rhs) { return cmp(valueOf(rhs), 0); }
    @Override public boolean lteq_b(LuaValue rhs) { return cmp(rhs, 1); }
    @Override public boolean lteq_b(int rhs) { return cmp(valueOf(rhs), 1); }
    @Override public boolean lteq_b(double rhs) { return cmp(valueOf(rhs), 1); }
    @Override public boolean gt_b(LuaValue rhs) { return cmp(rhs, 2); }
    @Override public boolean gt_b(int rhs) { return cmp(valueOf(rhs), 2); }
    @Override public boolean gt_b(double rhs) { return cmp(valueOf(rhs), 2); }
    @Override public boolean gteq_b(LuaValue rhs) { return cmp(rhs, 3); }
    @Override public boolean gteq_b(int rhs) { return cmp(valueOf(rhs), 3); }
    @Override public boolean gteq_b(double rhs) { return cmp(valueOf(rhs), 3); }
    @Override public LuaValue lt(LuaValue rhs) { return valueOf(lt_b(rhs)); }
    @Override public LuaValue lt(int rhs) { return valueOf(lt_b(rhs)); }
    @Override public LuaValue lt(double rhs) { return valueOf(lt_b(rhs)); }
    @Override public LuaValue lteq(LuaValue rhs) { return valueOf(lteq_b(rhs)); }
    @Override public LuaValue lteq(int rhs) { return valueOf(lteq_b(rhs)); }
    @Override public LuaValue lteq(double rhs) { return valueOf(lteq_b(rhs)); }
    @Override public LuaValue gt(LuaValue rhs) { return valueOf(gt_b(rhs)); }
    @Override public LuaValue gt(int rhs) { return valueOf(gt_b(rhs)); }
    @Override public LuaValue gt(double rhs) { return valueOf(gt_b(rhs)); }
    @Override public LuaValue gteq(LuaValue rhs) { return valueOf(gteq_b(rhs)); }
    @Override public LuaValue gteq(int rhs) { return valueOf(gteq_b(rhs)); }
    @Override public LuaValue gteq(double rhs) { return valueOf(gteq_b(rhs)); }

    // --- equality and hashing (tables use raweq and hashCode) -----------------------------------

    @Override
    public boolean raweq(LuaValue v) {
        if (v instanceof LuaInt64 o) return bits == o.bits && high == o.high;
        if (v.type() == TNUMBER) {
            double d = v.todouble();
            return !Double.isNaN(d) && compareTo(d) == 0;
        }
        return false;
    }

    @Override public boolean raweq(LuaUserdata v) { return raweq((LuaValue) v); }
    @Override public boolean raweq(double v) { return !Double.isNaN(v) && compareTo(v) == 0; }
    @Override public boolean raweq(int v) { return false; }   // |this| > 2^53
    @Override public boolean eq_b(LuaValue v) { return raweq(v); }
    @Override public LuaValue eq(LuaValue v) { return valueOf(raweq(v)); }
    @Override public boolean neq_b(LuaValue v) { return !raweq(v); }
    @Override public LuaValue neq(LuaValue v) { return valueOf(!raweq(v)); }

    @Override
    public boolean equals(Object o) {
        return o instanceof LuaValue v && raweq(v);
    }

    /** Equal to LuaDouble's hash when a double holds this value exactly, so such keys meet in tables. */
    @Override
    public int hashCode() {
        double d = toDouble();
        if (compareTo(d) == 0) {
            long l = Double.doubleToLongBits(d + 1);
            return ((int) (l >> 32)) + (int) l;
        }
        return Long.hashCode(bits) ^ (high ? 0x5bd1e995 : 0);
    }

    // --- arithmetic ----------------------------------------------------------------------------

    private static LuaValue result(BigInteger r, String op, LuaValue a, LuaValue b) {
        LuaValue v = of(r);
        if (v == null) {
            throw new LuaError("integer overflow: " + a.tojstring() + " " + op + " " + b.tojstring()
                    + " = " + r + " is outside [-2^63, 2^64-1]");
        }
        return v;
    }

    /** a op b with a or b a LuaInt64: exact when both are integers, else on doubles. */
    private static LuaValue arith(char op, LuaValue a, LuaValue b) {
        BigInteger x = exact(a);
        BigInteger y = exact(b);
        if ((a.type() != TNUMBER && !(a instanceof LuaInt64)) || (b.type() != TNUMBER && !(b instanceof LuaInt64))) {
            throw new LuaError("attempt to perform arithmetic on a " + (a instanceof LuaInt64 ? b : a).typename()
                    + " value");
        }
        if (op == '/' || op == '^' || x == null || y == null) {
            double p = number(a);
            double q = number(b);
            return switch (op) {
                case '+' -> valueOf(p + q);
                case '-' -> valueOf(p - q);
                case '*' -> valueOf(p * q);
                case '/' -> valueOf(p / q);
                case '%' -> valueOf(p - Math.floor(p / q) * q);
                default -> valueOf(Math.pow(p, q));
            };
        }
        return switch (op) {
            case '+' -> result(x.add(y), "+", a, b);
            case '-' -> result(x.subtract(y), "-", a, b);
            case '*' -> result(x.multiply(y), "*", a, b);
            default -> {
                if (y.signum() == 0) yield valueOf(Double.NaN);   // Lua 5.2: a % 0 is nan
                BigInteger m = x.mod(y.abs());                         // Lua: the result has the divisor's sign
                yield result(y.signum() < 0 && m.signum() != 0 ? m.add(y) : m, "%", a, b);
            }
        };
    }

    private static double number(LuaValue v) {
        return v instanceof LuaInt64 i ? i.toDouble() : v.todouble();
    }

    @Override public LuaValue add(LuaValue rhs) { return arith('+', this, rhs); }
    @Override public LuaValue add(double lhs) { return arith('+', valueOf(lhs), this); }
    @Override public LuaValue add(int lhs) { return arith('+', valueOf(lhs), this); }
    @Override public LuaValue sub(LuaValue rhs) { return arith('-', this, rhs); }
    @Override public LuaValue sub(double rhs) { return arith('-', this, valueOf(rhs)); }
    @Override public LuaValue sub(int rhs) { return arith('-', this, valueOf(rhs)); }
    @Override public LuaValue subFrom(double lhs) { return arith('-', valueOf(lhs), this); }
    @Override public LuaValue subFrom(int lhs) { return arith('-', valueOf(lhs), this); }
    @Override public LuaValue mul(LuaValue rhs) { return arith('*', this, rhs); }
    @Override public LuaValue mul(double lhs) { return arith('*', valueOf(lhs), this); }
    @Override public LuaValue mul(int lhs) { return arith('*', valueOf(lhs), this); }
    @Override public LuaValue div(LuaValue rhs) { return arith('/', this, rhs); }
    @Override public LuaValue div(double rhs) { return arith('/', this, valueOf(rhs)); }
    @Override public LuaValue div(int rhs) { return arith('/', this, valueOf(rhs)); }
    @Override public LuaValue divInto(double lhs) { return arith('/', valueOf(lhs), this); }
    @Override public LuaValue mod(LuaValue rhs) { return arith('%', this, rhs); }
    @Override public LuaValue mod(double rhs) { return arith('%', this, valueOf(rhs)); }
    @Override public LuaValue mod(int rhs) { return arith('%', this, valueOf(rhs)); }
    @Override public LuaValue modFrom(double lhs) { return arith('%', valueOf(lhs), this); }
    @Override public LuaValue pow(LuaValue rhs) { return arith('^', this, rhs); }
    @Override public LuaValue pow(double rhs) { return arith('^', this, valueOf(rhs)); }
    @Override public LuaValue pow(int rhs) { return arith('^', this, valueOf(rhs)); }
    @Override public LuaValue powWith(double lhs) { return arith('^', valueOf(lhs), this); }
    @Override public LuaValue powWith(int lhs) { return arith('^', valueOf(lhs), this); }
    @Override
    public LuaValue neg() {
        LuaValue v = of(toBigInteger().negate());
        if (v == null) throw new LuaError("integer overflow: -" + tojstring() + " is outside [-2^63, 2^64-1]");
        return v;
    }

    // --- strings and numbers -------------------------------------------------------------------

    @Override
    public String tojstring() {
        return high ? Long.toUnsignedString(bits) : Long.toString(bits);
    }

    @Override public String toString() { return tojstring(); }
    @Override public LuaValue tostring() { return LuaString.valueOf(tojstring()); }
    @Override public LuaString strvalue() { return LuaString.valueOf(tojstring()); }
    @Override public LuaValue tonumber() { return valueOf(toDouble()); }
    @Override public double todouble() { return toDouble(); }
    @Override public double checkdouble() { return toDouble(); }
    @Override public double optdouble(double defval) { return toDouble(); }
    @Override public LuaNumber checknumber() { return (LuaNumber) valueOf(toDouble()); }
    @Override public LuaNumber checknumber(String msg) { return (LuaNumber) valueOf(toDouble()); }
    @Override public Object touserdata() { return toBigInteger(); }
    @Override public Object touserdata(Class c) { return c.isAssignableFrom(BigInteger.class) ? toBigInteger() : null; }

    @Override public LuaValue concat(LuaValue rhs) { return strvalue().concat(rhs); }
    @Override public Buffer concat(Buffer rhs) { return rhs.concatTo(strvalue()); }
    @Override public LuaValue concatTo(LuaValue lhs) { return lhs.concat(strvalue()); }
    @Override public LuaValue concatTo(LuaNumber lhs) { return lhs.strvalue().concat(strvalue()); }
    @Override public LuaValue concatTo(LuaString lhs) { return lhs.concat(strvalue()); }
}
