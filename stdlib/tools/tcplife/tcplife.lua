-- tcplife: TCP sessions as they close, with lifespan and bytes (BCC's tcplife).
--   bpfx run tcplife [-p PID] [-4 | -6] [-L LPORT] [-D RPORT] [-T]
set_description("TCP sessions: lifespan and bytes")
add_option{ "-p", "--pid", type = "int", help = "trace this process only" }
add_option{ "-4", "--ipv4", help = "trace IPv4 only" }
add_option{ "-6", "--ipv6", help = "trace IPv6 only" }
add_option{ "-L", "--localport", type = "int", help = "trace this local port only" }
add_option{ "-D", "--remoteport", type = "int", help = "trace this remote port only" }
add_option{ "-T", "--time", help = "include a time column (HH:MM:SS)" }

local time = get_config("time")

local function address(family, a)
    if family == 2 then return string.format("%d.%d.%d.%d", a[1], a[2], a[3], a[4]) end
    local groups = {}
    for i = 1, 16, 2 do groups[#groups + 1] = string.format("%x", a[i] * 256 + a[i + 1]) end
    return table.concat(groups, ":")
end

target("tcplife")
    add_files("tcplife.bpf.c")
    set_values{ target_pid = get_config("pid") or 0,
                target_family = get_config("ipv4") and 2 or get_config("ipv6") and 10 or 0,
                target_sport = get_config("localport") or 0, target_dport = get_config("remoteport") or 0 }
    add_metric{ type = "counter", name = "tcp_sessions_total", from_events = true, labels = { "comm" },
                help = "closed TCP sessions by command" }
    on_event(function (e)
        print(string.format("%s%-5d %-10.10s %-15s %-5d %-15s %-5d %5d %5d %.2f",
            time and os.date("%H:%M:%S ") or "", e.pid, e.comm, address(e.family, e.saddr), e.sport,
            address(e.family, e.daddr), e.dport, math.floor(e.tx_b / 1024), math.floor(e.rx_b / 1024), e.span_us / 1000))
    end)

entry(function ()
    run("tcplife")
    print(string.format("%s%-5s %-10.10s %-15s %-5s %-15s %-5s %5s %5s %s", time and "TIME     " or "",
        "PID", "COMM", "LADDR", "LPORT", "RADDR", "RPORT", "TX_KB", "RX_KB", "MS"))
end)
