-- runqlat: run queue latency as a histogram (BCC's runqlat).
--   bpfx run runqlat [-m] [-p PID] [-P | -L] [-T] [INTERVAL [COUNT]]
set_description("run queue latency histogram")
add_option{ "-m", "--milliseconds", help = "millisecond histogram (default microseconds)" }
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-P", "--pids", help = "a histogram per process" }
add_option{ "-L", "--tids", help = "a histogram per thread" }
add_option{ "-T", "--timestamp", help = "include a timestamp on each summary" }
add_option{ "interval", type = "int", help = "print a summary every this many seconds" }
add_option{ "count", type = "int", help = "number of summaries, then exit" }

local ms = get_config("milliseconds")
local MAX_BUCKET = 36   -- as in runqlat.h

local function report()
    if get_config("timestamp") then print(os.date("%H:%M:%S")) end
    local per = get_config("pids") and "pid" or get_config("tids") and "tid"
    print_log2_hist(map("hist"), ms and "msecs" or "usecs", per and { by = "id", section = per })
end

target("runqlat")
    add_files("runqlat.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, per_process = get_config("pids"),
                per_thread = get_config("tids"), unit_div = ms and 1000000 or 1000 }
    add_metric{ type = "histogram", name = "runq_latency_seconds", map = "hist", labels = { "id" },
                help = "run queue latency (id: pid with -P, tid with -L, else 0)",
                bucket_type = "exp2", bucket_min = 0, bucket_max = MAX_BUCKET,
                bucket_multiplier = ms and 1e-3 or 1e-6 }
    if not get_config("interval") then on_stop(report) end   -- with an interval, every() prints

entry(function ()
    run("runqlat")
    print("Tracing run queue latency... Hit Ctrl-C to end.")
    if get_config("interval") then
        every(get_config("interval"), function ()
            print("")
            report()
            map("hist"):clear()
        end, get_config("count"))
    end
end)
