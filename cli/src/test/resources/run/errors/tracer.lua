target("a")
    add_files("count.bpf.c")
    set_knd("uprobe")
