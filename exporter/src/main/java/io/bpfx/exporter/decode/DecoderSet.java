package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The decoders available to labels, by name, and the chain runner. The standard
 * set mirrors ebpf_exporter v2 (minus the PCI and kube ones) plus {@code int};
 * the system sources they read ({@code /proc/kallsyms}, {@code /sys/fs/cgroup},
 * ...) can be replaced for tests, and more decoders registered.
 */
public final class DecoderSet {

    /** Names of the built-in decoders. */
    public static final Set<String> STANDARD_NAMES = Set.of("cgroup", "dname", "errno", "hex", "ifname", "inet_ip",
            "int", "kstack", "ksym", "majorminor", "pci_class", "pci_device", "pci_subclass", "pci_vendor", "regexp",
            "static_map", "string", "syscall", "uint");

    /** pci.ids is 1.3 MB: read once per process, on the first pci_* label. */
    private static final Supplier<PciIds> SYSTEM_PCI_IDS = new Supplier<>() {
        private volatile Object db;

        @Override
        public PciIds get() {
            if (db == null) {
                synchronized (this) {
                    if (db == null) {
                        PciIds read = PciIds.system();
                        db = read != null ? read : Boolean.FALSE;
                    }
                }
            }
            return db instanceof PciIds p ? p : null;
        }
    };

    private final Map<String, Decoder> decoders;

    private DecoderSet(Map<String, Decoder> decoders) {
        this.decoders = Map.copyOf(decoders);
    }

    /** Built-in decoders reading the running system; no stack map for {@code kstack} ids. */
    public static DecoderSet standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The decoder called {@code name}, or null. */
    public Decoder get(String name) {
        return decoders.get(name);
    }

    public Set<String> names() {
        return new TreeSet<>(decoders.keySet());
    }

    /**
     * Runs a chain over one key field.
     *
     * @throws DecodeException a decoder failed or is unknown
     * @throws SkipSeries      a decoder filtered the series out
     */
    public byte[] decode(byte[] in, List<DecoderSpec> chain) throws DecodeException, SkipSeries {
        byte[] out = in;
        for (DecoderSpec step : chain) {
            Decoder d = decoders.get(step.name());
            if (d == null) {
                throw new DecodeException("unknown decoder \"" + step.name() + "\"");
            }
            out = d.decode(out, step);
        }
        return out;
    }

    /** Checks a chain before it is ever run: known names, regexps present and compiling. */
    public void validate(List<DecoderSpec> chain) {
        for (DecoderSpec step : chain) {
            if (!decoders.containsKey(step.name())) {
                throw new IllegalArgumentException("unknown decoder \"" + step.name() + "\" (known: "
                        + String.join(", ", names()) + ")");
            }
            if (step.name().equals("regexp")) {
                if (step.regexps().isEmpty()) {
                    throw new IllegalArgumentException("decoder regexp needs regexps");
                }
                for (String expr : step.regexps()) {
                    try {
                        RegexpDecoder.compile(expr);
                    } catch (DecodeException e) {
                        throw new IllegalArgumentException(e.getMessage());
                    }
                }
            }
        }
    }

    /** Replaces the system sources of the standard decoders, or adds decoders. */
    public static final class Builder {
        private Kallsyms kallsyms;
        private StackSource stacks;
        private CgroupPaths cgroups;
        private Path partitions = Path.of("/proc/partitions");
        private Path netClass = Path.of("/sys/class/net");
        private Supplier<PciIds> pciIds = SYSTEM_PCI_IDS;
        private final Map<String, Decoder> extra = new HashMap<>();

        private Builder() {
        }

        public Builder kallsyms(Kallsyms symbols) {
            this.kallsyms = symbols;
            return this;
        }

        /** Where {@code kstack} looks up stack ids (the program's stack trace map). */
        public Builder stackSource(StackSource source) {
            this.stacks = source;
            return this;
        }

        public Builder cgroupPaths(CgroupPaths paths) {
            this.cgroups = paths;
            return this;
        }

        public Builder partitionsFile(Path file) {
            this.partitions = file;
            return this;
        }

        public Builder netClassDir(Path dir) {
            this.netClass = dir;
            return this;
        }

        public Builder pciIds(PciIds db) {
            this.pciIds = () -> db;
            return this;
        }

        /** Adds (or replaces) a decoder under {@code name}. */
        public Builder register(String name, Decoder decoder) {
            extra.put(name, decoder);
            return this;
        }

        public DecoderSet build() {
            Kallsyms ksyms = kallsyms != null ? kallsyms : Kallsyms.proc();
            Map<String, Decoder> all = new HashMap<>();
            all.put("cgroup", new CgroupDecoder(cgroups != null ? cgroups : CgroupPaths.system()));
            all.put("dname", new DnameDecoder());
            all.put("errno", new ErrnoDecoder());
            all.put("hex", new HexDecoder());
            all.put("ifname", new IfnameDecoder(netClass));
            all.put("inet_ip", new InetIpDecoder());
            all.put("int", new IntDecoder());
            all.put("kstack", new KstackDecoder(ksyms, stacks));
            all.put("ksym", new KsymDecoder(ksyms));
            all.put("majorminor", new MajorMinorDecoder(partitions));
            for (PciDecoder.Kind k : PciDecoder.Kind.values()) {
                all.put("pci_" + k.name().toLowerCase(java.util.Locale.ROOT), new PciDecoder(k, pciIds));
            }
            all.put("regexp", new RegexpDecoder());
            all.put("static_map", new StaticMapDecoder());
            all.put("string", new StringDecoder());
            all.put("syscall", new SyscallDecoder());
            all.put("uint", new UintDecoder());
            all.putAll(extra);
            return new DecoderSet(all);
        }
    }
}
