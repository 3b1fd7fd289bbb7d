target("a")
    add_files("up.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", get_config("bin") .. ":no_such_fn")
