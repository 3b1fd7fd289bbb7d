target("a")
    add_files("count.bpf.c")
    set_kind("tracepoint")
    attach_to("count_open", "syscalls:sys_enter_nosuch")
