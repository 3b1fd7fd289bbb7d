-- oomkill: OOM killer victims, with the task that triggered the kill and the load average
-- (libbpf-tools' oomkill; its one line is folded in two to stay within 80 columns).
--   bpfx run oomkill
set_description("OOM kills: victim, trigger, pages")

local function loadavg()
    local f = io.open("/proc/loadavg")
    if not f then return "?" end
    local s = f:read("*l")
    f:close()
    return s
end

target("oomkill")
    add_files("oomkill.bpf.c")
    add_metric{ type = "counter", name = "oom_kills_total", from_events = true, labels = { "tcomm" },
                help = "OOM kills by victim command" }
    on_event(function (e)
        print(string.format('%s Triggered by PID %d ("%s"), OOM kill of PID %d ("%s"),',
            os.date("%H:%M:%S"), e.fpid, e.fcomm, e.tpid, e.tcomm))
        print(string.format("         %d pages, loadavg: %s", e.pages, loadavg()))
    end)

entry(function ()
    run("oomkill")
    print("Tracing OOM kills... Ctrl-C to stop.")
end)
