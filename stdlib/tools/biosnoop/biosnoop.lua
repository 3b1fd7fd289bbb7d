-- biosnoop: each block I/O with process, disk, size and latency (BCC's biosnoop).
--   bpfx run biosnoop [-d DISK]
set_description("block I/O: process, disk, size, latency")
add_option{ "-d", "--disk", type = "string", help = "trace this disk only (e.g. vda, loop0)" }

local t0   -- the first completion: TIME(s) counts from it

local function dev_of(name)
    local f = io.open("/sys/class/block/" .. name .. "/dev")
    if not f then error("no disk " .. name .. " (see /sys/class/block)", 0) end
    local major, minor = f:read("*l"):match("(%d+):(%d+)")
    f:close()
    return tonumber(major) * 1048576 + tonumber(minor)
end

local names = {}
local function name_of(dev)
    if names[dev] then return names[dev] end
    local f = io.open(string.format("/sys/dev/block/%d:%d/uevent", math.floor(dev / 1048576), dev % 1048576))
    local name = f and f:read("*a"):match("DEVNAME=(%S+)") or "?"
    if f then f:close() end
    names[dev] = name
    return name
end

target("biosnoop")
    add_files("biosnoop.bpf.c")
    set_values{ target_dev = get_config("disk") and dev_of(get_config("disk")) or 0 }
    add_metric{ type = "counter", name = "block_ios_total", from_events = true, labels = { "comm" },
                help = "block I/O requests by issuing command" }
    on_event(function (e)
        t0 = t0 or e.ts_ns
        local t = e.rwbs:find("W") and "W" or e.rwbs:find("R") and "R" or e.rwbs:sub(1, 1)
        print(string.format("%-11.6f %-14.14s %-7d %-9s %-1s %-10d %-7d %7.2f", (e.ts_ns - t0) / 1e9,
            e.comm, e.pid, name_of(e.dev), t, e.sector, e.bytes, e.lat_ns / 1e6))
    end)

entry(function ()
    run("biosnoop")
    print(string.format("%-11s %-14s %-7s %-9s %-1s %-10s %-7s %7s", "TIME(s)", "COMM", "PID", "DISK", "T",
        "SECTOR", "BYTES", "LAT(ms)"))
end)
