package io.bpfx.engine;

import io.bpfx.engine.libbpf.Errno;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed bpf_object__load (errno + libbpf log) into a one-line typed error. */
final class LoadErrors {
    private static final Pattern PROG_FAILED = Pattern.compile("prog '([^']+)': (?:BPF program load failed|failed to load): ?(.*)");
    private static final Pattern BTF_MISSING = Pattern.compile("prog '([^']+)': failed to find kernel BTF type ID of '([^']+)'");
    private static final int TAIL_LINES = 3;
    /** libbpf's closing lines, which say that something failed but not what. */
    private static final Pattern GENERIC = Pattern.compile("^(failed to (load|open) (BPF )?(object|skeleton)\\b.*"
            + "|prog '[^']+': failed to load: -?\\d+|Error loading .*|-- (BEGIN|END) PROG LOAD LOG --)$");

    private LoadErrors() {}

    static BpfxException translate(BpfObject obj, int errno, String log) {
        String prog = null;
        Matcher m = PROG_FAILED.matcher(log);
        if (m.find()) {
            prog = m.group(1);
        }
        Matcher btf = BTF_MISSING.matcher(log);
        if (btf.find()) {
            return new BpfxException.NotFound("cannot load program " + btf.group(1) + " of " + obj.name()
                    + ": kernel function '" + btf.group(2) + "' not found in the kernel's BTF");
        }
        String verifierLog = between(log, "-- BEGIN PROG LOAD LOG --", "-- END PROG LOAD LOG --");
        BpfProgram p = prog == null ? null : findProgram(obj, prog);
        if (p != null && (p.type() == BpfProgram.TYPE_TRACING || p.type() == BpfProgram.TYPE_LSM)
                && (errno == Errno.EPERM || errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP || errno == Errno.EINVAL)
                && Capabilities.canLoadBpf(Capabilities.effective())) {
            // fentry/fexit/lsm need BPF trampolines; kernels without them refuse the load
            return new BpfxException.Unsupported("cannot load program " + prog + " (SEC \"" + p.section() + "\") of "
                    + obj.name() + ": this kernel does not support fentry/fexit/lsm programs ("
                    + Errno.describe(errno) + "); use a kprobe, tracepoint or raw_tracepoint instead");
        }
        if (verifierLog != null && !verifierLog.isBlank()) {
            String tail = String.join(" | ", tail(verifierLog));
            return new BpfxException.VerifierRejected(prog, "verifier rejected program " + prog + " of " + obj.name()
                    + ": " + tail, verifierLog);
        }
        if ((errno == Errno.EPERM || errno == Errno.EACCES) && !Capabilities.canLoadBpf(Capabilities.effective())) {
            return new BpfxException.PermissionDenied(Capabilities.missingMessage(Capabilities.effective()));
        }
        String detail = BpfObject.lastLibbpfLine(log, Errno.describe(errno));
        String who = prog != null ? "program " + prog + " of " + obj.name() : obj.name();
        if (errno == Errno.EINVAL || errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP) {
            return new BpfxException.Unsupported("cannot load " + who + ": " + detail);
        }
        return new BpfxException("cannot load " + who + ": " + detail);
    }

    /**
     * libbpf's reason: the last line of its log that says what went wrong ("map 'm':
     * failed to create: Invalid argument(-22)"), not the closing "failed to load object 'x'".
     */
    static String reason(String log, String fallback) {
        String[] lines = log.strip().split("\n");
        String generic = null;
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (l.startsWith("libbpf: ")) l = l.substring(8);
            if (l.isEmpty()) continue;
            if (GENERIC.matcher(l).matches()) {
                if (generic == null) generic = l;
                continue;
            }
            return l;
        }
        return generic != null ? generic + " (" + fallback + ")" : fallback;
    }

    private static BpfProgram findProgram(BpfObject obj, String name) {
        for (BpfProgram p : obj.programs()) {
            if (p.name().equals(name)) return p;
        }
        return null;
    }

    private static String between(String log, String begin, String end) {
        int b = log.indexOf(begin);
        if (b < 0) return null;
        int e = log.indexOf(end, b);
        String body = log.substring(b + begin.length(), e < 0 ? log.length() : e);
        // the lines are prefixed by libbpf only on the markers, the body is raw verifier output
        return body.strip();
    }

    /** The last lines that say something: skip "processed N insns" style statistics. */
    static List<String> tail(String verifierLog) {
        String[] lines = verifierLog.split("\n");
        List<String> keep = new ArrayList<>();
        for (int i = lines.length - 1; i >= 0 && keep.size() < TAIL_LINES; i--) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("processed ") || l.startsWith("verification time")
                    || l.startsWith("stack depth") || l.startsWith("libbpf:")) {
                continue;
            }
            keep.add(0, l);
        }
        return keep;
    }
}
