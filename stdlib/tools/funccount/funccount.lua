-- funccount: calls of a user function (BCC's funccount, for one function, no wildcards).
--   bpfx run funccount [-p PID] [-i SECONDS] libc:malloc
set_description("calls of a user function, counted")
add_option{ "-p", "--pid", type = "int", help = "count calls by this process only" }
add_option{ "-i", "--interval", type = "int", help = "print the count every this many seconds" }
add_option{ "func", help = "the function, as binary:symbol (e.g. libc:malloc)" }

local func = get_config("func")

local function report()
    print(string.format("\n%-36s %8s", "FUNC", "COUNT"))
    local n = map("calls"):get(0) or 0
    if n > 0 then print(string.format("%-36s %8d", func, n)) end
end

target("funccount")
    add_files("funccount.bpf.c")
    set_values{ target_pid = get_config("pid") or 0 }
    add_metric{ type = "counter", name = "function_calls_total", map = "calls",
                help = "calls of the traced function" }
    on_stop(function ()
        if not get_config("interval") then report() end   -- with an interval, every() prints
        print("Detaching...")
    end)

entry(function ()
    if not func then
        io.stderr:write("bpfx: funccount: name a function, e.g. bpfx run funccount libc:malloc\n")
        exit(2)
    end
    attach("funccount", "on_call", func)
    run("funccount")
    print(string.format('Tracing 1 functions for "%s"... Hit Ctrl-C to end.', func))
    if get_config("interval") then
        every(get_config("interval"), function ()
            report()
            map("calls"):clear()
        end)
    end
end)
