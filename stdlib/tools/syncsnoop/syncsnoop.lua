-- syncsnoop: calls that flush data to storage: sync, syncfs, fsync, fdatasync,
-- sync_file_range, msync (bpftrace's syncsnoop.bt; -p is an addition).
--   bpfx run syncsnoop [-p PID]
set_description("sync(), fsync() ... calls")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }

target("syncsnoop")
    add_files("syncsnoop.bpf.c")
    set_values{ target_pid = get_config("pid") or 0 }
    add_metric{ type = "counter", name = "sync_calls_total", from_events = true, labels = { "comm", "call" },
                help = "sync-family calls by command and call" }
    on_event(function (e)
        print(string.format("%-9s %-6d %-16s %s", os.date("%H:%M:%S"), e.pid, e.comm, string.lower(string.sub(e.call, 6))))
    end)

entry(function ()
    run("syncsnoop")
    print(string.format("%-9s %-6s %-16s %s", "TIME", "PID", "COMM", "EVENT"))
end)
