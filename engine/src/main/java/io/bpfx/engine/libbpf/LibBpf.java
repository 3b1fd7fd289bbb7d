package io.bpfx.engine.libbpf;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * The part of the system libbpf (libbpf.so.1, 1.1.x) that bpfx uses, with
 * libbpf's own C names. libbpf 1.x returns negative errno from int
 * functions and NULL (errno set) from pointer functions; read errno with
 * {@link Native#getLastError()} right after the call, on the same thread.
 *
 * Java-named methods live on the handle classes (BpfObject, BpfMap, ...).
 */
public interface LibBpf extends Library {
    LibBpf INSTANCE = Jna.load("bpf", LibBpf.class);

    /** libbpf_print_fn_t: int (*)(enum libbpf_print_level, const char *fmt, va_list). */
    interface PrintFn extends Callback {
        int invoke(int level, Pointer format, Pointer vaList);
    }

    /** Returns the previous function as a plain pointer: typed as PrintFn, JNA would build a proxy class for it (~5 ms). */
    Pointer libbpf_set_print(PrintFn fn);

    // --- objects -----------------------------------------------------------
    Pointer bpf_object__open_file(String path, Pointer opts);
    Pointer bpf_object__open_mem(Pointer buf, long size, Pointer opts);
    int bpf_object__load(Pointer obj);
    void bpf_object__close(Pointer obj);
    Pointer bpf_object__btf(Pointer obj);
    Pointer bpf_object__next_program(Pointer obj, Pointer prev);
    Pointer bpf_object__next_map(Pointer obj, Pointer prev);

    // --- programs ----------------------------------------------------------
    String bpf_program__name(Pointer prog);
    String bpf_program__section_name(Pointer prog);
    int bpf_program__fd(Pointer prog);
    int bpf_program__type(Pointer prog);
    int bpf_program__set_autoload(Pointer prog, boolean autoload);
    boolean bpf_program__autoload(Pointer prog);

    Pointer bpf_program__attach(Pointer prog);
    Pointer bpf_program__attach_tracepoint(Pointer prog, String category, String name);
    Pointer bpf_program__attach_raw_tracepoint(Pointer prog, String name);
    Pointer bpf_program__attach_uprobe_opts(Pointer prog, int pid, String binaryPath, long funcOffset, Pointer opts);
    Pointer bpf_program__attach_usdt(Pointer prog, int pid, String binaryPath, String provider, String name, Pointer opts);
    Pointer bpf_program__attach_perf_event(Pointer prog, int perfFd);
    Pointer bpf_program__attach_kprobe(Pointer prog, boolean retprobe, String func);
    Pointer bpf_program__attach_iter(Pointer prog, Pointer opts);
    Pointer bpf_program__attach_xdp(Pointer prog, int ifindex);
    /** libbpf 1.1+ (ProgHandlers): the section handlers ebpf_exporter's objects need. */
    int libbpf_register_prog_handler(String sec, int progType, int expAttachType, Pointer opts);
    int bpf_iter_create(int linkFd);

    // --- links -------------------------------------------------------------
    int bpf_link__destroy(Pointer link);
    int bpf_link__fd(Pointer link);

    // --- maps (object side) ------------------------------------------------
    String bpf_map__name(Pointer map);
    int bpf_map__fd(Pointer map);
    int bpf_map__type(Pointer map);
    int bpf_map__key_size(Pointer map);
    int bpf_map__value_size(Pointer map);
    int bpf_map__max_entries(Pointer map);
    int bpf_map__set_max_entries(Pointer map, int maxEntries);
    int bpf_map__btf_key_type_id(Pointer map);
    int bpf_map__btf_value_type_id(Pointer map);
    Pointer bpf_map__initial_value(Pointer map, LongByReference size);

    // --- BTF ---------------------------------------------------------------
    Pointer btf__raw_data(Pointer btf, IntByReference size);

    // --- low-level map syscalls (fd based) ---------------------------------
    int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);
    int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);
    int bpf_map_delete_elem(int fd, Pointer key);
    int bpf_map_get_next_key(int fd, Pointer key, Pointer nextKey);
    int bpf_map_lookup_batch(int fd, Pointer inBatch, Pointer outBatch, Pointer keys, Pointer values,
                             IntByReference count, Pointer opts);

    int bpf_obj_get_info_by_fd(int fd, Pointer info, IntByReference len);
    int bpf_enable_stats(int type);

    // --- the whole system's objects, by id (engine.system) -----------------
    int bpf_prog_get_next_id(int startId, IntByReference nextId);
    int bpf_map_get_next_id(int startId, IntByReference nextId);
    int bpf_link_get_next_id(int startId, IntByReference nextId);
    int bpf_prog_get_fd_by_id(int id);
    int bpf_map_get_fd_by_id(int id);
    int bpf_link_get_fd_by_id(int id);
    int bpf_btf_get_fd_by_id(int id);

    // --- feature probes: tiny programs and maps (engine.system.Features) ---
    int bpf_prog_load(int progType, String progName, String license, Pointer insns, long insnCnt, Pointer opts);
    int bpf_map_create(int mapType, String mapName, int keySize, int valueSize, int maxEntries, Pointer opts);
    int bpf_raw_tracepoint_open(String name, int progFd);
    int bpf_link_create(int progFd, int targetFd, int attachType, Pointer opts);
    Pointer btf__load_vmlinux_btf();
    int btf__find_by_name_kind(Pointer btf, String name, int kind);
    void btf__free(Pointer btf);
    int libbpf_major_version();
    int libbpf_minor_version();

    int libbpf_num_possible_cpus();
}
