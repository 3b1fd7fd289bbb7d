-- usdt: fires of the USDT probe bpfx:tick in bpfx's test workload, each with
-- its argument, and a count per process at the end.
--   make -C native && bpfx run examples/usdt.lua
--   (then, elsewhere: BPFX_NO_WAIT=1 native/build/bin/uprobe_target 5)
-- The binary is a path relative to the working directory (here the repository's
-- root), or -c bin=PATH.
target("usdt")
    add_files("usdt_ticks.bpf.c")
    set_kind("usdt")
    attach_to("on_tick", (get_config("bin") or "native/build/bin/uprobe_target") .. ":bpfx:tick")
    on_event(function (t)
        print(string.format("%-7d %-16s tick %d", t.pid, t.comm, t.arg))
    end)
    on_stop(function ()
        print("fires by pid:")
        map("fires"):print()
    end)
