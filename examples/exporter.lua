-- exporter: BPF maps as Prometheus metrics, like cloudflare's ebpf_exporter.
--   bpfx export examples/exporter.lua            # serves :9435/metrics until Ctrl-C
--   curl -s localhost:9435/metrics | grep ^bpfx_
-- Labels come from the map key's fields by BTF: no sizes or offsets to count.
set_description("opens, reads, execs as metrics")
target("exporter")
    add_files("exporter.bpf.c")

    -- bpfx_opens_total{comm="bash"} 12: the key's `comm` field, a char[16], becomes a string label
    add_metric{ type = "counter", name = "opens_total", map = "opens",
                help = "openat() calls by process name",
                labels = { "comm" } }

    -- bpfx_read_latency_seconds_bucket{le="..."}: a u32 key is the log2 bucket, key 37 holds the sum
    add_metric{ type = "histogram", name = "read_latency_seconds", map = "read_ns",
                help = "read() latency",
                bucket_type = "exp2", bucket_min = 0, bucket_max = 36, bucket_multiplier = 1e-9 }

    -- bpfx_execs_total{comm="ls"} 3: one per ring buffer record, labelled from the record's fields
    add_metric{ type = "counter", name = "execs_total", map = "execs", from_events = true,
                help = "exec() calls by new process name",
                labels = { "comm" }, series_limit = 1000 }

    -- Lua still sees every record (here: only with -c verbose=1)
    on_event(function (e)
        if get_config("verbose") then print(string.format("exec %-7d %s", e.pid, e.comm)) end
    end)
