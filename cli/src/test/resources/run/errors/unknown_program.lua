target("a")
    add_files("count.bpf.c")
    set_kind("tracepoint")
    attach_to("nosuch_prog", "syscalls:sys_enter_openat")
