-- Every record of bench_ringbuf.bpf.c reaches Lua exactly once with its own values, whether the
-- callback only reads fields (one table reused for every record) or keeps its table (a table per
-- record). -c src=PATH pid=PID burst=N total=N mode=read|keep|capture
local pid, total, mode = tonumber(get_config("pid")), tonumber(get_config("total")), get_config("mode")
local n, sum, bad = 0, 0, 0
local kept, later = {}, {}

local function check(i, seq, p)
    sum = sum + seq
    if seq ~= i - 1 or p ~= pid then bad = bad + 1 end
end

target("kept")
    add_files(get_config("src"))
    set_values{ target_pid = pid, burst = tonumber(get_config("burst")) }
    if mode == "read" then
        on_event(function (e)
            n = n + 1
            sum = sum + e.seq
            if e.seq ~= n - 1 or e.pid ~= pid then bad = bad + 1 end
            if n == total then exit(0) end
        end)
    elseif mode == "keep" then
        on_event(function (e)
            n = n + 1
            kept[n] = e
            if n == total then exit(0) end
        end)
    else -- a closure keeps the event
        on_event(function (e)
            n = n + 1
            later[n] = function () return e.seq, e.pid end
            if n == total then exit(0) end
        end)
    end
    on_stop(function ()
        for i, e in ipairs(kept) do check(i, e.seq, e.pid) end
        for i, f in ipairs(later) do check(i, f()) end
        print(string.format("n=%d sum=%d bad=%d", n, sum, bad))
    end)
