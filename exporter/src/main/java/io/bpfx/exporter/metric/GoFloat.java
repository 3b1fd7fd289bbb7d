package io.bpfx.exporter.metric;

import java.math.BigDecimal;

/**
 * Formats a double the way Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} does,
 * which is how ebpf_exporter (client_golang) writes histogram {@code le} labels:
 * {@code 1e-06}, {@code 0.000128}, {@code 524288}, {@code 1.048576e+06}. Keeping
 * the same strings keeps the same series in Prometheus.
 */
public final class GoFloat {

    private GoFloat() {
    }

    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
        }
        String sign = v < 0 ? "-" : "";
        // Double.toString gives the shortest digits that round-trip
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();

        // 'g' with shortest precision switches to exponent form below 1e-4 and from 1e6 (Go uses precision 6)
        if (exp < -4 || exp >= 6) {
            StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            if (abs < 10) {
                sb.append('0');
            }
            return sb.append(abs).toString();
        }
        if (exp >= 0) {
            StringBuilder sb = new StringBuilder(sign);
            if (digits.length() <= exp + 1) {
                sb.append(digits).append("0".repeat(exp + 1 - digits.length()));
            } else {
                sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
            }
            return sb.toString();
        }
        return sign + "0." + "0".repeat(-exp - 1) + digits;
    }
}
