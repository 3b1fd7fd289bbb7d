package io.bpfx.engine.kernel;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.CompileRequest;
import io.bpfx.engine.build.CoreBtf;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CO-RE against a minimised copy of the kernel's BTF: made after the first load, used from
 * the second, and the program reads the kernel's structs the same (exact counts and values).
 */
class CoreBtfKernelTest extends KernelTestBase {
    private static final long N = 1000;
    private static final String PROG = String.join("\n",
            "#include \"vmlinux.h\"",
            "#include <bpf/bpf_helpers.h>",
            "#include <bpf/bpf_core_read.h>",
            "#include \"bpfx.h\"",
            "const volatile int target_tgid = 0;",
            "struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } out SEC(\".maps\");",
            "SEC(\"tracepoint/syscalls/sys_enter_getppid\")",
            "int on_getppid(void *ctx) {",
            "  struct task_struct *t = (struct task_struct *)bpf_get_current_task();",
            "  int tgid = BPF_CORE_READ(t, tgid);",            // a field offset
            "  if (tgid != target_tgid) return 0;",
            "  __u32 k = 0; bpfx_map_add(&out, &k, 1);",
            "  __u64 v = BPF_CORE_READ(t, real_parent, tgid); k = 1; bpf_map_update_elem(&out, &k, &v, 0);", // a pointer chain
            "  v = bpf_core_field_exists(t->pid) * 100 + bpf_core_field_size(t->comm); k = 2; bpf_map_update_elem(&out, &k, &v, 0);",
            "  v = bpf_core_type_exists(struct task_struct); k = 3; bpf_map_update_elem(&out, &k, &v, 0);",
            "  return 0;",
            "}",
            "char LICENSE[] SEC(\"license\") = \"GPL\";");
    private static final String NO_CORE = String.join("\n",
            "#include \"vmlinux.h\"",
            "#include <bpf/bpf_helpers.h>",
            "SEC(\"tracepoint/syscalls/sys_enter_getppid\")",
            "int plain(void *ctx) { return 0; }",
            "char LICENSE[] SEC(\"license\") = \"GPL\";");

    @TempDir
    Path tmp;

    @Test
    void theSecondLoadReadsTheMinimisedCopyAndCountsTheSame() throws Exception {
        Path object = compile("core.bpf.c", PROG);
        CoreBtf core = new CoreBtf(tmp.resolve("cache"));
        assertEquals(Optional.empty(), core.find(object));

        Map<Long, Long> first = count(core, object);
        assertEquals(Optional.empty(), core.find(object), "made at the end of the run, not during it");
        CoreBtf.learnPending();
        Path btf = core.find(object).orElseThrow(() -> new AssertionError("no minimised BTF after the first load"));
        long size = Files.size(btf);
        assertTrue(size > 0 && size < 16 * 1024, "a minimised BTF is small: " + size + " bytes");

        try (BpfObject reopened = core.open(object)) {
            assertEquals(Optional.of(btf), reopened.coreBtf(), "the second open takes the copy");
        }
        Map<Long, Long> second = count(core, object);
        assertEquals(first, second, "the same relocations: the same values");
    }

    @Test
    void anObjectWithoutCoreRelocationsKeepsTheKernelsBtf() throws Exception {
        Path object = compile("plain.bpf.c", NO_CORE);
        CoreBtf core = new CoreBtf(tmp.resolve("cache"));
        try (BpfObject obj = core.open(object)) {
            obj.load();
        }
        CoreBtf.learnPending();
        assertEquals(Optional.empty(), core.find(object));
        try (BpfObject obj = core.open(object)) {
            assertEquals(Optional.empty(), obj.coreBtf());
        }
    }

    private Path compile(String name, String source) throws Exception {
        Path src = tmp.resolve(name);
        Files.writeString(src, source);
        return new BpfCompiler(tmp.resolve("cache")).compile(CompileRequest.of(src)).object();
    }

    /** Loads, attaches, lets a workload call getppid N times; the map's four values. */
    private static Map<Long, Long> count(CoreBtf core, Path object) throws Exception {
        try (Workload w = Workload.start("syscall_loop", String.valueOf(N));
             BpfObject obj = core.open(object)) {
            obj.setGlobal("target_tgid", (long) w.pid());
            obj.load();
            obj.program("on_getppid").attach(new AttachTarget.Tracepoint("syscalls", "sys_enter_getppid"));
            assertEquals(N, w.go().awaitDone());
            Map<Long, Long> values = new java.util.TreeMap<>();
            for (long k = 0; k < 4; k++) values.put(k, (Long) obj.map("out").lookup(k).orElseThrow());
            assertEquals(N, values.get(0L), "every getppid of the workload");
            assertEquals(ProcessHandle.current().pid(), values.get(1L), "the workload's parent is this JVM");
            assertEquals(116L, values.get(2L), "task_struct.pid exists, comm is 16 bytes");
            assertEquals(1L, values.get(3L), "task_struct exists");
            return values;
        }
    }
}
