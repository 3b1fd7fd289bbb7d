-- gethostlatency: host name lookups through libc, with their latency (BCC's gethostlatency).
--   bpfx run gethostlatency [-p PID]
set_description("host name lookups (libc) with latency")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }

target("gethostlatency")
    add_files("gethostlatency.bpf.c")
    set_kind("uprobe")
    set_values{ target_pid = get_config("pid") or 0 }
    for _, fn in ipairs({ "getaddrinfo", "gethostbyname", "gethostbyname2" }) do
        attach_to("on_lookup", "libc:" .. fn)
        attach_to("on_lookup_return", "libc:" .. fn, { retprobe = true })
    end
    add_metric{ type = "counter", name = "host_lookups_total", from_events = true, labels = { "comm" },
                help = "host name lookups by command" }
    on_event(function (e)
        print(string.format("%-9s %-7d %-16s %10.2f %s", os.date("%H:%M:%S"), e.pid, e.comm,
            e.lat_ns / 1e6, e.host))
    end)

entry(function ()
    run("gethostlatency")
    print(string.format("%-9s %-7s %-16s %10s %s", "TIME", "PID", "COMM", "LATms", "HOST"))
end)
