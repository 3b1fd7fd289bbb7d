package io.bpfx.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a program is attached. Parsing a place string into a target never
 * touches the kernel; {@link BpfProgram#attach(AttachTarget)} does.
 */
public sealed interface AttachTarget {

    /** Human form, e.g. "tracepoint:syscalls:sys_enter_openat". */
    String describe();

    /** Attach as libbpf does from the program's SEC() name. */
    record Auto() implements AttachTarget {
        public String describe() { return "auto (by SEC name)"; }
    }

    record Tracepoint(String category, String name) implements AttachTarget {
        public String describe() { return "tracepoint:" + category + ":" + name; }
    }

    record RawTracepoint(String name) implements AttachTarget {
        public String describe() { return "raw_tracepoint:" + name; }
    }

    /** A uprobe at a file offset of a binary, already resolved from a symbol. */
    record Uprobe(Path binary, String symbol, long fileOffset, boolean retprobe, int pid) implements AttachTarget {
        public String describe() {
            String where = symbol != null ? binary + ":" + symbol : binary + ":0x" + Long.toHexString(fileOffset);
            return (retprobe ? "uretprobe:" : "uprobe:") + where + (pid > 0 ? " (pid " + pid + ")" : "");
        }
    }

    record Usdt(Path binary, String provider, String name, int pid) implements AttachTarget {
        public String describe() {
            return "usdt:" + binary + ":" + provider + ":" + name + (pid > 0 ? " (pid " + pid + ")" : "");
        }
    }

    /**
     * perf_event sampling: {@code type}/{@code config} as perf_event_attr has them,
     * sampled by frequency (Hz) or period, on every CPU in {@code cpus} (or one pid).
     */
    record PerfEvent(String eventName, int type, long config, long frequency, long period, int pid, List<Integer> cpus)
            implements AttachTarget {
        public String describe() {
            String rate = frequency > 0 ? frequency + " Hz" : "every " + period;
            return "perf_event:" + eventName + " (" + rate + (pid > 0 ? ", pid " + pid : "") + ")";
        }
    }

    record Kprobe(String function, boolean retprobe) implements AttachTarget {
        public String describe() { return (retprobe ? "kretprobe:" : "kprobe:") + function; }
    }
}
