-- naptime: voluntary sleeps (nanosleep, clock_nanosleep) with the caller and its parent
-- (bpftrace's naptime.bt; -p is an addition).
--   bpfx run naptime [-p PID]
set_description("nanosleep() calls: who sleeps, how long")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }

target("naptime")
    add_files("naptime.bpf.c")
    set_values{ target_pid = get_config("pid") or 0 }
    add_metric{ type = "counter", name = "naps_total", from_events = true, labels = { "comm" },
                help = "nanosleep calls by command" }
    on_event(function (e)
        print(string.format("%s %-6d %-16s %-6d %-16s %d.%03d", os.date("%H:%M:%S"),
            e.ppid, e.pcomm, e.pid, e.comm, e.sec, math.floor(e.nsec / 1000000)))
    end)

entry(function ()
    run("naptime")
    print(string.format("%-8s %-6s %-16s %-6s %-16s %s", "TIME", "PPID", "PCOMM", "PID", "COMM", "SECONDS"))
end)
