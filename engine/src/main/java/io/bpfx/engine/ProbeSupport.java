package io.bpfx.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this kernel can run a probe kind ({@code tracepoint}, {@code raw_tracepoint},
 * {@code tp_btf}, {@code uprobe}, {@code usdt}, {@code perf_event}, {@code kprobe}, {@code fentry}).
 * The one seam {@code bpfx tools} asks; {@link #simple()} looks at sysfs/tracefs only, a
 * feature-probing implementation (loading test programs) can replace it.
 */
public interface ProbeSupport {

    /** The answer for one kind: {@code ok}, or why not; {@code checked} false when this check cannot tell. */
    record Verdict(boolean ok, boolean checked, String why) {
        static Verdict yes() {
            return new Verdict(true, true, "");
        }

        static Verdict no(String why) {
            return new Verdict(false, true, why);
        }
    }

    Verdict check(String kind);

    /** The probe kind a SEC() name asks for, in the names above ("tp/x/y" → tracepoint, "uretprobe" → uprobe). */
    static String kindOfSection(String section) {
        String prefix = section.contains("/") ? section.substring(0, section.indexOf('/')) : section;
        return switch (prefix) {
            case "tp_btf" -> "tp_btf";
            case "fentry", "fexit", "fmod_ret" -> "fentry";
            default -> AttachKind.fromSection(section).map(k -> switch (k) {
                case TRACEPOINT -> "tracepoint";
                case RAW_TRACEPOINT -> "raw_tracepoint";
                case UPROBE, URETPROBE -> "uprobe";
                case USDT -> "usdt";
                case PERF_EVENT -> "perf_event";
                case KPROBE, KRETPROBE -> "kprobe";
            }).orElse(prefix);
        };
    }

    /** Files under /sys only: no program is loaded. fentry is not checked (it needs a test load). */
    static ProbeSupport simple() {
        return kind -> switch (kind) {
            case "tracepoint" -> exists(() -> Tracefs.root().resolve("events"), "no tracefs events folder");
            case "raw_tracepoint", "perf_event" -> Verdict.yes();
            case "tp_btf" -> Files.exists(Path.of("/sys/kernel/btf/vmlinux")) ? Verdict.yes()
                    : Verdict.no("no kernel BTF (/sys/kernel/btf/vmlinux)");
            case "uprobe", "usdt" -> Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/type"))
                    ? Verdict.yes() : exists(() -> Tracefs.root().resolve("uprobe_events"), "no uprobes (CONFIG_UPROBES off)");
            case "kprobe" -> Kprobes.available() ? Verdict.yes() : Verdict.no("no kprobes (CONFIG_KPROBES off)");
            default -> new Verdict(false, false, kind + " not checked");
        };
    }

    private static Verdict exists(java.util.function.Supplier<Path> path, String why) {
        try {
            return Files.exists(path.get()) ? Verdict.yes() : Verdict.no(why);
        } catch (BpfxException e) {
            return Verdict.no(why);
        }
    }
}
