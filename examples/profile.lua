-- profile: on-CPU samples by command at 99 Hz on every CPU.
--   bpfx run examples/profile.lua --duration 5
set_description("on-CPU samples by command at 99 Hz")
target("profile")
    add_files("profile.bpf.c")
    set_kind("perf_event")
    attach_to("on_sample", "cpu-clock", { frequency = 99 })
    on_stop(function ()
        local rows = map("samples"):items()
        table.sort(rows, function (a, b) return a.value > b.value end)
        print(string.format("%-16s %8s", "COMM", "SAMPLES"))
        for i = 1, math.min(#rows, 15) do
            print(string.format("%-16s %8d", rows[i].key.comm, rows[i].value))
        end
    end)
