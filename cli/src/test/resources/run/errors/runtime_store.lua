target("a")
    add_files("count.bpf.c")
entry(function ()
    local x = nil
    x.y = 1
end)
