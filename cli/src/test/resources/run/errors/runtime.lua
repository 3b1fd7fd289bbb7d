target("a")
    add_files("count.bpf.c")
local t = nil
local y = t.field
