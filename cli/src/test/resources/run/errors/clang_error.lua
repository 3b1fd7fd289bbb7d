target("c")
    add_files("clang_error.bpf.c")
