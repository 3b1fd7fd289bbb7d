-- threadsnoop: new threads (pthread_create) with their start routine (BCC's threadsnoop),
-- named by usym() while the process lives, else its address.
--   bpfx run threadsnoop [-p PID]
set_description("pthread_create() calls")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }

local t0   -- the first event's time: TIME(ms) counts from it

target("threadsnoop")
    add_files("threadsnoop.bpf.c")
    set_kind("uprobe")
    attach_to("on_create", "libc:pthread_create")
    set_values{ target_pid = get_config("pid") or 0 }
    add_metric{ type = "counter", name = "threads_created_total", from_events = true, labels = { "comm" },
                help = "pthread_create calls by command" }
    on_event(function (e)
        t0 = t0 or e.ts_ns
        print(string.format("%-10d %-7d %-16s %s", math.floor((e.ts_ns - t0) / 1e6), e.pid, e.comm,
            usym(e.pid, e.func)))
    end)

entry(function ()
    run("threadsnoop")
    print(string.format("%-10s %-7s %-16s %s", "TIME(ms)", "PID", "COMM", "FUNC"))
end)
