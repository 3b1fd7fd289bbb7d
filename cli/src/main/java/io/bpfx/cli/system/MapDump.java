package io.bpfx.cli.system;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.dsl.MapPrinter;
import io.bpfx.engine.MapInfo;
import io.bpfx.engine.system.KernelMap;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code bpfx map dump}: entries as they stream out of {@link KernelMap#forEach}, one
 * line each ({@code key: {pid: 42}  value: {count: 7}}) or a JSON array written
 * element by element, so memory stays one chunk however big the map. A histogram in
 * bpfx.h's layout prints as a log2 histogram, as {@code map(name):print()} does.
 */
public final class MapDump {
    private MapDump() {
    }

    public static void dump(KernelMap map, boolean json, PrintStream out, PrintStream err) {
        MapInfo i = map.info();
        if (!map.hasBtf()) {
            err.println("bpfx: map " + i.id() + " (" + i.name() + ") has no BTF: keys and values are raw hex (key "
                    + i.keySize() + " bytes, value " + i.valueSize() + " bytes)");
        }
        if (!json && MapPrinter.printIfHistogram(i.name(), map.map(), out)) {
            out.flush();
            return;
        }
        if (json) {
            try {
                JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out);
                g.writeStartArray();
                map.forEach((k, v) -> {
                    try {
                        g.writeStartObject();
                        g.writeObjectField("key", plain(k));
                        g.writeObjectField("value", plain(v));
                        g.writeEndObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                g.writeEndArray();
                g.flush();
                out.println();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            StringBuilder sb = new StringBuilder(256);
            long n = map.forEach((k, v) -> {
                sb.setLength(0);
                sb.append("key: ");
                text(sb, k);
                sb.append("  value: ");
                text(sb, v);
                out.println(sb);
            });
            out.println("Found " + n + (n == 1 ? " element" : " elements"));
        }
        out.flush();
    }

    /** byte[] as hex for JSON (Jackson would write base64). */
    static Object plain(Object v) {
        return v instanceof byte[] b ? hex(b) : v;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(HexFormat.of().toHexDigits(b[i]));
        }
        return sb.toString();
    }

    static void text(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append(e.getKey()).append(": ");
                text(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(", ");
                text(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof byte[] b) {
            sb.append(hex(b));
        } else if (v instanceof String s) {
            sb.append('"').append(s).append('"');
        } else {
            sb.append(v);
        }
    }
}
