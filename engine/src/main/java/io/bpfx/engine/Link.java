package io.bpfx.engine;

import com.sun.jna.Pointer;
import io.bpfx.engine.libbpf.LibBpf;

import java.util.List;

/**
 * One attachment of a program: a libbpf bpf_link, or several for targets
 * that attach once per CPU (perf_event sampling). Closing detaches.
 */
public final class Link implements AutoCloseable {
    private final String program;
    private final String description;
    private final List<Pointer> links;
    private boolean closed;

    Link(String program, String description, List<Pointer> links) {
        this.program = program;
        this.description = description;
        this.links = links;
    }

    public String program() {
        return program;
    }

    /** Where it is attached, e.g. "tracepoint:syscalls:sys_enter_openat". */
    public String description() {
        return description;
    }

    /** How many kernel attachments this is (CPUs for perf events). */
    public int probeCount() {
        return links.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pointer link : links) {
            LibBpf.INSTANCE.bpf_link__destroy(link);
        }
    }

    @Override
    public String toString() {
        return program + " -> " + description;
    }
}
