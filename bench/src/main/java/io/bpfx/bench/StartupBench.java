package io.bpfx.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Time from process start to first attached probe: spawns the command, waits for
 * its "Attaching ..." line (bpfx prints it on stderr once probes are attached;
 * bpftrace prints it just before attaching), median of several runs with a warm
 * compile cache. Compared with bpftrace on the same tracepoint. Beside the wall clock, the
 * CPU time (user+sys) the command had used by then: on a busy machine the wall clock
 * grows with the load, the CPU time much less.
 *
 *   java -cp bench/target/bpfx-bench.jar io.bpfx.bench.StartupBench [runs]
 */
public final class StartupBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String root = BenchSupport.root().toString();
        List<String[]> rows = new ArrayList<>();
        // each bpfx row, then the others on the same kind of probe; ratios against bpftrace's
        String[] raw = measure("bpfx run (raw tracepoint)", runs, bpfxRaw());
        String[] rawBt = measure("bpftrace (sched_switch tracepoint)", runs, BPFTRACE_RAW);
        String[] rawBcc = measure("BCC python (raw tracepoint)", runs, BCC_RAW);
        String[] tp = measure("bpfx run (tracepoint, ring buffer)", runs,
                root + "/bpfx", "run", root + "/examples/opensnoop.lua", "--duration", "0.3");
        String[] tpBt = measure("bpftrace (tracepoint)", runs,
                "timeout", "-k", "2", "-s", "INT", "2", "bpftrace", "-e", "tracepoint:syscalls:sys_enter_openat { @ = count(); }");
        for (String[][] group : new String[][][] {{raw, rawBt, rawBcc}, {tp, tpBt}}) {
            for (String[] r : group) {
                r[r.length - 1] = String.format("x%.1f", Double.parseDouble(r[1]) / Double.parseDouble(group[1][1]));
                rows.add(r);
            }
        }
        BenchSupport.table("Process start to attached (" + runs + " runs each, warm caches)",
                new String[] {"command", "median ms", "min ms", "max ms", "CPU median ms", "vs bpftrace"}, rows);
    }

    /** bpfx on the sched_switch raw tracepoint (examples/schedswitch.lua). */
    static String[] bpfxRaw() {
        String root = BenchSupport.root().toString();
        return new String[] {root + "/bpfx", "run", root + "/examples/schedswitch.lua", "--duration", "0.3"};
    }

    /** bpftrace 0.17 (Debian 12) has no raw tracepoints: the sched_switch tracepoint is its nearest. */
    static final String[] BPFTRACE_RAW = {"timeout", "-k", "2", "-s", "INT", "2", "bpftrace", "-e",
            "tracepoint:sched:sched_switch { @ = count(); }"};

    /** BCC's Python on the same raw tracepoint, saying "Attaching" once attached. */
    static final String[] BCC_RAW = {"/usr/bin/python3", "-c", String.join("\n",
            "from bcc import BPF",
            "b = BPF(text='BPF_HASH(c, u32, u64); RAW_TRACEPOINT_PROBE(sched_switch) "
                    + "{ u32 k = 0; c.increment(k); return 0; }')",
            "print('Attaching 1 probe', flush=True)",
            "import time; time.sleep(0.3)")};

    static String[] measure(String name, int runs, String... cmd) throws Exception {
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        for (int i = -1; i < runs; i++) { // one unmeasured run fills caches (compile cache, CDS archive)
            long t0 = System.nanoTime();
            // bpfx says it on stderr, bpftrace on stdout: read both
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String line;
            long at = -1;
            double cpuAt = 0;
            StringBuilder said = new StringBuilder();
            while ((line = err.readLine()) != null) {
                if (at < 0 && line.contains("Attaching")) {
                    at = System.nanoTime();
                    cpuAt = BenchSupport.cpuMillis(p.toHandle());
                }
                said.append(line).append('\n');
            }
            p.waitFor();
            if (at < 0) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(name + ": no Attaching line: " + said);
            }
            if (i >= 0) {
                ms[i] = (at - t0) / 1e6;
                cpu[i] = cpuAt;
            }
        }
        double min = Double.MAX_VALUE, max = 0;
        for (double m : ms) {
            min = Math.min(min, m);
            max = Math.max(max, m);
        }
        return new String[] {name, String.format("%.0f", BenchSupport.median(ms)), String.format("%.0f", min),
                String.format("%.0f", max), String.format("%.0f", BenchSupport.median(cpu)), ""};
    }
}
