target("a")
    add_files("kp.bpf.c")
    set_kind("kprobe")
    attach_to("kp_open", "do_sys_openat2")
