-- bpfx serve tests: each openat() of one file (-c file=PATH) by openloop, printed and counted.
-- -c export=no leaves out the metric (two runs of it may then run at once);
-- -c boom=1 makes an open of a file named *boom* a Lua error.
target("opens")
    add_files("opens.bpf.c")
    if get_config("export") ~= "no" then
        add_metric{ type = "counter", name = "serve_opens_total", map = "opens", help = "openat() by openloop",
                    labels = { { name = "filename", field = "fname" } } }
    end
    on_event(function (e)
        if tostring(get_config("boom")) == "1" and e.fname:find("boom", 1, true) then
            error("boom at " .. e.fname)
        end
        if e.fname == get_config("file") then
            print{ pid = e.pid, comm = e.comm, file = e.fname }
        end
    end)
