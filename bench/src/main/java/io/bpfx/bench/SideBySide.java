package io.bpfx.bench;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.MapInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Issue 12's one table: bpfx, bpftrace, BCC's Python and bpftool on the same workload in one
 * run, for each figure where they can do the job, with bpfx's ratio to the best other tool.
 * Each row is measured by the bench that owns it (StartupBench, LuaEventBench, MapDumpBench),
 * so the methods are the same as in their own, longer tables:
 * <ul>
 *   <li>start → attached (ms, median of {@code runs}): a raw tracepoint for bpfx and BCC, the
 *       sched_switch tracepoint for bpftrace 0.17 (it has no raw tracepoints);</li>
 *   <li>events delivered per second into a user-space callback on the getppid() tracepoint:
 *       paced (one event per syscall) and bursted (16 and 64 records per syscall; bpftrace
 *       {@code unroll(N) printf}, BCC N {@code perf_submit}s), lost events in brackets;</li>
 *   <li>a 100k-entry map dumped as text (s, median of {@code runs}): bpfx map dump vs bpftool.</li>
 * </ul>
 * Lower is better for ms and s, higher for events/s. Run under the kernel lock:
 * {@code flock /tmp/bpfx-kernel.lock java -cp bench/target/bpfx-bench.jar io.bpfx.bench.SideBySide [runs] [events]}
 */
public final class SideBySide {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        long toolEvents = Math.min(events, 300_000); // the tools deliver ~0.1 M/s: keep their rows short
        List<String[]> rows = new ArrayList<>();

        double startBpfx = ms(StartupBench.measure("bpfx", runs, StartupBench.bpfxRaw()));
        double startBt = ms(StartupBench.measure("bpftrace", runs, StartupBench.BPFTRACE_RAW));
        double startBcc = ms(StartupBench.measure("bcc", runs, StartupBench.BCC_RAW));
        rows.add(row("start -> attached (ms)", String.format("%.0f", startBpfx), String.format("%.0f", startBt),
                String.format("%.0f", startBcc), "", String.format("x%.2f", startBpfx / Math.min(startBt, startBcc))));

        for (long rate : new long[] {250_000, 1_000_000}) {
            events(rows, "paced " + BenchSupport.fmt(rate) + "/s", events, toolEvents, 1, rate);
        }
        for (int burst : new int[] {16, 64}) {
            events(rows, "burst " + burst, events, toolEvents, burst, 0);
        }

        double[] dump = mapDump(100_000, runs);
        rows.add(row("map dump, 100k keys (s)", String.format("%.2f", dump[0]), "", "",
                String.format("%.2f", dump[1]), String.format("x%.2f", dump[0] / dump[1])));

        BenchSupport.table("bpfx beside bpftrace, BCC's Python and bpftool, one run (" + runs
                        + " runs per start-up and dump figure, median; events: " + events + " for bpfx, "
                        + toolEvents + " for the tools; ratio: bpfx / the best other, time lower and rate higher is better)",
                new String[] {"figure", "bpfx", "bpftrace", "BCC python", "bpftool", "bpfx vs best"}, rows);
    }

    /** One events row: delivered/s of each consumer on the same producer (lost in brackets when any). */
    private static void events(List<String[]> rows, String producer, long events, long toolEvents, int burst, long rate)
            throws Exception {
        LuaEventBench.Result bpfx = LuaEventBench.bpfx(events, burst, rate, false, 1, producer);
        LuaEventBench.Result bt = LuaEventBench.bpftrace(toolEvents, burst, rate, producer);
        LuaEventBench.Result bcc = LuaEventBench.bccPython(toolEvents, burst, rate, producer);
        double best = Math.max(bt.deliveredRate(), bcc.deliveredRate());
        rows.add(row("events/s, " + producer, rate(bpfx), rate(bt), rate(bcc), "",
                String.format("x%.1f", bpfx.deliveredRate() / best)));
    }

    private static String rate(LuaEventBench.Result r) {
        return BenchSupport.fmt(r.deliveredRate()) + (r.lost() > 0 ? " (" + BenchSupport.fmt(r.lost()) + " lost)" : "");
    }

    /** {bpfx, bpftool} median seconds to dump an n-entry map as text, in turn, MapDumpBench's way (bpfx as users start it: the launcher). */
    private static double[] mapDump(int n, int runs) throws Exception {
        String bpfx = BenchSupport.root().resolve("bpfx").toString();
        try (BpfObject obj = BpfObject.open(BenchSupport.bpfObject("maps_test"))) {
            obj.map("big").setMaxEntries(n);
            obj.load();
            BpfMap big = obj.map("big");
            MapDumpBench.fill(big, n);
            String id = Long.toString(MapInfo.of(big.fd()).orElseThrow().id());
            MapDumpBench.Command ours = new MapDumpBench.Command("bpfx map dump", n + 1, null, bpfx, "map", "dump", id);
            MapDumpBench.Command bpftool = new MapDumpBench.Command("bpftool map dump", -1, null,
                    "bpftool", "map", "dump", "id", id);
            for (int r = 0; r < runs; r++) {
                ours.measure();
                bpftool.measure();
            }
            return new double[] {ours.median(), bpftool.median()};
        }
    }

    private static double ms(String[] measured) {
        return Double.parseDouble(measured[1]);
    }

    private static String[] row(String... cells) {
        return cells;
    }
}
