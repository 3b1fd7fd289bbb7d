target("a")
    add_files("up.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", "bpfx_no_such_function_anywhere")
