target("v")
    add_files("verifier.bpf.c")
