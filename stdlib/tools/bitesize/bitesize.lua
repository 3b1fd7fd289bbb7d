-- bitesize: block I/O sizes by process, as histograms (BCC's bitesize).
--   bpfx run bitesize [--comm COMM] [-d DISK] [-T] [INTERVAL [COUNT]]
-- (libbpf-tools spells --comm as -c, which `bpfx run` keeps for -c KEY=VALUE.)
set_description("block I/O size histograms by process")
add_option{ "--comm", type = "string", help = "trace this command only" }
add_option{ "-d", "--disk", type = "string", help = "trace this disk only (e.g. vda, loop0)" }
add_option{ "-T", "--timestamp", help = "include a timestamp on each summary" }
add_option{ "interval", type = "int", help = "print a summary every this many seconds" }
add_option{ "count", type = "int", help = "number of summaries, then exit" }

local MAX_BUCKET = 20

local function dev_of(name)
    local f = io.open("/sys/class/block/" .. name .. "/dev")
    if not f then error("no disk " .. name .. " (see /sys/class/block)", 0) end
    local major, minor = f:read("*l"):match("(%d+):(%d+)")
    f:close()
    return tonumber(major) * 1048576 + tonumber(minor)
end

local function report()
    if get_config("timestamp") then print(os.date("%H:%M:%S")) end
    print_log2_hist(map("hist"), "Kbytes", { by = "comm", section = "Process Name" })
end

target("bitesize")
    add_files("bitesize.bpf.c")
    set_values{ target_dev = get_config("disk") and dev_of(get_config("disk")) or 0,
                target_comm = get_config("comm") or "" }
    add_metric{ type = "histogram", name = "block_io_size_kbytes", map = "hist", labels = { "comm" },
                help = "block I/O sizes by issuing command", bucket_type = "exp2", bucket_min = 0,
                bucket_max = MAX_BUCKET, bucket_multiplier = 1 }
    if not get_config("interval") then on_stop(report) end   -- with an interval, every() prints

entry(function ()
    run("bitesize")
    print("Tracing block I/O... Hit Ctrl-C to end.")
    if get_config("interval") then
        every(get_config("interval"), function ()
            report()
            map("hist"):clear()
        end, get_config("count"))
    end
end)
