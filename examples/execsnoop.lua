-- execsnoop: new processes (execve) with their arguments and result.
--   bpfx run examples/execsnoop.lua
target("execsnoop")
    add_files("execsnoop.bpf.c")
    on_event(function (e)
        local args = {}
        for i = 1, e.argc do args[i] = e.args[i] end
        print(string.format("%-16s %-7d %-7d %3d %s",
            e.comm, e.pid, e.ppid, e.ret, table.concat(args, " ")))
    end)

entry(function ()
    run("execsnoop")
    print(string.format("%-16s %-7s %-7s %3s %s", "PCOMM", "PID", "PPID", "RET", "ARGS"))
end)
