-- openat() calls of --pid counted in map pc_opens, until Ctrl-C or SIGTERM
-- (bpfx ps / bpfx map dump / map_by_id look at it from outside).
target("pidcount")
    add_files("pidcount.bpf.c")
    set_values{ target_pid = get_config("pid") }
