target("a")
    add_files("up.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", "/no/such/binary:fn")
