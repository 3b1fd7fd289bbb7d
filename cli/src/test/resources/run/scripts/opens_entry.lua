-- openat() calls of the process whose pid is the first word after the script:
-- run(name, values) sets the pid filter at run time.
target("opens")
    add_files("opens.bpf.c")
    set_kind("tracepoint")
    attach_to("on_openat", "syscalls:sys_enter_openat")
    on_event(function (e)
        print(string.format("open pid=%d comm=%s file=%s", e.pid, e.comm, e.fname))
    end)

entry(function (pid)
    run("opens", { target_pid = tonumber(pid) })
end)
