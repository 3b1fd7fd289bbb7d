-- tcpstates: TCP state changes with the milliseconds spent in the old state (libbpf-tools'
-- tcpstates). SKADDR, PID and COMM are in the --json records; the text keeps to 80 columns.
--   bpfx run tcpstates [-4 | -6] [-L LPORT] [-D RPORT] [-T]
set_description("TCP state changes with time in each")
add_option{ "-4", "--ipv4", help = "trace IPv4 only" }
add_option{ "-6", "--ipv6", help = "trace IPv6 only" }
add_option{ "-L", "--localport", type = "int", help = "trace this local port only" }
add_option{ "-D", "--remoteport", type = "int", help = "trace this remote port only" }
add_option{ "-T", "--time", help = "include a time column (HH:MM:SS)" }

local time = get_config("time")
local STATES = { "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
    "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV" }

local function address(family, a)
    if family == 2 then return string.format("%d.%d.%d.%d", a[1], a[2], a[3], a[4]) end
    local groups = {}
    for i = 1, 16, 2 do groups[#groups + 1] = string.format("%x", a[i] * 256 + a[i + 1]) end
    return table.concat(groups, ":")
end

target("tcpstates")
    add_files("tcpstates.bpf.c")
    set_values{ target_family = get_config("ipv4") and 2 or get_config("ipv6") and 10 or 0,
                target_sport = get_config("localport") or 0, target_dport = get_config("remoteport") or 0 }
    add_metric{ type = "counter", name = "tcp_state_changes_total", from_events = true,
                labels = { "newstate" }, help = "TCP state changes by new state" }
    on_event(function (e)
        print(string.format("%s%-15s %-5d %-15s %-5d %-11s -> %-11s %.3f", time and os.date("%H:%M:%S ") or "",
            address(e.family, e.saddr), e.sport, address(e.family, e.daddr), e.dport,
            STATES[e.oldstate] or e.oldstate, STATES[e.newstate] or e.newstate, e.delta_us / 1000))
    end)

entry(function ()
    run("tcpstates")
    print(string.format("%s%-15s %-5s %-15s %-5s %-11s -> %-11s %s", time and "TIME     " or "",
        "LADDR", "LPORT", "RADDR", "RPORT", "OLDSTATE", "NEWSTATE", "MS"))
end)
