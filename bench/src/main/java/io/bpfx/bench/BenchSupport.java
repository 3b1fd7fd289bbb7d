package io.bpfx.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shared bits of the benchmark programs: repo paths, workloads, table printing. */
final class BenchSupport {
    private BenchSupport() {}

    static Path root() {
        String prop = System.getProperty("bpfx.root");
        if (prop != null) return Path.of(prop);
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("native"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("run from inside the bpfx checkout");
        return p;
    }

    static Path bpfObject(String name) {
        return root().resolve("native/build/bpf/" + name + ".bpf.o");
    }

    static Path bin(String name) {
        return root().resolve("native/build/bin/" + name);
    }

    /** A native workload that waits for "go" (see native/workloads/wait_go.h). */
    static final class Workload implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final int pid;

        Workload(String binary, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(bin(binary).toString());
            cmd.addAll(Arrays.asList(args));
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream()));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready ")) throw new IOException("workload: " + ready);
            pid = Integer.parseInt(ready.substring(6).trim());
        }

        void go() throws IOException {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes());
            in.flush();
        }

        boolean finished() {
            return !process.isAlive();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static void table(String title, String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) w[i] = header[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        System.out.println();
        System.out.println(title);
        System.out.println("(" + Runtime.getRuntime().availableProcessors() + " cores, " + loadAverage() + ")");
        StringBuilder sep = new StringBuilder();
        for (int x : w) sep.append("-".repeat(x)).append("  ");
        System.out.println(row(header, w));
        System.out.println(sep.toString().stripTrailing());
        for (String[] r : rows) System.out.println(row(r, w));
    }

    private static String row(String[] cells, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            sb.append(i == 0 ? String.format("%-" + w[i] + "s", c) : String.format("%" + w[i] + "s", c)).append("  ");
        }
        return sb.toString().stripTrailing();
    }

    /** The machine's 1/5/15-minute load averages: wall-clock figures mean little on a busy machine. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    /** user+sys CPU of a process and its descendants so far, in ms (utime+stime from /proc/PID/stat). */
    static double cpuMillis(ProcessHandle p) {
        double ms = cpuMillis(p.pid());
        for (ProcessHandle d : (Iterable<ProcessHandle>) p.descendants()::iterator) ms += cpuMillis(d.pid());
        return ms;
    }

    private static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / CLOCK_TICKS;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static final double CLOCK_TICKS = 100; // USER_HZ on Linux

    static String fmt(double v) {
        if (v >= 1e6) return String.format("%.2fM", v / 1e6);
        if (v >= 1e3) return String.format("%.1fk", v / 1e3);
        return String.format("%.0f", v);
    }
}
