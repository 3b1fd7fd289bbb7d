-- exit() (or exit(CODE) with -c code=CODE) from inside a callback, at the first event.
target("calls")
    add_files("uprobe.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", get_config("bin") .. ":bpfx_target_fn")
    on_event(function (c)
        print(string.format("call arg=%d", c.value))
        local code = get_config("code")
        if code then exit(code) else exit() end
        print("not reached")
    end)
    on_stop(function ()
        print("on_stop ran")
    end)
