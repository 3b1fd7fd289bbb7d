-- exit(4) from an on_stop hook, while the run ends by --duration: every on_stop runs once.
target("first")
    add_files("count.bpf.c")
    on_stop(function ()
        print("first: on_stop")
        exit(4)
    end)

target("second")
    add_files("count.bpf.c")
    on_stop(function ()
        print("second: on_stop")
    end)
