-- opensnoop: every openat() with its result, system-wide or for one process.
--   bpfx run opensnoop                 (Ctrl-C to end)
--   bpfx run opensnoop -p 1234 -T -x   (one process, timestamps, failed opens only)
set_description("openat() calls with fd or errno")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-n", "--name", type = "string", help = "trace commands containing this name only" }
add_option{ "-x", "--failed", help = "show failed opens only" }
add_option{ "-T", "--timestamp", help = "include a timestamp column (seconds)" }
add_option{ "-U", "--print-uid", help = "include a UID column" }

local name, failed = get_config("name"), get_config("failed")
local ts, uid = get_config("timestamp"), get_config("print_uid")
local t0   -- the first event's time: TIME(s) counts from it, as in BCC

target("opensnoop")
    add_files("opensnoop.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, failed_only = failed }
    on_event(function (e)
        if name and not string.find(e.comm, name, 1, true) then return end
        local fd, err = e.ret, 0
        if fd < 0 then fd, err = -1, -e.ret end
        local pre = ""
        if ts then
            t0 = t0 or e.ts_ns
            pre = string.format("%-14.6f ", (e.ts_ns - t0) / 1e9)
        end
        if uid then pre = pre .. string.format("%-6d ", e.uid) end
        print(string.format("%s%-7d %-16s %4d %3d %s", pre, e.pid, e.comm, fd, err, e.fname))
    end)
    on_lost(function (n) print(string.format("(lost %d events)", n)) end)

entry(function ()
    run("opensnoop")
    local pre = ""
    if ts then pre = string.format("%-14s ", "TIME(s)") end
    if uid then pre = pre .. string.format("%-6s ", "UID") end
    print(string.format("%s%-7s %-16s %4s %3s %s", pre, "PID", "COMM", "FD", "ERR", "PATH"))
end)
