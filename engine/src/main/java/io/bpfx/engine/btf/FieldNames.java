package io.bpfx.engine.btf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A struct layout's field names with a name → position index, built once per compiled struct. */
final class FieldNames {
    final Layout.StructLayout layout;
    final String[] names;
    private final Map<String, Integer> positions;

    FieldNames(Layout.StructLayout layout) {
        this.layout = layout;
        List<Layout.Field> fields = layout.fields();
        names = new String[fields.size()];
        positions = new HashMap<>(fields.size() * 2);
        for (int i = 0; i < names.length; i++) {
            names[i] = fields.get(i).name();
            positions.putIfAbsent(names[i], i);
        }
    }

    /** The position of the field with this name, or -1. */
    int indexOf(Object name) {
        Integer i = positions.get(name);
        return i == null ? -1 : i;
    }
}
