package io.bpfx.engine.btf;

/**
 * A variable placed in a data section (.rodata, .data, .bss, ...): its name,
 * where it lives in the section, and the id of its type (the VAR's type, not
 * the VAR itself, so {@code btf.layout(typeId)} describes its bytes).
 * In an unopened .o file offsets may all be 0; libbpf fixes them at open.
 */
public record DatasecVar(String name, int offset, int size, int typeId) {}
