-- funclatency: latency histogram (ns) of a user function, by uprobe + uretprobe.
--   bpfx run examples/funclatency.lua [FUNC]   (default libc:malloc; Ctrl-C prints)
--   bpfx run examples/funclatency.lua libc:getaddrinfo --duration 10
target("funclatency")
    add_files("funclatency.bpf.c")
    set_values{ target_pid = get_config("pid") or 0 }
    on_stop(function ()
        print("latency (ns):")
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
