package io.bpfx.engine.system;

import io.bpfx.engine.MapInfo;
import io.bpfx.engine.ProgramInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Features, programs and maps as plain data (maps, lists, strings, Longs, Booleans) with
 * bpftool's field names: the one shape of {@code --json} output and of Lua's
 * {@code features()}, {@code progs()}, {@code maps()}.
 */
public final class PlainData {
    private PlainData() {
    }

    public static Map<String, Object> feature(Feature f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("available", f.available());
        m.put("detail", f.detail());
        m.put("fix", f.fix());
        return m;
    }

    public static Map<String, Object> program(BpfSystem.ProgramEntry p) {
        ProgramInfo i = p.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("type", i.typeName());
        m.put("name", i.name());
        m.put("tag", i.tag());
        m.put("run_time_ns", i.runTimeNs());
        m.put("run_cnt", i.runCount());
        List<Object> maps = new ArrayList<>();
        for (long id : i.mapIds()) maps.add(id);
        m.put("map_ids", maps);
        m.put("attached", new ArrayList<Object>(p.attached()));
        m.put("pids", owners(p.owners()));
        return m;
    }

    public static Map<String, Object> map(BpfSystem.MapEntry e) {
        MapInfo i = e.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("type", i.mapType().lowerName());
        m.put("name", i.name());
        m.put("key_size", (long) i.keySize());
        m.put("value_size", (long) i.valueSize());
        m.put("max_entries", (long) i.maxEntries());
        m.put("btf_id", i.btfId());
        m.put("pids", owners(e.owners()));
        return m;
    }

    private static List<Object> owners(List<Owner> owners) {
        List<Object> out = new ArrayList<>();
        for (Owner o : owners) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", (long) o.pid());
            m.put("comm", o.comm());
            if (o.bpfx() != null) m.put("bpfx", o.bpfx());
            out.add(m);
        }
        return out;
    }
}
