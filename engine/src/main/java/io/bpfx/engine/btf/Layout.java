package io.bpfx.engine.btf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a decoder needs to turn bytes into named values: a BTF type with
 * typedefs and qualifiers resolved away. All offsets and sizes are in bytes.
 * Built by {@link Btf#layout(int)}; decoded by {@link LayoutDecoder}, encoded
 * by {@link LayoutEncoder}.
 */
public sealed interface Layout {
    int size();

    /**
     * An integer of 1, 2, 4 or 8 bytes. {@code isChar} marks a plain
     * char / signed char / unsigned char (not one reached through a typedef
     * such as __u8, which stands for a number).
     */
    record IntLayout(int size, boolean signed, boolean bool, boolean isChar) implements Layout {}

    /** float (4) or double (8). */
    record FloatLayout(int size) implements Layout {}

    /**
     * An enum of 1, 2, 4 or 8 bytes. {@code names} maps a value (sign- or
     * zero-extended per {@code signed}) to the first enumerator declared with it.
     */
    record EnumLayout(int size, boolean signed, Map<Long, String> names) implements Layout {
        public EnumLayout {
            names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        }
    }

    /** char[N], signed char[N] or unsigned char[N]: a string up to the first NUL (or all N bytes). */
    record CharArrayLayout(int size) implements Layout {}

    record ArrayLayout(Layout element, int count) implements Layout {
        public int size() { return element.size() * count; }
    }

    /**
     * A struct or union (or a DATASEC seen as a struct of its variables).
     * Members of anonymous struct/union members are flattened into
     * {@code fields} with their offsets adjusted, so fields are named as C
     * code accesses them. Unnamed padding bitfields are left out.
     */
    record StructLayout(String name, List<Field> fields, int size, boolean union) implements Layout {
        public StructLayout {
            fields = List.copyOf(fields);
        }

        public Optional<Field> field(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) return Optional.of(f);
            }
            return Optional.empty();
        }
    }

    /**
     * A struct member at byte {@code offset}. For a bitfield, {@code bitSize}
     * is its width and its bits are bits [bitOffset, bitOffset + bitSize) of
     * the little-endian storage starting at {@code offset} (normally the
     * naturally aligned unit of {@code layout.size()} bytes holding it;
     * {@code (bitOffset + bitSize + 7) / 8} bytes are significant).
     * For other members bitOffset and bitSize are 0.
     */
    record Field(String name, int offset, Layout layout, int bitOffset, int bitSize) {
        public boolean isBitfield() { return bitSize != 0; }
    }

    /** A pointer; its value is an address in the traced program and is decoded as an unsigned number. */
    record PointerLayout() implements Layout {
        public int size() { return 8; }
    }

    /** Anything else (void, functions, forward declarations, __int128, long double): raw bytes. */
    record OpaqueLayout(int size) implements Layout {}
}
