package io.bpfx.engine.btf;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The unmodifiable list of values the decoder hands to a {@link ValueFactory}:
 * a struct's field values (with its {@link FieldNames}) or an array's items.
 * {@link JavaValues} keeps the array as is rather than copying it.
 */
final class DecodedValues<T> extends AbstractList<T> implements RandomAccess {
    final Object[] values;
    final FieldNames names;   // null for array items

    DecodedValues(Object[] values, FieldNames names) {
        this.values = values;
        this.names = names;
    }

    @SuppressWarnings("unchecked")
    @Override
    public T get(int index) {
        return (T) values[index];
    }

    @Override
    public int size() {
        return values.length;
    }
}
