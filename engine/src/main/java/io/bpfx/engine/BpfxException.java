package io.bpfx.engine;

/**
 * Base of every error bpfx reports to a user. The message is one line that
 * names the culprit (probe, symbol, file, capability) and is meant to be
 * printed as is, without a stack trace.
 */
public class BpfxException extends RuntimeException {
    public BpfxException(String message) {
        super(message);
    }

    public BpfxException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Raised by the user's own code (a script line, a callback), not by the engine: an exporter
     * counts these from event handlers and goes on where the run would end.
     */
    public static class InScript extends BpfxException {
        public InScript(String message) { super(message); }

        public InScript(String message, Throwable cause) { super(message, cause); }
    }

    /** Not root, or missing CAP_BPF / CAP_PERFMON / CAP_SYS_ADMIN. */
    public static class PermissionDenied extends BpfxException {
        public PermissionDenied(String message) { super(message); }
    }

    /** A tracepoint, raw tracepoint, symbol, binary, USDT probe or kernel function that is not there. */
    public static class NotFound extends BpfxException {
        public NotFound(String message) { super(message); }
    }

    /** Program type, attach kind or map type this kernel does not support (kprobes, fentry, ...). */
    public static class Unsupported extends BpfxException {
        public Unsupported(String message) { super(message); }
    }

    /** The verifier rejected a program; carries the program name and the log tail. */
    public static class VerifierRejected extends BpfxException {
        private final String program;
        private final String log;

        public VerifierRejected(String program, String message, String log) {
            super(message);
            this.program = program;
            this.log = log;
        }

        public String program() { return program; }

        /** The whole verifier log, as the kernel gave it. */
        public String log() { return log; }
    }

    /** A BPF object that is not a valid ELF / BTF, or lacks what it must have. */
    public static class CorruptObject extends BpfxException {
        public CorruptObject(String message) { super(message); }
    }

    /** Ambiguous user input: several candidates where exactly one was needed. */
    public static class Ambiguous extends BpfxException {
        public Ambiguous(String message) { super(message); }
    }

    /** Input that does not parse (a probe place, a spec, a value). */
    public static class BadInput extends BpfxException {
        public BadInput(String message) { super(message); }
    }
}
