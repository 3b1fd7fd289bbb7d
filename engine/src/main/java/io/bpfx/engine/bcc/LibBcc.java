package io.bpfx.engine.bcc;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import io.bpfx.engine.BpfxException;

/**
 * The part of libbcc (0.26, libbcc.so.0) the BCC toolchain uses, with BCC's
 * own C names (bcc_common.h, libbpf.h). Signatures follow BCC's Python
 * binding for 0.2x; {@code size_t} is {@code long}. Attaching is done by the
 * engine itself (perf_event_open + bpf_link_create), not through libbcc.
 */
public interface LibBcc extends Library {

    /** The loaded library; throws a one-line error when libbcc is not installed. */
    static LibBcc get() {
        return Holder.get();
    }

    final class Holder {
        private static LibBcc instance;
        private static String failure;

        private Holder() {}

        static synchronized LibBcc get() {
            if (instance != null) return instance;
            if (failure == null) {
                UnsatisfiedLinkError last = null;
                for (String name : new String[] {"bcc", "libbcc.so.0"}) {
                    try {
                        instance = io.bpfx.engine.libbpf.Jna.load(name, LibBcc.class);
                        return instance;
                    } catch (UnsatisfiedLinkError e) {
                        last = e;
                    }
                }
                failure = last == null ? "unknown error" : String.valueOf(last.getMessage()).lines().findFirst().orElse("");
            }
            throw new BpfxException.NotFound("BCC C needs libbcc (libbcc.so.0), which could not be loaded ("
                    + failure + "): apt-get install libbpfcc");
        }
    }

    // --- modules (bcc_common.h) ---------------------------------------------
    /** void *bpf_module_create_c_from_string(const char *text, unsigned flags, const char *cflags[], int ncflags, bool allow_rlimit, const char *dev_name) */
    Pointer bpf_module_create_c_from_string(String text, int flags, String[] cflags, int ncflags, boolean allowRlimit,
                                            String devName);
    void bpf_module_destroy(Pointer program);
    String bpf_module_license(Pointer program);
    int bpf_module_kern_version(Pointer program);

    long bpf_num_functions(Pointer program);
    String bpf_function_name(Pointer program, long id);
    Pointer bpf_function_start(Pointer program, String name);
    long bpf_function_size(Pointer program, String name);

    long bpf_num_tables(Pointer program);
    String bpf_table_name(Pointer program, long id);
    int bpf_table_fd_id(Pointer program, long id);
    int bpf_table_type_id(Pointer program, long id);
    long bpf_table_max_entries_id(Pointer program, long id);
    long bpf_table_key_size_id(Pointer program, long id);
    long bpf_table_leaf_size_id(Pointer program, long id);
    String bpf_table_key_desc_id(Pointer program, long id);
    String bpf_table_leaf_desc_id(Pointer program, long id);

    /** Fields ("name#type") of the struct a perf_submit / ringbuf_output / ringbuf_reserve of {@code event} sends. */
    long bpf_perf_event_fields(Pointer program, String event);
    String bpf_perf_event_field(Pointer program, String event, long i);

    // --- loading (libbpf.h of BCC) ----------------------------------------------
    /**
     * int bcc_func_load(void *program, int prog_type, const char *name, const struct bpf_insn *insns,
     * int prog_len, const char *license, unsigned kern_version, int log_level, char *log_buf,
     * unsigned log_buf_size, const char *dev_name, int attach_type). With a log buffer and
     * log_level 0, a failed load is retried with log_level 1 into the buffer.
     */
    int bcc_func_load(Pointer program, int progType, String name, Pointer insns, int progLen, String license,
                      int kernVersion, int logLevel, Pointer logBuf, int logBufSize, String devName, int attachType);
}
