package io.bpfx.engine;

import io.bpfx.engine.elf.UprobeLocation;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.elf.UsdtLocation;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads attach place strings ("syscalls:sys_enter_openat", "libc:malloc",
 * "bin:provider:name", "cpu-clock", ...) per kind into {@link AttachTarget}s.
 * Touches no kernel object: uprobe symbols are resolved from ELF files.
 */
public final class AttachPlaces {
    public static final long DEFAULT_FREQUENCY = 99;

    private final Supplier<UprobeLocator> locatorFactory;
    private final Consumer<String> notes;
    private UprobeLocator locator;

    /**
     * @param locator made on first use: reading the loader's library list costs ~100 ms,
     *                which runs without uprobes should not pay
     * @param notes   receives lines worth telling the user (e.g. where a bare symbol was found)
     */
    public AttachPlaces(Supplier<UprobeLocator> locator, Consumer<String> notes) {
        this.locatorFactory = locator;
        this.notes = notes;
    }

    private synchronized UprobeLocator locator() {
        if (locator == null) locator = locatorFactory.get();
        return locator;
    }

    /**
     * @param opts pid, frequency, period (numbers), as the DSL's attach_to opts
     * @param defaultBinary set_binary(), for bare uprobe symbols (nullable)
     */
    public AttachTarget parse(AttachKind kind, String place, Map<String, Object> opts, String defaultBinary) {
        if (place == null || place.isBlank()) {
            throw new BpfxException.BadInput("empty " + kind.lowerName() + " place");
        }
        int pid = (int) number(opts, "pid", 0);
        switch (kind) {
            case TRACEPOINT: {
                String p = place.replace('/', ':');
                int colon = p.indexOf(':');
                if (colon <= 0 || colon == p.length() - 1 || p.indexOf(':', colon + 1) >= 0) {
                    throw new BpfxException.BadInput("tracepoint '" + place + "' must be category:name, e.g. syscalls:sys_enter_openat");
                }
                return new AttachTarget.Tracepoint(p.substring(0, colon), p.substring(colon + 1));
            }
            case RAW_TRACEPOINT:
                if (place.contains(":") || place.contains("/")) {
                    throw new BpfxException.BadInput("raw tracepoint '" + place + "' is a bare name, e.g. sched_switch");
                }
                return new AttachTarget.RawTracepoint(place);
            case UPROBE:
            case URETPROBE: {
                UprobeLocation loc = locator().locate(place, defaultBinary);
                if (loc.searched()) {
                    notes.accept(loc.describe());
                }
                return new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), kind == AttachKind.URETPROBE, pid);
            }
            case USDT: {
                UsdtLocation loc = locator().locateUsdt(place);
                return new AttachTarget.Usdt(loc.binary(), loc.provider(), loc.name(), pid);
            }
            case PERF_EVENT: {
                PerfEvents.EventCode code = PerfEvents.lookup(place).orElseThrow(() -> new BpfxException.BadInput(
                        "unknown perf event '" + place + "' (known: " + String.join(", ", PerfEvents.names()) + ", or type=N,config=M)"));
                long freq = number(opts, "frequency", 0), period = number(opts, "period", 0);
                if (freq > 0 && period > 0) {
                    throw new BpfxException.BadInput("perf event " + place + ": give frequency or period, not both");
                }
                if (freq == 0 && period == 0) freq = DEFAULT_FREQUENCY;
                List<Integer> cpus = Cpus.online();
                return new AttachTarget.PerfEvent(place, code.type(), code.config(), freq, period, pid, cpus);
            }
            case KPROBE:
            case KRETPROBE:
                if (place.contains(":") || place.contains("/")) {
                    throw new BpfxException.BadInput("kprobe '" + place + "' is a kernel function name, e.g. do_sys_openat2");
                }
                return new AttachTarget.Kprobe(place, kind == AttachKind.KRETPROBE);
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }

    private static long number(Map<String, Object> opts, String key, long dflt) {
        Object v = opts == null ? null : opts.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() == Math.floor(n.doubleValue())) {
            return n.longValue();
        }
        throw new BpfxException.BadInput("option " + key + " must be a non-negative integer, got " + v);
    }
}
