package io.bpfx.dsl;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.format} with C semantics. LuaJ 3.0.1's ignores precision for %f/%e/%g and the
 * '-' flag for %s ({@code ("%.2f"):format(3.14159)} gives "3.14159"), which tracing scripts hit
 * first thing when printing latencies. Supports Lua 5.2's set: %d %i %u %c %x %X %o %e %E %f
 * %F %g %G %a %A %q %s %%, flags {@code -+ #0}, width and precision up to two digits each.
 * Works in both scopes and for {@code ("..."):format(...)} (installed in the string table).
 * 64-bit integers ({@link LuaInt64}) format exactly with %d %i %u %x %X %o.
 */
final class StringFormatFunction extends VarArgFunction {

    StringFormatFunction() {
        this.name = "format";
    }

    @Override
    public Varargs invoke(Varargs args) {
        // Lua strings are bytes: copy literal text and %s/%q/%c byte for byte
        LuaString format = args.checkstring(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(format.length() + 16);
        int arg = 1;
        int i = 0;
        while (i < format.length()) {
            int c = format.luaByte(i++);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i < format.length() && format.luaByte(i) == '%') {
                out.write('%');
                i++;
                continue;
            }
            Spec spec = new Spec();
            i = spec.parse(format, i);
            arg++;
            if (arg > args.narg()) {
                throw badArgument(arg, "no value");
            }
            byte[] piece = spec.apply(args.arg(arg), arg);
            out.write(piece, 0, piece.length);
        }
        return LuaString.valueOf(out.toByteArray());
    }

    private static LuaError badArgument(int arg, String why) {
        return new LuaError("bad argument #" + arg + " to 'format' (" + why + ")");
    }

    /** One conversion: %[flags][width][.precision]conversion. */
    private static final class Spec {
        boolean left;
        boolean plus;
        boolean space;
        boolean alternate;
        boolean zero;
        int width = -1;
        int precision = -1;
        char conversion;

        int parse(LuaString format, int i) {
            while (i < format.length() && "-+ #0".indexOf(format.luaByte(i)) >= 0) {
                switch (format.luaByte(i++)) {
                    case '-' -> left = true;
                    case '+' -> plus = true;
                    case ' ' -> space = true;
                    case '#' -> alternate = true;
                    default -> zero = true;
                }
            }
            int start = i;
            int value = 0;
            while (i < format.length() && isDigit(format.luaByte(i))) {
                value = value * 10 + format.luaByte(i++) - '0';
            }
            if (i - start > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            if (i > start) {
                width = value;
            }
            if (i < format.length() && format.luaByte(i) == '.') {
                start = ++i;
                value = 0;
                while (i < format.length() && isDigit(format.luaByte(i))) {
                    value = value * 10 + format.luaByte(i++) - '0';
                }
                if (i - start > 2) {
                    throw new LuaError("invalid format (width or precision too long)");
                }
                precision = value;
            }
            if (i >= format.length()) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            conversion = (char) format.luaByte(i++);
            return i;
        }

        private static boolean isDigit(int b) {
            return b >= '0' && b <= '9';
        }

        byte[] apply(LuaValue value, int arg) {
            return switch (conversion) {
                case 'd', 'i' -> {
                    BigInteger n = integral(value, arg);
                    yield ascii(integer(n.abs().toString(), n.signum() < 0, ""));
                }
                case 'u' -> ascii(integer(Long.toUnsignedString(integral(value, arg).longValue()), false, ""));
                case 'x', 'X', 'o' -> ascii(unsigned(integral(value, arg).longValue()));
                case 'c' -> pad(new byte[] {(byte) integral(value, arg).intValue()});
                case 'e', 'E', 'f', 'F', 'g', 'G', 'a', 'A' -> ascii(floating(number(value, arg)));
                case 's' -> {
                    byte[] s = bytes(tostring(value));
                    if (precision >= 0 && precision < s.length) {
                        s = java.util.Arrays.copyOf(s, precision);
                    }
                    yield pad(s);
                }
                case 'q' -> quoted(bytes(value.checkstring()));
                default -> throw new LuaError("invalid option '%" + conversion + "' to 'format'");
            };
        }

        private static LuaString tostring(LuaValue value) {
            LuaValue meta = value.getmetatable();
            if (meta != null && !meta.rawget(TOSTRING).isnil()) {
                return meta.rawget(TOSTRING).call(value).checkstring();
            }
            return value.type() == TSTRING ? value.checkstring() : LuaString.valueOf(value.tojstring());
        }

        private static byte[] bytes(LuaString s) {
            byte[] copy = new byte[s.length()];
            s.copyInto(0, copy, 0, copy.length);
            return copy;
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        private static double number(LuaValue value, int arg) {
            LuaValue n = value.tonumber();
            if (n.isnil()) {
                throw badArgument(arg, "number expected, got " + value.typename());
            }
            return n.todouble();
        }

        /**
         * Lua 5.2: truncates toward zero; NaN, infinities and values outside [-2^63, 2^64) are
         * errors. A {@link LuaInt64} is exact. %d prints the value, %u and %x its 64 bits (C's
         * unsigned long long: -1 prints as ffffffffffffffff).
         */
        private static BigInteger integral(LuaValue value, int arg) {
            if (value instanceof LuaInt64 big) {
                return big.toBigInteger();
            }
            double d = number(value, arg);
            if (Double.isNaN(d) || d >= 0x1p64 || d < -0x1p63) {
                throw badArgument(arg, "not a number in proper range");
            }
            return Math.abs(d) < 0x1p62 ? BigInteger.valueOf((long) d) : new BigDecimal(d).toBigInteger();
        }

        private String unsigned(long n) {
            String digits = switch (conversion) {
                case 'x' -> Long.toHexString(n);
                case 'X' -> Long.toHexString(n).toUpperCase(Locale.ROOT);
                default -> Long.toOctalString(n);
            };
            String prefix = "";
            if (alternate && n != 0) {
                prefix = conversion == 'o' ? "0" : conversion == 'x' ? "0x" : "0X";
            }
            plus = false;
            space = false;
            return integer(digits, false, prefix);
        }

        private String integer(String digits, boolean negative, String prefix) {
            if (precision >= 0) {
                if (precision == 0 && digits.equals("0")) {
                    digits = "";
                }
                digits = "0".repeat(Math.max(0, precision - digits.length())) + digits;
            }
            String sign = negative ? "-" : plus ? "+" : space ? " " : "";
            return padNumber(sign + prefix, digits, precision < 0);
        }

        private String floating(double d) {
            boolean upper = Character.isUpperCase(conversion);
            String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : plus ? "+" : space ? " " : "";
            double abs = Math.abs(d);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                String word = Double.isNaN(d) ? "nan" : "inf";
                return padNumber("", (Double.isNaN(d) ? "" : sign) + (upper ? word.toUpperCase(Locale.ROOT) : word), false);
            }
            int p = precision < 0 ? 6 : precision;
            String body = switch (Character.toLowerCase(conversion)) {
                case 'f' -> fixed(abs, p);
                case 'e' -> exponent(abs, p);
                case 'g' -> general(abs, p);
                default -> hex(abs);
            };
            return padNumber(sign, upper ? body.toUpperCase(Locale.ROOT) : body, true);
        }

        private String fixed(double abs, int p) {
            String s = String.format(Locale.ROOT, "%." + p + "f", abs);
            return alternate && p == 0 ? s + "." : s;
        }

        private String exponent(double abs, int p) {
            String s = String.format(Locale.ROOT, "%." + p + "e", abs);
            if (alternate && p == 0) {
                int e = s.indexOf('e');
                s = s.substring(0, e) + "." + s.substring(e);
            }
            return s;
        }

        /** C's %g: %e or %f by the exponent, then trailing zeros dropped unless '#'. */
        private String general(double abs, int p) {
            int precisionG = p == 0 ? 1 : p;
            String e = String.format(Locale.ROOT, "%." + (precisionG - 1) + "e", abs);
            int x = Integer.parseInt(e.substring(e.indexOf('e') + 1));
            String s = precisionG > x && x >= -4
                    ? String.format(Locale.ROOT, "%." + (precisionG - 1 - x) + "f", abs)
                    : e;
            if (alternate) {
                return s;
            }
            int exp = s.indexOf('e');
            String mantissa = exp >= 0 ? s.substring(0, exp) : s;
            String suffix = exp >= 0 ? s.substring(exp) : "";
            if (mantissa.indexOf('.') >= 0) {
                mantissa = mantissa.replaceAll("0+$", "");
                if (mantissa.endsWith(".")) {
                    mantissa = mantissa.substring(0, mantissa.length() - 1);
                }
            }
            return mantissa + suffix;
        }

        /** C's %a, e.g. 1.0 → 0x1p+0. */
        private static String hex(double abs) {
            if (abs == 0) {
                return "0x0p+0";
            }
            String java = Double.toHexString(abs); // 0x1.8p1, 0x1.0p-2
            int p = java.indexOf('p');
            String mantissa = java.substring(0, p).replaceAll("\\.0$", "");
            String exponent = java.substring(p + 1);
            return mantissa + "p" + (exponent.startsWith("-") ? exponent : "+" + exponent);
        }

        /** Width padding for numbers: zeros go between sign/prefix and digits. */
        private String padNumber(String signAndPrefix, String digits, boolean zeroAllowed) {
            String body = signAndPrefix + digits;
            if (width <= body.length()) {
                return body;
            }
            if (left) {
                return body + " ".repeat(width - body.length());
            }
            if (zero && zeroAllowed) {
                return signAndPrefix + "0".repeat(width - body.length()) + digits;
            }
            return " ".repeat(width - body.length()) + body;
        }

        /** Width padding for %s and %c, in bytes as C counts. */
        private byte[] pad(byte[] s) {
            if (width <= s.length) {
                return s;
            }
            byte[] padded = new byte[width];
            java.util.Arrays.fill(padded, (byte) ' ');
            System.arraycopy(s, 0, padded, left ? 0 : width - s.length, s.length);
            return padded;
        }

        /** Lua's %q: a string Lua reads back as the same bytes. */
        private static byte[] quoted(byte[] s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(s.length + 2);
            out.write('"');
            for (int i = 0; i < s.length; i++) {
                int c = s[i] & 0xff;
                if (c == '"' || c == '\\' || c == '\n') {
                    out.write('\\');
                    out.write(c);
                } else if (c == '\r') {
                    out.writeBytes(ascii("\\r"));
                } else if (c == 0 || c < 0x20 || c == 0x7f) {
                    boolean digitFollows = i + 1 < s.length && isDigit(s[i + 1]);
                    out.writeBytes(ascii(digitFollows ? String.format("\\%03d", c) : "\\" + c));
                } else {
                    out.write(c);
                }
            }
            out.write('"');
            return out.toByteArray();
        }
    }
}
