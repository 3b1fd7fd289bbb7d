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
 * on the same map in the same run, each a process of its own, each run {@code RUNS} times
 * in turn: wall time (median, min, max), the ratio of the medians to bpftool's same
 * output (text to text, JSON to JSON), peak RSS (GNU time's %M, median) and the output
 * size. The bpfx JVM runs with the launcher's flags (its class-data archive when
 * {@code cli/target/bpfx.jsa} exists) and is capped at -Xmx48m to show the dump streams
 * (a 1M-entry map decoded whole would not fit). The map is maps_test's {@code big}
 * (struct key → struct value, decoded by field name through BTF), held open by this
 * process meanwhile. A "java -version" row is the JVM's own start on this machine.
 *
 * <p>Run under the kernel lock: {@code flock /tmp/bpfx-kernel.lock java -cp
 * bench/target/bpfx-bench.jar io.bpfx.bench.MapDumpBench [runs] [entries...]}.
 */
public final class MapDumpBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100_000, 1_000_000);
        }
        Path jar = BenchSupport.root().resolve("cli/target/bpfx.jar");
        Path jsa = BenchSupport.root().resolve("cli/target/bpfx.jsa");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = new ArrayList<>(List.of(java));
        if (Files.exists(jsa)) {
            jvm.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        jvm.addAll(List.of("-XX:+UseSerialGC", "-Djna.nosys=true", "-Xmx48m", "-jar", jar.toString()));
        List<String[]> rows = new ArrayList<>();
        for (int n : sizes) {
            try (BpfObject obj = BpfObject.open(BenchSupport.bpfObject("maps_test"))) {
                obj.map("big").setMaxEntries(n);
                obj.load();
                BpfMap big = obj.map("big");
                fill(big, n);
                String id = Long.toString(MapInfo.of(big.fd()).orElseThrow().id());
                Command[] cmds = {
                        new Command("bpftool map dump", -1, null, "bpftool", "map", "dump", "id", id),
                        new Command("bpfx map dump", n + 1, "bpftool map dump", with(jvm, "map", "dump", id)),
                        new Command("bpftool -j map dump", -1, null, "bpftool", "-j", "map", "dump", "id", id),
                        new Command("bpfx map dump --json", 1, "bpftool -j map dump", with(jvm, "map", "dump", id, "--json")),
                        new Command("java -version (JVM start)", -1, "bpftool map dump", java, "-XX:+UseSerialGC", "-version"),
                };
                // in turn, so a burst of load hits every command alike
                for (int r = 0; r < runs; r++) {
                    for (Command c : cmds) {
                        c.measure();
                    }
                }
                for (Command c : cmds) {
                    Command anchor = null;
                    for (Command a : cmds) {
                        if (a.name.equals(c.anchor)) {
                            anchor = a;
                        }
                    }
                    double med = c.median();
                    rows.add(new String[] {String.valueOf(n), c.name, String.format("%.2f", med),
                            String.format("%.2f", c.min()), String.format("%.2f", c.max()),
                            anchor == null ? "1.0" : String.format("x%.2f", med / anchor.median()),
                            String.format("%.0f", c.rssMiB()), String.format("%.0f", c.outMiB)});
                }
            }
        }
        BenchSupport.table("Dumping a whole map (struct key/value via BTF), one process each, output to a file ("
                        + runs + " runs each, in turn; ratio: median against bpftool's same format)",
                new String[] {"entries", "command", "median s", "min", "max", "vs bpftool", "peak RSS MiB", "output MiB"},
                rows);
    }

    static String[] with(List<String> jvm, String... more) {
        List<String> all = new ArrayList<>(jvm);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    /** One command of the table and its runs. */
    static final class Command {
        final String name;
        final long lines;
        final String anchor;
        final String[] cmd;
        final List<Double> seconds = new ArrayList<>();
        final List<Double> rss = new ArrayList<>();
        double outMiB;

        Command(String name, long lines, String anchor, String... cmd) {
            this.name = name;
            this.lines = lines;
            this.anchor = anchor;
            this.cmd = cmd;
        }

        /** Runs under /usr/bin/time; checks bpfx's line count (n entries + "Found n elements") when lines > 1. */
        void measure() throws Exception {
            File out = File.createTempFile("bpfx-dump", ".txt");
            File times = File.createTempFile("bpfx-dump", ".time");
            try {
                List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-o", times.getPath(), "-f", "%e %M"));
                full.addAll(List.of(cmd));
                Process p = new ProcessBuilder(full).redirectOutput(out).redirectError(
                        name.startsWith("java -version") ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT).start();
                if (p.waitFor() != 0) throw new IllegalStateException(name + " failed");
                if (lines > 1) {
                    long got;
                    try (var l = Files.lines(out.toPath(), StandardCharsets.UTF_8)) {
                        got = l.count();
                    }
                    if (got != lines) throw new IllegalStateException(name + ": " + got + " lines, wanted " + lines);
                }
                String[] t = Files.readString(times.toPath()).trim().split("\\s+");
                seconds.add(Double.parseDouble(t[0]));
                rss.add(Long.parseLong(t[1]) / 1024.0);
                outMiB = out.length() / 1048576.0;
            } finally {
                out.delete();
                times.delete();
            }
        }

        double median() {
            return BenchSupport.median(seconds.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double min() {
            return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double max() {
            return seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        double rssMiB() {
            return BenchSupport.median(rss.stream().mapToDouble(Double::doubleValue).toArray());
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
