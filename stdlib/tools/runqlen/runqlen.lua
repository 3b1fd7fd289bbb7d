-- runqlen: CPU run queue length sampled at 99 Hz, as a linear histogram (BCC's runqlen).
--   bpfx run runqlen [-T] [INTERVAL [COUNT]]
set_description("run queue length, sampled at 99 Hz")
add_option{ "-T", "--timestamp", help = "include a timestamp on each summary" }
add_option{ "interval", type = "int", help = "print a summary every this many seconds" }
add_option{ "count", type = "int", help = "number of summaries, then exit" }

local MAX_SLOTS = 32

-- BCC's print_linear_hist: one row per length from 0 to the longest seen
local function report()
    if get_config("timestamp") then print(os.date("%H:%M:%S")) end
    local counts, last, max = {}, 0, 0
    for _, item in ipairs(map("runqlen"):items()) do
        local b = item.key   -- a one-member key struct reads as its number
        if b <= MAX_SLOTS then
            counts[b] = item.value
            if item.value > 0 then last = math.max(last, b) end
            max = math.max(max, item.value)
        end
    end
    print(string.format("     %-13s : count     distribution", "runqlen"))
    for len = 0, last do
        local n = counts[len] or 0
        local stars = max > 0 and math.floor(n * 40 / max) or 0
        print(string.format("        %-4d       : %-8d |%-40s|", len, n, string.rep("*", stars)))
    end
end

target("runqlen")
    add_files("runqlen.bpf.c")
    set_kind("perf_event")
    attach_to("on_sample", "cpu-clock", { frequency = 99 })
    add_metric{ type = "histogram", name = "run_queue_length", map = "runqlen",
                help = "run queue length samples", bucket_type = "linear", bucket_min = 0,
                bucket_max = MAX_SLOTS, bucket_multiplier = 1 }
    if not get_config("interval") then on_stop(report) end   -- with an interval, every() prints

entry(function ()
    run("runqlen")
    print("Sampling run queue length... Hit Ctrl-C to end.")
    if get_config("interval") then
        every(get_config("interval"), function ()
            print("")
            report()
            map("runqlen"):clear()
        end, get_config("count"))
    end
end)
