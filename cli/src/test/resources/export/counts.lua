-- Export kernel tests: counters, a histogram and event counts over the test workloads.
-- bpfx export counts.lua -c bin=/path/to/uprobe_target
target("opens")
    add_files("counts.bpf.c")
    -- count_open attaches by its SEC name; the uprobes are placed by entry() below

    -- labels by key field: "comm" by name, "filename" from field fname; pid is summed away
    add_metric{ type = "counter", name = "opens_total", map = "opens", help = "openat() by openloop",
                labels = { "comm", { name = "filename", field = "fname" }, "kind" } }
    -- key {pid, bucket}: the bucket label is added by BTF
    add_metric{ type = "histogram", name = "fn_latency_seconds", map = "lat_ns", help = "bpfx_target_fn latency",
                labels = { "pid" }, bucket_type = "exp2", bucket_min = 0, bucket_max = 30, bucket_multiplier = 1e-9 }
    -- one per ring buffer record
    add_metric{ type = "counter", name = "open_events_total", from_events = true, help = "open events",
                labels = { { name = "filename", field = "fname" } } }
    on_event(function (e)
        if e.fname:find("boom", 1, true) then
            error("boom at " .. e.fname)
        end
    end)

entry(function ()
    -- attach() takes the kind from each program's SEC ("uprobe" / "uretprobe")
    -- (attach_to with { retprobe = true } is ignored by the engine: a uprobe at entry)
    attach("opens", "fn_entry", get_config("bin") .. ":bpfx_target_fn")
    attach("opens", "fn_return", get_config("bin") .. ":bpfx_target_fn")
    run("opens")
end)
