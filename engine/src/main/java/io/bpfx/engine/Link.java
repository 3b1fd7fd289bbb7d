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
    private final int probes;
    private final Runnable detach; // links libbpf did not make (see external); null for libbpf's
    private boolean closed;

    Link(String program, String description, List<Pointer> links) {
        this(program, description, links, links.size(), null);
    }

    private Link(String program, String description, List<Pointer> links, int probes, Runnable detach) {
        this.program = program;
        this.description = description;
        this.links = links;
        this.probes = probes;
        this.detach = detach;
    }

    /**
     * An attachment made outside libbpf (e.g. fds of a BCC program): closing
     * runs {@code detach} once, which must release every kernel object of it.
     */
    public static Link external(String program, String description, int probeCount, Runnable detach) {
        return new Link(program, description, List.of(), probeCount, detach);
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
        return probes;
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
        if (detach != null) {
            detach.run();
        }
    }

    @Override
    public String toString() {
        return program + " -> " + description;
    }
}
