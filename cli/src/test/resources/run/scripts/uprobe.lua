-- An event per call of bpfx_target_fn in the binary given as -c bin=PATH.
target("calls")
    add_files("uprobe.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", get_config("bin") .. ":bpfx_target_fn")
    on_event(function (c)
        print(string.format("call pid=%d comm=%s arg=%d", c.pid, c.comm, c.value))
    end)
