-- Exact 64-bit values both ways: globals into the kernel, then events, maps and per-CPU sums
-- back. -c bin=PATH (uprobe_target), pid=PID (only that process), kaddr=0x... (for ksym).
target("wide")
    add_files("int64.bpf.c")
    set_kind("uprobe")
    attach_to("on_call", get_config("bin") .. ":bpfx_target_fn")
    set_values{ cookie = u64("0xfffffffffffffffe"), scookie = s64("-9223372036854775808") }
    on_event(function (e)
        print(e)
        print(string.format("hex addr=%x cookie=%x scookie=%d neg=%d small=%d", e.addr, e.cookie, e.scookie, e.neg, e.small))
        print("ksym " .. ksym(e.kaddr))
        print("compare", e.addr == u64("0xffffffff81234567"), e.addr > 2^63, e.neg < 0, e.small + 1)
        local m = map("wide", "u64s")
        print("get", m:get(u64("0xffffffff81234567")), m:get(u64(-1)), m:get(2^31), m:get(u64("9007199254740993")))
        local byKey = {}
        for _, it in ipairs(m:items()) do byKey[it.key] = it.value end
        print("items", byKey[u64("0xffffffff81234567")], byKey[u64("0x8000000000000000")])
        m:print()
        map("wide", "s64s"):print()
        map("wide", "sums"):print()
        exit(0)
    end)

entry(function ()
    run("wide", { target_pid = tonumber(get_config("pid")), kaddr = u64(get_config("kaddr")) })
end)
