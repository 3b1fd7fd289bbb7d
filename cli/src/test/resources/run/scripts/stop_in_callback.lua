-- stop() of the target from inside its own callback, at its first event.
local seen = 0
target("calls")
    add_files("uprobe.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", get_config("bin") .. ":bpfx_target_fn")
    on_event(function (c)
        seen = seen + 1
        print(string.format("call arg=%d", c.value))
        stop("calls")
    end)
    on_stop(function ()
        print(string.format("on_stop: %d event(s)", seen))
    end)
