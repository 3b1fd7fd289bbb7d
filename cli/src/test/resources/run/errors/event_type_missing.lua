target("a")
    add_files("noevent.bpf.c")
    on_event(function (r) print(r.pid) end)
