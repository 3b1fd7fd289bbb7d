package io.bpfx.engine.system;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.Capabilities;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this kernel and machine can run, each fact from a real probe: a tiny program
 * loaded (and attached where attaching is what fails), a PMU opened, a file read —
 * never guessed from the kernel version. The ready-tool catalog and the control
 * plane ask {@link #available(String)} before they try something.
 *
 * <p>Keys, in order: {@value #KEYS}. Probing loads and closes a dozen programs and
 * maps (~50 ms) and needs the capabilities to load BPF; it leaves nothing behind.
 */
public final class Features {
    static final String KEYS = "btf, tracefs, tracepoints, kprobes, fentry, tp_btf, uprobes, usdt, perf_software, "
            + "perf_hardware, ringbuf, iterators, batch_ops, bpf_stats, jit, unprivileged_bpf, capabilities, "
            + "bcc_headers, clang, libbpf";

    private final Map<String, Feature> byName;

    private Features(List<Feature> all) {
        Map<String, Feature> m = new LinkedHashMap<>();
        all.forEach(f -> m.put(f.name(), f));
        this.byName = Collections.unmodifiableMap(m);
    }

    /** Probes everything now; throws {@link BpfxException.PermissionDenied} without the capabilities. */
    public static Features probe() {
        Capabilities.requireBpf();
        List<Feature> all = new ArrayList<>();
        all.add(FeatureProbes.btf());
        all.add(FeatureProbes.tracefs());
        all.add(FeatureProbes.tracepoints());
        all.add(FeatureProbes.kprobes());
        all.add(FeatureProbes.fentry());
        all.add(FeatureProbes.tpBtf());
        Feature uprobes = FeatureProbes.uprobes();
        all.add(uprobes);
        all.add(FeatureProbes.usdt(uprobes));
        all.add(FeatureProbes.perfSoftware());
        all.add(FeatureProbes.perfHardware());
        all.add(FeatureProbes.ringbuf());
        all.add(FeatureProbes.iterators());
        all.add(FeatureProbes.batchOps());
        all.add(FeatureProbes.bpfStats());
        all.add(SystemFacts.jit());
        all.add(SystemFacts.unprivilegedBpf());
        all.add(SystemFacts.capabilities());
        all.add(SystemFacts.bccHeaders());
        all.add(SystemFacts.clang());
        all.add(SystemFacts.libbpf());
        return new Features(all);
    }

    /** Every fact, in the order of {@value #KEYS}. */
    public List<Feature> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Feature> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Whether {@code name} probed yes; an unknown name is an {@link IllegalArgumentException}. */
    public boolean available(String name) {
        Feature f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no feature " + name + " (known: " + KEYS + ")");
        }
        return f.available();
    }
}
