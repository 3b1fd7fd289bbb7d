-- Lua event throughput: a trivial on_event callback counting records of
-- bench_ringbuf.bpf.c (get_config: src, pid, burst).
local n = 0
target("bench")
    add_files(get_config("src"))
    set_values{ target_pid = get_config("pid"), burst = get_config("burst") }
    on_event(function (e) n = n + 1 end)
    on_stop(function () print(n) end)
