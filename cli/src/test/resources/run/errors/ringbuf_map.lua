-- map() of a ring buffer: records go to on_event, there are no entries to count
target("opens")
    add_files("../scripts/opens.bpf.c")   -- the shared fixture
    set_kind("tracepoint")
    attach_to("on_openat", "syscalls:sys_enter_openat")
    on_event(function (e) end)

entry(function ()
    run("opens")
    print(map("opens"):count())
end)
