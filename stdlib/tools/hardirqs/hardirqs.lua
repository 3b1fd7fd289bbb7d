-- hardirqs: hard interrupt handler time, or counts, by handler (libbpf-tools' hardirqs).
--   bpfx run hardirqs [-C | -N] [-T] [INTERVAL [COUNT]]
set_description("hard interrupt time or count by handler")
add_option{ "-C", "--count", help = "count interrupts instead of timing them" }
add_option{ "-N", "--nanoseconds", help = "time in nanoseconds (default microseconds)" }
add_option{ "-T", "--timestamp", help = "include a timestamp on each summary" }
add_option{ "interval", type = "int", help = "print a summary every this many seconds" }
add_option{ "times", type = "int", help = "number of summaries, then exit" }

local count = get_config("count")
local column = count and "TOTAL_count" or get_config("nanoseconds") and "TOTAL_nsecs" or "TOTAL_usecs"

local function report()
    if get_config("timestamp") then print(os.date("%H:%M:%S")) end
    print(string.format("%-26s %11s", "HARDIRQ", column))
    local rows = map("irqs"):items()
    table.sort(rows, function (a, b) return a.value > b.value end)
    for _, r in ipairs(rows) do print(string.format("%-26s %11d", r.key.name, r.value)) end
end

target("hardirqs")
    add_files("hardirqs.bpf.c")
    set_values{ count_only = count, unit_div = get_config("nanoseconds") and 1 or 1000 }
    add_metric{ type = "counter", map = "irqs", labels = { "name" },
                name = count and "hardirqs_total" or "hardirq_time_total",
                help = count and "hard interrupts by handler" or "hard interrupt time by handler" }
    if not get_config("interval") then on_stop(report) end   -- with an interval, every() prints

entry(function ()
    run("hardirqs")
    print("Tracing hard irq event time... Hit Ctrl-C to end.")
    if get_config("interval") then
        every(get_config("interval"), function ()
            print("")
            report()
            map("irqs"):clear()
        end, get_config("times"))
    end
end)
