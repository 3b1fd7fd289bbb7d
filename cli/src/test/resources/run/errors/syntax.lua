target("a")
    add_files("count.bpf.c"
    x = = 1
