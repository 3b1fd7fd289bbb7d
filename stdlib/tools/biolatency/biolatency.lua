-- biolatency: block I/O latency as a histogram (BCC's biolatency).
--   bpfx run biolatency [-m] [-Q] [-D] [-d DISK] [-T] [INTERVAL [COUNT]]
set_description("block I/O latency histogram")
add_option{ "-m", "--milliseconds", help = "millisecond histogram (default microseconds)" }
add_option{ "-Q", "--queued", help = "include the time queued in the kernel" }
add_option{ "-D", "--disks", help = "a histogram per disk" }
add_option{ "-d", "--disk", type = "string", help = "trace this disk only (e.g. vda, loop0)" }
add_option{ "-T", "--timestamp", help = "include a timestamp on each summary" }
add_option{ "interval", type = "int", help = "print a summary every this many seconds" }
add_option{ "count", type = "int", help = "number of summaries, then exit" }

local ms = get_config("milliseconds")
local MAX_BUCKET = 36

-- a disk name ↔ the kernel's dev_t (major << 20 | minor), through /sys
local function dev_of(name)
    local f = io.open("/sys/class/block/" .. name .. "/dev")
    if not f then error("no disk " .. name .. " (see /sys/class/block)", 0) end
    local major, minor = f:read("*l"):match("(%d+):(%d+)")
    f:close()
    return tonumber(major) * 1048576 + tonumber(minor)
end

local function name_of(dev)
    local f = io.open(string.format("/sys/dev/block/%d:%d/uevent", math.floor(dev / 1048576), dev % 1048576))
    if not f then return string.format("%d:%d", math.floor(dev / 1048576), dev % 1048576) end
    local name = f:read("*a"):match("DEVNAME=(%S+)")
    f:close()
    return name
end

local function report()
    if get_config("timestamp") then print(os.date("%H:%M:%S")) end
    print_log2_hist(map("hist"), ms and "msecs" or "usecs",
        get_config("disks") and { by = "dev", section = "disk", label = name_of })
end

target("biolatency")
    add_files("biolatency.bpf.c")
    set_values{ target_dev = get_config("disk") and dev_of(get_config("disk")) or 0,
                queued = get_config("queued"), per_disk = get_config("disks"),
                unit_div = ms and 1000000 or 1000 }
    add_metric{ type = "histogram", name = "block_io_latency_seconds", map = "hist", labels = { "dev" },
                help = "block I/O latency (dev: the disk's dev_t with -D, else 0)",
                bucket_type = "exp2", bucket_min = 0, bucket_max = MAX_BUCKET,
                bucket_multiplier = ms and 1e-3 or 1e-6 }
    if not get_config("interval") then on_stop(report) end   -- with an interval, every() prints

entry(function ()
    run("biolatency")
    print("Tracing block device I/O... Hit Ctrl-C to end.")
    if get_config("interval") then
        every(get_config("interval"), function ()
            print("")
            report()
            map("hist"):clear()
        end, get_config("count"))
    end
end)
