-- bashreadline: command lines entered in bash shells (BCC's bashreadline).
--   bpfx run bashreadline [-s LIBREADLINE]
set_description("command lines entered in bash")
add_option{ "-s", "--shared", type = "string",
            help = "readline's library, for a bash linked to a shared libreadline" }

target("bashreadline")
    add_files("bashreadline.bpf.c")
    set_kind("uretprobe")
    attach_to("on_readline", (get_config("shared") or "/bin/bash") .. ":readline")
    add_metric{ type = "counter", name = "bash_lines_total", from_events = true,
                help = "command lines bash read" }
    on_event(function (e)
        print(string.format("%-9s %-7d %s", os.date("%H:%M:%S"), e.pid, e.line))
    end)

entry(function ()
    run("bashreadline")
    print(string.format("%-9s %-7s %s", "TIME", "PID", "COMMAND"))
end)
