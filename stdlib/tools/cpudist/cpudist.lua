-- cpudist: on-CPU (or, with -O, off-CPU) time per scheduling, as a histogram (BCC's cpudist).
--   bpfx run cpudist [-O] [-m] [-p PID] [-P | -L] [-T] [INTERVAL [COUNT]]
set_description("on-CPU time per scheduling, histogram")
add_option{ "-O", "--offcpu", help = "measure off-CPU time instead" }
add_option{ "-m", "--milliseconds", help = "millisecond histogram (default microseconds)" }
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-P", "--pids", help = "a histogram per process" }
add_option{ "-L", "--tids", help = "a histogram per thread" }
add_option{ "-T", "--timestamp", help = "include a timestamp on each summary" }
add_option{ "interval", type = "int", help = "print a summary every this many seconds" }
add_option{ "count", type = "int", help = "number of summaries, then exit" }

local ms = get_config("milliseconds")
local MAX_BUCKET = 36   -- as in cpudist.h

local function report()
    if get_config("timestamp") then print(os.date("%H:%M:%S")) end
    local per = get_config("pids") and "pid" or get_config("tids") and "tid"
    print_log2_hist(map("hist"), ms and "msecs" or "usecs", per and { by = "id", section = per })
end

target("cpudist")
    add_files("cpudist.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, per_process = get_config("pids"),
                per_thread = get_config("tids"), offcpu = get_config("offcpu"),
                unit_div = ms and 1000000 or 1000 }
    add_metric{ type = "histogram", map = "hist", labels = { "id" },
                name = get_config("offcpu") and "offcpu_seconds" or "oncpu_seconds",
                help = "time on (-O: off) a CPU per scheduling (id: pid with -P, tid with -L, else 0)",
                bucket_type = "exp2", bucket_min = 0, bucket_max = MAX_BUCKET,
                bucket_multiplier = ms and 1e-3 or 1e-6 }
    if not get_config("interval") then on_stop(report) end   -- with an interval, every() prints

entry(function ()
    run("cpudist")
    print(string.format("Tracing %s-CPU time... Hit Ctrl-C to end.", get_config("offcpu") and "off" or "on"))
    if get_config("interval") then
        every(get_config("interval"), function ()
            print("")
            report()
            map("hist"):clear()
        end, get_config("count"))
    end
end)
