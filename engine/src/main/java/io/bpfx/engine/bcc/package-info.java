/**
 * The BCC toolchain: BCC C (BCC's dialect: {@code BPF_HASH}, {@code TRACEPOINT_PROBE},
 * {@code table.perf_submit()}, ...) compiled at run time by libbcc (libbcc.so.0,
 * 0.26, over JNA) against the running kernel's headers, and loaded and attached by
 * the engine.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (BccModule m = BccModule.compile(Path.of("opensnoop.c"), List.of("TARGET_PID=42"), List.of())) {
 *     m.autoAttach(Set.of());                       // TRACEPOINT_PROBE(syscalls, sys_enter_openat), ...
 *     m.attach("on_call", new AttachTarget.Uprobe(bin, "fn", offset, false, -1));
 *     m.table("counts").entries();                  // decoded through BCC's key/leaf descriptors
 *     Layout.StructLayout ev = m.eventLayout("events", "data_t");
 *     new PerfBufferReader(m.table("events"), handler);   // BPF_RINGBUF_OUTPUT: RingBufferReader
 * }
 * }</pre>
 * Through {@link io.bpfx.engine.session.Session}: a target file that is {@code *.c} but not
 * {@code *.bpf.c}, or any {@code *.c} of a target whose {@code toolchain} is "bcc"
 * ({@code set_toolchains("bcc")}), compiles here; {@code add_defines}/{@code add_includedirs}
 * become {@code -D}/{@code -I}, {@code set_values} become {@code -DNAME=VALUE}; functions named
 * by BCC's conventions attach themselves,
 * others by {@code attach_to}; tables are the target's maps.
 *
 * <h2>How it maps BCC's conventions</h2>
 * <ul>
 * <li>Program types: a function is loaded when attached, as a tracepoint program for
 * tracepoints, raw tracepoint for raw tracepoints, perf_event for perf events and kprobe
 * type for kprobes and uprobes. Names: {@code tracepoint__cat__name},
 * {@code raw_tracepoint__name}, {@code kprobe__fn}, {@code kretprobe__fn}. Other functions
 * are left alone unless attached explicitly (they may be tail-call targets).
 * <li>Attaching is the engine's (perf_event_open + a BPF_PERF_EVENT link, or a raw
 * tracepoint fd), not libbcc's tracefs probes; every attachment is a {@link io.bpfx.engine.Link}.
 * <li>Event record types: BCC does not type perf/ring buffer tables. {@link
 * io.bpfx.engine.bcc.BccModule#eventLayout} takes the struct named by {@code type} when a
 * table's key or leaf uses it, else the fields BCC recorded for the struct passed to
 * {@code perf_submit}/{@code ringbuf_output}/{@code ringbuf_reserve} of that table.
 * <li>Errors: compile errors as {@code file.c:LINE: message} (BCC's diagnostics are read
 * from its stderr), missing kernel headers (checked first, where BCC looks:
 * {@code $BCC_KERNEL_SOURCE}, {@code /lib/modules/$(uname -r)/build|source},
 * {@code /sys/kernel/kheaders.tar.xz}), verifier rejections with the log.
 * </ul>
 *
 * <h2>Not supported</h2>
 * USDT (BCC's argument readers come from its Python side), kfunc/kretfunc/lsm names,
 * kprobes on
 * kernels without the kprobe PMU (a clear Unsupported error), BCC's syscall-prefix fixing of
 * {@code kprobe__sys_*} names. Descriptor-typed tables whose descriptor does not add up to the
 * table's size (BCC keeps only the first dimension of multi-dimensional arrays) decode as raw bytes.
 */
package io.bpfx.engine.bcc;
