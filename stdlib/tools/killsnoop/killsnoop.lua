-- killsnoop: kill() calls with the signal, the target and the result (BCC's killsnoop).
--   bpfx run killsnoop [-p PID] [-s SIGNAL] [-x]
set_description("kill() calls: signal, target, result")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-s", "--signal", type = "int", help = "trace this signal only" }
add_option{ "-x", "--failed", help = "only show failed kill() calls" }

target("killsnoop")
    add_files("killsnoop.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, target_signal = get_config("signal") or 0,
                failed_only = get_config("failed") }
    add_metric{ type = "counter", name = "kills_total", from_events = true, labels = { "comm", "sig" },
                help = "kill() calls by sender command and signal" }
    on_event(function (e)
        print(string.format("%-9s %-7d %-16s %-4d %-7d %d",
            os.date("%H:%M:%S"), e.pid, e.comm, e.sig, e.tpid, e.ret))
    end)

entry(function ()
    run("killsnoop")
    print(string.format("%-9s %-7s %-16s %-4s %-7s %s", "TIME", "PID", "COMM", "SIG", "TPID", "RESULT"))
end)
