-- Scrape load check: one counter with 100k series (-c entries=N for another size).
--   ./bpfx export bench/scripts/bigmap.lua --listen 127.0.0.1:9500
target("bigmap")
    add_files("bigmap.bpf.c")
    set_values{ entries = tonumber(get_config("entries") or 100000) }
    add_metric{ type = "counter", name = "big_total", map = "big", help = "context switches by key",
                labels = { "id", "name" } }
