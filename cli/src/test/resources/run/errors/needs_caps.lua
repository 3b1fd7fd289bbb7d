target("a")
    add_files("count.bpf.c")
