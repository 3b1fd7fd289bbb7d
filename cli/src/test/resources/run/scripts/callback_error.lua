-- A Lua error inside an event callback.
target("calls")
    add_files("uprobe.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", get_config("bin") .. ":bpfx_target_fn")
    on_event(function (c)
        error("bad call " .. c.value)
    end)
