-- funclatency: latency histogram (ns) of a user function, by uprobe + uretprobe.
--   bpfx run examples/funclatency.lua [FUNC]   (default libc:malloc; Ctrl-C prints)
--   bpfx run examples/funclatency.lua libc:getaddrinfo --duration 10
set_description("latency histogram of a user function")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-m", "--milliseconds", help = "histogram in milliseconds" }
add_option{ "-u", "--microseconds", help = "histogram in microseconds" }
add_option{ "func", help = "the function, as binary:symbol (default libc:malloc)" }

local unit, div = "ns", 1
if get_config("milliseconds") then unit, div = "ms", 1000000
elseif get_config("microseconds") then unit, div = "us", 1000 end

target("funclatency")
    add_files("funclatency.bpf.c")
    set_values{ target_pid = get_config("pid") or 0, unit_div = div }
    on_stop(function ()
        print("latency (" .. unit .. "):")
        map("latency_ns"):print()
    end)

entry(function (func)
    func = func or "libc:malloc"
    -- attach(): attach_to from the script scope, for places known only at run time;
    -- the kind comes from each program's SEC ("uprobe" / "uretprobe")
    attach("funclatency", "on_entry", func)
    attach("funclatency", "on_return", func)
    print("Tracing " .. func .. "... Hit Ctrl-C to end.")
    run("funclatency")
end)
