package io.bpfx.exporter.metric;

import io.prometheus.client.Collector;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Pieces of the Prometheus text formats as bytes, equal to what the Java client's
 * {@code TextFormat} writes (0.0.4 and OpenMetrics 1.0.0), so that a big map
 * metric can be written from cached label blocks without a {@code Sample} per
 * series. {@code ExpositionBytesTest} compares them with {@code TextFormat}.
 */
public final class Exposition {

    /** A series without labels: nothing between the sample name and the value. */
    public static final byte[] NO_LABELS = new byte[0];

    private static final byte[] INF = "+Inf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEG_INF = "-Inf".getBytes(StandardCharsets.US_ASCII);
    /** 2^53: below it every integral double is a long that {@link Double#toString} prints digit for digit. */
    private static final double EXACT = 9007199254740992.0;

    private Exposition() {
    }

    /**
     * A series' labels in text 0.0.4's form, {@code {a="x",b="y",}} (the Java client
     * ends every pair with a comma), values escaped; {@link #NO_LABELS} without labels.
     * OpenMetrics' form is the same without the last comma.
     */
    public static byte[] labelBlock(List<String> names, List<String> values) {
        if (names.isEmpty()) {
            return NO_LABELS;
        }
        StringBuilder sb = new StringBuilder(16 * names.size());
        sb.append('{');
        for (int i = 0; i < names.size(); i++) {
            sb.append(names.get(i)).append("=\"");
            escapeLabelValue(sb, values.get(i));
            sb.append("\",");
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code \}, {@code "} and newline escaped, as in label values and OpenMetrics' HELP. */
    public static void escapeLabelValue(StringBuilder sb, String s) {
        escape(sb, s, true);
    }

    /** {@code \} and newline escaped, and {@code "} too when {@code quotes} (text 0.0.4's HELP leaves it). */
    private static void escape(StringBuilder sb, String s, boolean quotes) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append(quotes ? "\\\"" : "\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    /**
     * The HELP and TYPE lines of a counter or gauge family. Text 0.0.4 names a
     * counter {@code <name>_total} in both; OpenMetrics puts TYPE first and escapes
     * quotes in HELP too.
     */
    public static byte[] header(String name, Collector.Type type, String help, boolean openMetrics) {
        boolean counter = type == Collector.Type.COUNTER;
        String typeName = switch (type) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            default -> throw new IllegalArgumentException("only counters and gauges are rendered here, not " + type);
        };
        StringBuilder sb = new StringBuilder(64 + help.length());
        if (openMetrics) {
            sb.append("# TYPE ").append(name).append(' ').append(typeName).append('\n');
            sb.append("# HELP ").append(name).append(' ');
            escapeLabelValue(sb, help);
            sb.append('\n');
        } else {
            String shown = counter ? name + "_total" : name;
            sb.append("# HELP ").append(shown).append(' ');
            escape(sb, help, false);
            sb.append('\n');
            sb.append("# TYPE ").append(shown).append(' ').append(typeName).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Most bytes {@link #writeValue} writes. */
    public static final int MAX_VALUE_BYTES = 32;

    /**
     * Writes {@code v} as the Java client does ({@code Collector.doubleToGoString}:
     * {@code +Inf}, {@code -Inf}, else {@link Double#toString}) at {@code pos};
     * returns the position after it. Integral values below 2^53, which is what map
     * counters hold, are written from their digits without making a String; the
     * rest (fractions, NaN, counters beyond 2^53 that the client prints rounded)
     * go through {@link Double#toString}.
     */
    public static int writeValue(byte[] buf, int pos, double v) {
        if (v == Double.POSITIVE_INFINITY) {
            System.arraycopy(INF, 0, buf, pos, INF.length);
            return pos + INF.length;
        }
        if (v == Double.NEGATIVE_INFINITY) {
            System.arraycopy(NEG_INF, 0, buf, pos, NEG_INF.length);
            return pos + NEG_INF.length;
        }
        long l = (long) v;
        if (l != v || v >= EXACT || v <= -EXACT || (l == 0 && Double.doubleToRawLongBits(v) != 0)) {
            String s = Double.toString(v); // ASCII
            for (int i = 0; i < s.length(); i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
            return pos;
        }
        if (l < 0) {
            buf[pos++] = '-';
            l = -l;
        }
        // digits of l, most significant first
        int digits = 1;
        for (long p = 10; digits < 19 && l >= p; p *= 10) {
            digits++;
        }
        if (digits < 8) { // 1234567.0
            for (int i = pos + digits - 1; i >= pos; i--) {
                buf[i] = (byte) ('0' + l % 10);
                l /= 10;
            }
            pos += digits;
            buf[pos++] = '.';
            buf[pos++] = '0';
            return pos;
        }
        // 1.2345678E7: the digits without trailing zeros, "d.ddd" ("d.0" for one), then the exponent
        int exponent = digits - 1;
        int significant = digits;
        while (l % 10 == 0) {
            l /= 10;
            significant--;
        }
        int end = pos + significant + 1; // one more for the point
        for (int i = end - 1; i > pos + 1; i--) {
            buf[i] = (byte) ('0' + l % 10);
            l /= 10;
        }
        buf[pos] = (byte) ('0' + l);
        buf[pos + 1] = '.';
        if (significant == 1) {
            buf[pos + 2] = '0';
            end++;
        }
        pos = end;
        buf[pos++] = 'E';
        if (exponent >= 10) {
            buf[pos++] = (byte) ('0' + exponent / 10);
        }
        buf[pos++] = (byte) ('0' + exponent % 10);
        return pos;
    }
}
