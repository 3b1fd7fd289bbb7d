package io.bpfx.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A load failure names libbpf's reason, not its closing "failed to load object". */
class LoadErrorsReasonTest {

    @Test
    void takesTheLineThatSaysWhat() {
        assertEquals("map 'counts': failed to create: Invalid argument(-22)", LoadErrors.reason("""
                libbpf: Error in bpf_create_map_xattr(counts):Invalid argument(-22). Retrying without BTF.
                libbpf: map 'counts': failed to create: Invalid argument(-22)
                libbpf: failed to load object 'x.bpf.o'
                """, "Invalid argument"));
        assertEquals("prog 'p': missing BPF prog type, check ELF section name 'foo/bar'", LoadErrors.reason("""
                libbpf: prog 'p': missing BPF prog type, check ELF section name 'foo/bar'
                libbpf: prog 'p': failed to load: -22
                libbpf: failed to load object 'x.bpf.o'
                """, "Invalid argument"));
        assertEquals("failed to find valid kernel BTF", LoadErrors.reason(
                "libbpf: failed to find valid kernel BTF\nlibbpf: failed to load object 'y'\n", "x"));
    }

    @Test
    void aGenericLineAloneKeepsTheErrno() {
        assertEquals("failed to load object 'x' (Operation not permitted)",
                LoadErrors.reason("libbpf: failed to load object 'x'\n", "Operation not permitted"));
        assertEquals("No such file", LoadErrors.reason("", "No such file"));
    }
}
