-- exitsnoop: process exits with their age and exit status (libbpf-tools' exitsnoop).
--   bpfx run exitsnoop [-p PID] [-t] [-x] [-T]
set_description("process exits with age and exit status")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-t", "--threaded", help = "trace every thread's exit, not only processes'" }
add_option{ "-x", "--failed", help = "trace failed exits only (non-zero code or signal)" }
add_option{ "-T", "--time", help = "include a time column (HH:MM:SS)" }

local time = get_config("time")

-- signal names for "signal 9 (KILL)", as exitsnoop prints them
local SIGNALS = { "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
    "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
    "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS" }

target("exitsnoop")
    add_files("exitsnoop.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, trace_threads = get_config("threaded"),
                failed_only = get_config("failed") }
    add_metric{ type = "counter", name = "exits_total", from_events = true, labels = { "comm" },
                help = "process exits by command" }
    on_event(function (e)
        local status = tostring(e.exit_code)
        if e.sig ~= 0 then
            status = string.format("signal %d (%s)%s", e.sig, SIGNALS[e.sig] or "?",
                e.core_dumped ~= 0 and ", core dumped" or "")
        end
        print(string.format("%s%-16s %-7d %-7d %-7d %-7.2f %s", time and os.date("%H:%M:%S ") or "",
            e.comm, e.pid, e.ppid, e.tid, (e.exit_ns - e.start_ns) / 1e9, status))
    end)

entry(function ()
    run("exitsnoop")
    print(string.format("%s%-16s %-7s %-7s %-7s %-7s %s", time and "TIME     " or "",
        "PCOMM", "PID", "PPID", "TID", "AGE(s)", "EXIT_CODE"))
end)
