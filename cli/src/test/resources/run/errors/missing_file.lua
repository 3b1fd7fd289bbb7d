target("a")
    add_files("nosuch.bpf.c")
