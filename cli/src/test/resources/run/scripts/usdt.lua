-- Fires of USDT bpfx:tick in the binary given as -c bin=PATH.
target("ticks")
    add_files("ticks.bpf.c")
    set_kind("usdt")
    attach_to("on_tick", get_config("bin") .. ":bpfx:tick")
    on_event(function (t)
        print(string.format("tick pid=%d comm=%s arg=%d", t.pid, t.comm, t.arg))
    end)
