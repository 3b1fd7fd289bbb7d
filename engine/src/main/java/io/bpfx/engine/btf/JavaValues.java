package io.bpfx.engine.btf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes to plain Java values: {@code Long} for every integer and pointer,
 * {@code Double}, {@code Boolean}, {@code String} for char arrays, the
 * enumerator's name for a known enum value (else its {@code Long}), an
 * unmodifiable {@code List<Object>} for arrays, an unmodifiable
 * {@code Map<String,Object>} iterating in field order for structs (copy it
 * into a LinkedHashMap to change it), {@code byte[]} for opaque bytes.
 * <p>
 * A u64 (or pointer) at or above 2^63 comes back as a {@code BigInteger}
 * holding its exact value, so no unsigned value reads as negative; its
 * {@code longValue()} is the 64 bits. The encoder accepts both forms back.
 */
public final class JavaValues implements ValueFactory<Object> {
    public static final JavaValues INSTANCE = new JavaValues();

    /**
     * Boxes for small values beyond Long.valueOf's -128..127: map dumps are
     * full of bucket indices, small counts and u8 values, and boxing is most
     * of what decoding allocates.
     */
    private static final int CACHE_LOW = -128, CACHE_HIGH = 1024;
    private static final Long[] SMALL = new Long[CACHE_HIGH - CACHE_LOW];

    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = (long) (i + CACHE_LOW);
    }

    private JavaValues() {}

    @Override public Object ofLong(long v) {
        return v >= CACHE_LOW && v < CACHE_HIGH ? SMALL[(int) v - CACHE_LOW] : Long.valueOf(v);
    }

    @Override public Object ofUnsignedLong(long v) { return unsigned(v); }

    /** The exact value of the u64 whose bits are {@code v}: a Long below 2^63, else a BigInteger. */
    public static Number unsigned(long v) {
        return v >= 0 ? (Number) v : BigInteger.valueOf(v).add(TWO_64);
    }

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    @Override public Object ofDouble(double v) { return v; }

    @Override public Object ofBoolean(boolean v) { return v; }

    @Override public Object ofString(String s) { return s; }

    @Override public Object ofEnum(long value, String nameOrNull) {
        return nameOrNull != null ? nameOrNull : ofLong(value);
    }

    @Override public Object ofList(List<Object> items) {
        return items instanceof DecodedValues ? items : Collections.unmodifiableList(new ArrayList<>(items));
    }

    @Override public Object ofStruct(Layout.StructLayout layout, List<Object> fieldValues) {
        // from the decoder: reuse its value array and the compiled struct's name index
        if (fieldValues instanceof DecodedValues<Object> dv && dv.names != null && dv.names.layout == layout) {
            return new FieldMap(dv.names, dv.values);
        }
        return new FieldMap(new FieldNames(layout), fieldValues.toArray());
    }

    @Override public Object ofBytes(byte[] raw) { return raw; }
}
