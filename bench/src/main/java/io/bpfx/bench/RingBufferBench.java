package io.bpfx.bench;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.EventLoop;
import io.bpfx.engine.RingBufferReader;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Ring buffer → Java consumer throughput. The producer is bench_ringbuf.bpf.c:
 * each getppid() of the syscall_loop workload emits `burst` 64-byte records, so
 * raising the burst raises the offered rate until the consumer (this thread,
 * polling the mmap'ed ring) can no longer keep up and reserves fail (lost).
 *
 *   java -cp bench/target/bpfx-bench.jar io.bpfx.bench.RingBufferBench [calls]
 */
public final class RingBufferBench {
    public static void main(String[] args) throws Exception {
        long calls = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int[] bursts = {1, 2, 4, 8, 16, 32, 64, 128, 256};
        List<String[]> rows = new ArrayList<>();
        for (String mode : new String[] {"raw", "decoded"}) {
            for (int burst : bursts) {
                rows.add(run(calls, burst, mode.equals("decoded")));
            }
        }
        BenchSupport.table("Ring buffer, 64-byte records, one Java consumer thread (" + calls + " producer syscalls per row)",
                new String[] {"consumer", "burst", "offered/s", "delivered", "delivered/s", "lost", "loss %"}, rows);
    }

    static String[] run(long calls, int burst, boolean decode) throws Exception {
        long[] seen = new long[2];
        try (BpfObject obj = BpfObject.open(BenchSupport.bpfObject("bench_ringbuf"));
             BenchSupport.Workload w = new BenchSupport.Workload("syscall_loop", String.valueOf(calls));
             EventLoop loop = new EventLoop()) {
            obj.setGlobal("target_pid", (long) w.pid);
            obj.setGlobal("burst", (long) burst);
            obj.load();
            Layout layout = obj.btf().structLayout("rec64");
            RingBufferReader reader = new RingBufferReader(obj.map("events"), decode
                    ? (buf, off, len) -> { Object o = LayoutDecoder.decode(layout, buf, off); if (o != null) seen[0]++; }
                    : (buf, off, len) -> { seen[1] += buf.getLong(off); seen[0]++; });
            loop.register(reader);
            obj.program("produce").attach(new AttachTarget.Auto());
            long t0 = System.nanoTime();
            w.go();
            while (!w.finished()) loop.poll(10);
            long producerNs = System.nanoTime() - t0;
            while (loop.poll(20) > 0) { /* drain the tail */ }
            long t1 = System.nanoTime();
            long lost = reader.totalDrops();
            long offered = calls * burst;
            double secs = (t1 - t0) / 1e9;
            return new String[] {decode ? "decoded" : "raw", String.valueOf(burst),
                    BenchSupport.fmt(offered / (producerNs / 1e9)), String.valueOf(seen[0]),
                    BenchSupport.fmt(seen[0] / secs), String.valueOf(lost),
                    String.format("%.2f", 100.0 * lost / offered)};
        }
    }
}
