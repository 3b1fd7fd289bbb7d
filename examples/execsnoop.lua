-- execsnoop: new processes (execve) with their arguments and result.
--   bpfx run execsnoop [-T] [-x] [-n NAME]
set_description("new processes (execve) with arguments")
add_option{ "-T", "--time", help = "include a time column (HH:MM:SS)" }
add_option{ "-x", "--fails", help = "include failed exec()s" }
add_option{ "-n", "--name", type = "string", help = "only commands containing this name" }

local time, fails, name = get_config("time"), get_config("fails"), get_config("name")

target("execsnoop")
    add_files("execsnoop.bpf.c")
    on_event(function (e)
        if e.ret ~= 0 and not fails then return end
        if name and not string.find(e.comm, name, 1, true) then return end
        local args = {}
        for i = 1, e.argc do args[i] = e.args[i] end
        local pre = time and os.date("%H:%M:%S ") or ""
        print(string.format("%s%-16s %-7d %-7d %3d %s",
            pre, e.comm, e.pid, e.ppid, e.ret, table.concat(args, " ")))
    end)

entry(function ()
    run("execsnoop")
    print(string.format("%s%-16s %-7s %-7s %3s %s", time and "TIME     " or "",
        "PCOMM", "PID", "PPID", "RET", "ARGS"))
end)
