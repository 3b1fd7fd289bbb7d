-- openat() calls of the process given with --pid (get_config("pid")).
target("opens")
    add_files("opens.bpf.c")
    set_kind("tracepoint")
    attach_to("on_openat", "syscalls:sys_enter_openat")
    set_values{ target_pid = get_config("pid") }
    on_event(function (e)
        print(string.format("open pid=%d comm=%s file=%s", e.pid, e.comm, e.fname))
    end)
