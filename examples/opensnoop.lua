-- opensnoop: every openat() with its result, system-wide or for one process.
--   bpfx run examples/opensnoop.lua              (Ctrl-C to end)
--   bpfx run examples/opensnoop.lua --pid 1234   (only that process)
target("opensnoop")
    add_files("opensnoop.bpf.c")
    set_values{ target_pid = get_config("pid") or 0 }
    on_event(function (e)
        local fd, err = e.ret, 0
        if fd < 0 then fd, err = -1, -e.ret end
        print(string.format("%-7d %-16s %4d %3d %s", e.pid, e.comm, fd, err, e.fname))
    end)
    on_lost(function (n) print(string.format("(lost %d events)", n)) end)

entry(function ()
    run("opensnoop")
    print(string.format("%-7s %-16s %4s %3s %s", "PID", "COMM", "FD", "ERR", "PATH"))
end)
