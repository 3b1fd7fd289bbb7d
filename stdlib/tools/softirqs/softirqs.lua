-- softirqs: soft interrupt time, or counts, by kind (libbpf-tools' softirqs).
--   bpfx run softirqs [-C | -N] [-T] [INTERVAL [COUNT]]
set_description("soft interrupt time or count by kind")
add_option{ "-C", "--count", help = "count soft interrupts instead of timing them" }
add_option{ "-N", "--nanoseconds", help = "time in nanoseconds (default microseconds)" }
add_option{ "-T", "--timestamp", help = "include a timestamp on each summary" }
add_option{ "interval", type = "int", help = "print a summary every this many seconds" }
add_option{ "times", type = "int", help = "number of summaries, then exit" }

local count = get_config("count")
local column = count and "TOTAL_count" or get_config("nanoseconds") and "TOTAL_nsecs" or "TOTAL_usecs"
-- the kernel's softirq_to_name[], by vector
local VECS = { "hi", "timer", "net_tx", "net_rx", "block", "irq_poll", "tasklet", "sched", "hrtimer", "rcu" }

local function report()
    if get_config("timestamp") then print(os.date("%H:%M:%S")) end
    print(string.format("%-16s %11s", "SOFTIRQ", column))
    local rows = map("softirqs"):items()
    table.sort(rows, function (a, b) return a.value > b.value end)
    for _, r in ipairs(rows) do print(string.format("%-16s %11d", VECS[r.key.vec + 1] or r.key.vec, r.value)) end
end

target("softirqs")
    add_files("softirqs.bpf.c")
    set_values{ count_only = count, unit_div = get_config("nanoseconds") and 1 or 1000 }
    add_metric{ type = "counter", map = "softirqs", labels = { "vec" },
                name = count and "softirqs_total" or "softirq_time_total",
                help = count and "soft interrupts by vector" or "soft interrupt time by vector" }
    if not get_config("interval") then on_stop(report) end   -- with an interval, every() prints

entry(function ()
    run("softirqs")
    print("Tracing soft irq event time... Hit Ctrl-C to end.")
    if get_config("interval") then
        every(get_config("interval"), function ()
            print("")
            report()
            map("softirqs"):clear()
        end, get_config("times"))
    end
end)
