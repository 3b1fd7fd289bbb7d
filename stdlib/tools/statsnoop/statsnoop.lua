-- statsnoop: stat(), statx(), statfs() ... calls with their result (libbpf-tools' statsnoop).
--   bpfx run statsnoop [-p PID] [-x] [-t]
set_description("stat-family calls with result and path")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-x", "--failed", help = "only show failed stats" }
add_option{ "-t", "--timestamp", help = "include a timestamp column (seconds)" }

local ts = get_config("timestamp")
local t0   -- the first event's time: TIME(s) counts from it

target("statsnoop")
    add_files("statsnoop.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, failed_only = get_config("failed") }
    add_metric{ type = "counter", name = "stats_total", from_events = true, labels = { "comm" },
                help = "stat-family calls by command" }
    on_event(function (e)
        local ret, err = e.ret, 0
        if ret < 0 then ret, err = -1, -e.ret end
        local pre = ""
        if ts then
            t0 = t0 or e.ts_ns
            pre = string.format("%-14.9f ", (e.ts_ns - t0) / 1e9)
        end
        print(string.format("%s%-7d %-20s %-4d %-4d %s", pre, e.pid, e.comm, ret, err, e.path))
    end)

entry(function ()
    run("statsnoop")
    print(string.format("%s%-7s %-20s %-4s %-4s %s", ts and string.format("%-14s ", "TIME(s)") or "",
        "PID", "COMM", "RET", "ERR", "PATH"))
end)
