package io.bpfx.engine.btf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes to plain Java values: {@code Long} for every integer and pointer,
 * {@code Double}, {@code Boolean}, {@code String} for char arrays, the
 * enumerator's name for a known enum value (else its {@code Long}),
 * {@code List<Object>} for arrays, {@code LinkedHashMap<String,Object>} in
 * field order for structs, {@code byte[]} for opaque bytes.
 * <p>
 * A u64 at or above 2^63 comes back as the {@code Long} holding the same
 * 64 bits, i.e. negative; read it with {@link Long#toUnsignedString(long)}
 * or {@link Long#compareUnsigned}. The encoder accepts it back unchanged.
 */
public final class JavaValues implements ValueFactory<Object> {
    public static final JavaValues INSTANCE = new JavaValues();

    private JavaValues() {}

    @Override public Object ofLong(long v) { return v; }

    @Override public Object ofUnsignedLong(long v) { return v; }

    @Override public Object ofDouble(double v) { return v; }

    @Override public Object ofBoolean(boolean v) { return v; }

    @Override public Object ofString(String s) { return s; }

    @Override public Object ofEnum(long value, String nameOrNull) {
        return nameOrNull != null ? nameOrNull : (Object) value;
    }

    @Override public Object ofList(List<Object> items) { return items; }

    @Override public Object ofStruct(Layout.StructLayout layout, List<Object> fieldValues) {
        List<Layout.Field> fields = layout.fields();
        int n = fields.size();
        // capacity so that n entries never trigger a resize
        Map<String, Object> map = new LinkedHashMap<>(n * 4 / 3 + 1);
        for (int i = 0; i < n; i++) map.put(fields.get(i).name(), fieldValues.get(i));
        return map;
    }

    @Override public Object ofBytes(byte[] raw) { return raw; }
}
