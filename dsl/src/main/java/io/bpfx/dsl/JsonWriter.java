package io.bpfx.dsl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes plain Java values as compact JSON on one line (for {@code --json} NDJSON output), with
 * Jackson's generator: null, Boolean, Number, CharSequence, byte[] (as UTF-8 text), Map (keys via
 * String.valueOf, in the map's order), List / Object[]; anything else as its toString.
 * Integers are JSON numbers written exactly, a u64 above 2^63 (a BigInteger) included, as
 * bpftrace's {@code -f json} does; whole doubles below 1e15 print without ".0" (a Lua 3.0 is 3);
 * non-finite doubles are null. Control characters, U+2028/U+2029 and surrogates are \\u-escaped,
 * so every line is valid JSON in ASCII-safe UTF-8.
 */
public final class JsonWriter {
    private static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new Escapes());

    private JsonWriter() {
    }

    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(value, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Appends {@link #write(Object)}'s text. */
    public static void write(Object value, StringBuilder out) {
        out.append(write(value));
    }

    private static void write(Object value, JsonGenerator g) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                g.writeNull();
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                g.writeNumber((long) d);
            } else {
                g.writeNumber(d);
            }
        } else if (value instanceof BigInteger big) {
            g.writeNumber(big);
        } else if (value instanceof BigDecimal dec) {
            g.writeNumber(dec);
        } else if (value instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (value instanceof LuaInt64 big) {
            g.writeNumber(big.toBigInteger());
        } else if (value instanceof CharSequence s) {
            g.writeString(s.toString());
        } else if (value instanceof byte[] bytes) {
            g.writeString(new String(bytes, StandardCharsets.UTF_8));
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(e.getValue(), g);
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                write(item, g);
            }
            g.writeEndArray();
        } else if (value instanceof Object[] array) {
            write(Arrays.asList(array), g);
        } else {
            g.writeString(value.toString());
        }
    }

    /** Jackson's standard escapes plus the line separators JavaScript rejects and lone surrogate halves. */
    private static final class Escapes extends CharacterEscapes {
        private static final int[] ASCII = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028 || ch == 0x2029 || Character.isSurrogate((char) ch)) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
