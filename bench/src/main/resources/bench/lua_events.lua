-- Lua event throughput: a trivial on_event callback counting records of
-- bench_ringbuf.bpf.c (get_config: src, pid, burst; fields: also read three fields).
local n = 0
local sum = 0
target("bench")
    add_files(get_config("src"))
    set_values{ target_pid = get_config("pid"), burst = get_config("burst") }
    if get_config("fields") then
        on_event(function (e) n = n + 1; sum = sum + e.pid + e.cpu; local s = e.seq end)
    else
        on_event(function (e) n = n + 1 end)
    end
    on_stop(function () print(n) end)
