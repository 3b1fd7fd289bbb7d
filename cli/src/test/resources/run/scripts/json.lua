-- print() of tables, strings, numbers and several values, for --json.
target("calls")
    add_files("uprobe.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", get_config("bin") .. ":bpfx_target_fn")
    on_event(function (c)
        print(c)
    end)

entry(function ()
    run("calls")
    print("started")
    print(1, "two", { three = 3 })
end)
