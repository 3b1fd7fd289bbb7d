-- exit(3) from entry, with a target running.
target("count")
    add_files("count.bpf.c")
    on_stop(function ()
        print("on_stop ran")
    end)

entry(function ()
    run("count")
    exit(3)
    print("not reached")
end)
