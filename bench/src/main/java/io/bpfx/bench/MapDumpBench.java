package io.bpfx.bench;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.MapInfo;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bpfx map dump} of a 100k- and a 1M-entry map beside {@code bpftool map dump}
 * on the same map, each a process of its own: wall time and peak RSS (GNU time's %M),
 * and the bpfx JVM capped at -Xmx48m to show the dump streams (a 1M-entry map decoded
 * whole would not fit). The map is maps_test's {@code big} (struct key → struct value,
 * decoded by field name through BTF), held open by this process meanwhile.
 *
 * <p>Run under the kernel lock: {@code flock /tmp/bpfx-kernel.lock java -cp
 * bench/target/bpfx-bench.jar io.bpfx.bench.MapDumpBench}.
 */
public final class MapDumpBench {
    public static void main(String[] args) throws Exception {
        Path jar = BenchSupport.root().resolve("cli/target/bpfx.jar");
        List<String[]> rows = new ArrayList<>();
        for (int n : new int[] {100_000, 1_000_000}) {
            try (BpfObject obj = BpfObject.open(BenchSupport.bpfObject("maps_test"))) {
                obj.map("big").setMaxEntries(n);
                obj.load();
                BpfMap big = obj.map("big");
                fill(big, n);
                String id = Long.toString(MapInfo.of(big.fd()).orElseThrow().id());
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                rows.add(run(n, "bpfx map dump", n + 1, java, "-Xmx48m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                        "map", "dump", id));
                rows.add(run(n, "bpfx map dump --json", 1, java, "-Xmx48m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                        "map", "dump", id, "--json"));
                rows.add(run(n, "bpftool map dump", -1, "bpftool", "map", "dump", "id", id));
                rows.add(run(n, "bpftool -j map dump", -1, "bpftool", "-j", "map", "dump", "id", id));
            }
        }
        BenchSupport.table("Dumping a whole map (struct key/value via BTF), one process each, output to a file",
                new String[] {"entries", "command", "seconds", "peak RSS MiB", "output MiB"}, rows);
    }

    /** Runs under /usr/bin/time; checks bpfx's line count (n entries + "Found n elements") when lines > 0. */
    static String[] run(int n, String what, long lines, String... cmd) throws Exception {
        File out = File.createTempFile("bpfx-dump", ".txt");
        File times = File.createTempFile("bpfx-dump", ".time");
        try {
            List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-o", times.getPath(), "-f", "%e %M"));
            full.addAll(List.of(cmd));
            Process p = new ProcessBuilder(full).redirectOutput(out).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) throw new IllegalStateException(what + " failed");
            if (lines > 1) {
                long got;
                try (var l = Files.lines(out.toPath(), StandardCharsets.UTF_8)) {
                    got = l.count();
                }
                if (got != lines) throw new IllegalStateException(what + ": " + got + " lines, wanted " + lines);
            }
            String[] t = Files.readString(times.toPath()).trim().split("\\s+");
            return new String[] {String.valueOf(n), what, t[0], String.format("%.0f", Long.parseLong(t[1]) / 1024.0),
                    String.format("%.0f", out.length() / 1048576.0)};
        } finally {
            out.delete();
            times.delete();
        }
    }

    /** struct big_key {u32 id; u64 cookie; char name[8]} → struct big_value (count, delta, ...), raw for speed. */
    static void fill(BpfMap m, int n) {
        byte[] k = new byte[m.keySize()], v = new byte[m.valueSize()];
        ByteBuffer kb = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN), vb = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            kb.putInt(0, i);
            kb.putLong(8, i * 31L);
            kb.put(16, (byte) 'k');
            vb.putLong(0, i);
            vb.putInt(8, -i);
            m.updateRaw(k, v);
        }
    }
}
