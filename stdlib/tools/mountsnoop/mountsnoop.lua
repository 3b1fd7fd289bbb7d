-- mountsnoop: mount() and umount() calls with arguments and result (libbpf-tools' mountsnoop).
--   bpfx run mountsnoop [-p PID] [-x] [-t]
-- TID and MNT_NS are in the --json records; the text keeps to 80 columns.
set_description("mount() and umount() calls")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-x", "--failed", help = "only show failed calls" }
add_option{ "-t", "--timestamp", help = "include a time column (HH:MM:SS)" }

local time = get_config("timestamp")

local function result(ret)
    if ret >= 0 then return tostring(ret) end
    return string.format("-%d", -ret)
end

target("mountsnoop")
    add_files("mountsnoop.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, failed_only = get_config("failed") }
    add_metric{ type = "counter", name = "mount_calls_total", from_events = true, labels = { "comm", "op" },
                help = "mount and umount calls by command" }
    on_event(function (e)
        local call
        if e.op == "MOUNT" then
            call = string.format('mount("%s", "%s", "%s", 0x%x, "%s") = %s',
                e.src, e.dest, e.fs, e.flags, e.data, result(e.ret))
        else
            call = string.format('umount("%s", 0x%x) = %s', e.dest, e.flags, result(e.ret))
        end
        print(string.format("%s%-16s %-7d %s", time and os.date("%H:%M:%S ") or "", e.comm, e.pid, call))
    end)

entry(function ()
    run("mountsnoop")
    print(string.format("%s%-16s %-7s %s", time and "TIME     " or "", "COMM", "PID", "CALL"))
end)
