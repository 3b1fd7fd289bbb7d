-- An event per return of bpfx_target_fn in the binary given as -c bin=PATH.
target("returns")
    add_files("uretprobe.bpf.c")
    set_kind("uretprobe")
    attach_to("on_return", get_config("bin") .. ":bpfx_target_fn")
    on_event(function (c)
        print(string.format("return pid=%d comm=%s ret=%d", c.pid, c.comm, c.value))
    end)
