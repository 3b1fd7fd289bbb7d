-- entry sleeps for 10 minutes with a target running: a signal must cut the sleep short.
target("count")
    add_files("count.bpf.c")
    on_stop(function ()
        print("on_stop ran")
    end)

entry(function ()
    run("count")
    sleep(600000)
    print("not reached")
end)
