-- map_by_id(id) from Lua: the same view as map(); prints count, get and items.
entry(function ()
    local id = tonumber(get_config("id"))
    local pid = tonumber(get_config("pid"))
    local m = map_by_id(id)
    print("count " .. m:count())
    print("get " .. m:get({pid = pid}).count)
    for _, it in ipairs(m:items()) do
        print(string.format("item pid=%d count=%d", it.key.pid, it.value.count))
    end
    for _, p in ipairs(progs()) do
        if p.name == "pc_openat" then print("prog " .. p.name .. " " .. p.type) end
    end
    for _, mm in ipairs(maps()) do
        if mm.id == id then print("map " .. mm.name .. " " .. mm.type) end
    end
    local f = features()
    print("ringbuf " .. tostring(f.ringbuf.available) .. " kprobes " .. tostring(f.kprobes.available))
end)
