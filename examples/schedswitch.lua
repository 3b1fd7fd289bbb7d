-- schedswitch: context switches by the command switched out (raw tracepoint).
--   bpfx run examples/schedswitch.lua --duration 5
set_description("context switches by command")
target("schedswitch")
    add_files("schedswitch.bpf.c")
    set_kind("raw_tracepoint")
    attach_to("on_switch", "sched_switch")
    on_stop(function ()
        map("switches"):print()
    end)
