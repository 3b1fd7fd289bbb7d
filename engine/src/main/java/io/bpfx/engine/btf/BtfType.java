package io.bpfx.engine.btf;

import java.util.List;

/**
 * One BTF type, as stored in the type section. Type references are ids into
 * the same {@link Btf} (0 is void). Anonymous types have the name "".
 */
public sealed interface BtfType {
    BtfKind kind();

    /** The type's name, "" when anonymous. */
    String name();

    /** Type id 0. */
    record VoidType() implements BtfType {
        static final VoidType INSTANCE = new VoidType();
        public BtfKind kind() { return BtfKind.VOID; }
        public String name() { return "void"; }
    }

    /**
     * An integer. {@code bitOffset}/{@code bits} come from the INT encoding word;
     * only very old BTF uses them for bitfields, normally bits == size * 8.
     */
    record IntType(String name, int size, boolean signed, boolean isChar, boolean bool, int bitOffset, int bits)
            implements BtfType {
        public BtfKind kind() { return BtfKind.INT; }
    }

    record PtrType(int type) implements BtfType {
        public BtfKind kind() { return BtfKind.PTR; }
        public String name() { return ""; }
    }

    record ArrayType(int elementType, int indexType, int count) implements BtfType {
        public BtfKind kind() { return BtfKind.ARRAY; }
        public String name() { return ""; }
    }

    /** A struct or union; member offsets are in bits from the start of the type. */
    record StructType(String name, int size, boolean union, List<Member> members) implements BtfType {
        public StructType { members = List.copyOf(members); }
        public BtfKind kind() { return union ? BtfKind.UNION : BtfKind.STRUCT; }
    }

    /** A struct/union member; {@code bitfieldSize} is 0 unless the member is a bitfield. */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {}

    /** ENUM or ENUM64; values are sign- or zero-extended to long according to {@code signed}. */
    record EnumType(String name, int size, boolean signed, boolean enum64, List<EnumValue> values)
            implements BtfType {
        public EnumType { values = List.copyOf(values); }
        public BtfKind kind() { return enum64 ? BtfKind.ENUM64 : BtfKind.ENUM; }
    }

    record EnumValue(String name, long value) {}

    /** A forward declaration: {@code struct foo;} or {@code union foo;}. */
    record FwdType(String name, boolean union) implements BtfType {
        public BtfKind kind() { return BtfKind.FWD; }
    }

    record TypedefType(String name, int type) implements BtfType {
        public BtfKind kind() { return BtfKind.TYPEDEF; }
    }

    /** CONST, VOLATILE, RESTRICT or TYPE_TAG: a type that only qualifies {@code type}. */
    record QualifierType(BtfKind kind, String name, int type) implements BtfType {}

    /** A function; {@code type} is its FUNC_PROTO. Linkage: 0 static, 1 global, 2 extern. */
    record FuncType(String name, int type, int linkage) implements BtfType {
        public BtfKind kind() { return BtfKind.FUNC; }
    }

    record FuncProtoType(int returnType, List<Param> params) implements BtfType {
        public FuncProtoType { params = List.copyOf(params); }
        public BtfKind kind() { return BtfKind.FUNC_PROTO; }
        public String name() { return ""; }
    }

    record Param(String name, int type) {}

    /** A global variable. Linkage: 0 static, 1 global, 2 extern. */
    record VarType(String name, int type, int linkage) implements BtfType {
        public BtfKind kind() { return BtfKind.VAR; }
    }

    /** A data section; {@code vars} point at VAR types. */
    record DatasecType(String name, int size, List<SectionVar> vars) implements BtfType {
        public DatasecType { vars = List.copyOf(vars); }
        public BtfKind kind() { return BtfKind.DATASEC; }
    }

    /** One entry of a DATASEC: the VAR's type id, and where it sits in the section. */
    record SectionVar(int varType, int offset, int size) {}

    record FloatType(String name, int size) implements BtfType {
        public BtfKind kind() { return BtfKind.FLOAT; }
    }

    /** A declaration tag on {@code type}; componentIndex -1 means the type itself, else a member/param. */
    record DeclTagType(String name, int type, int componentIndex) implements BtfType {
        public BtfKind kind() { return BtfKind.DECL_TAG; }
    }
}
