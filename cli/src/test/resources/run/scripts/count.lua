-- Counts opens until --duration, Ctrl-C or SIGTERM; on_stop says it ran.
target("count")
    add_files("count.bpf.c")
    on_stop(function ()
        print("on_stop ran")
    end)
