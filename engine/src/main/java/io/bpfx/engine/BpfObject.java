package io.bpfx.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import io.bpfx.engine.btf.Btf;
import io.bpfx.engine.btf.DatasecVar;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutEncoder;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibbpfLog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A BPF object file opened by libbpf. Opening only parses the ELF and BTF
 * (no kernel object exists yet): programs, maps and globals can be
 * inspected and {@code const volatile} globals set. {@link #load()} creates
 * the kernel objects; {@link #close()} destroys every link made through
 * this object and then the object itself.
 */
public final class BpfObject implements LoadedUnit {
    private static final LibBpf LIB = LibBpf.INSTANCE;

    private final String name;
    /** The BTF its CO-RE relocations read instead of the kernel's, or null. */
    private final Path coreBtf;
    private Pointer obj;
    private final Btf btf;
    private final List<BpfProgram> programs = new ArrayList<>();
    private final List<BpfMap> maps = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private boolean loaded;
    /** Told libbpf's DEBUG lines of the next successful load (CoreBtf learns from them); null: none kept. */
    private java.util.function.Consumer<String> loadWatcher;

    private BpfObject(String name, Pointer obj, Path coreBtf) {
        this.name = name;
        this.coreBtf = coreBtf;
        this.obj = obj;
        this.btf = readBtf(obj);
        io.bpfx.engine.Timing.mark("object BTF parsed");
        for (Pointer p = LIB.bpf_object__next_program(obj, null); p != null; p = LIB.bpf_object__next_program(obj, p)) {
            programs.add(new BpfProgram(this, p));
        }
        for (Pointer m = LIB.bpf_object__next_map(obj, null); m != null; m = LIB.bpf_object__next_map(obj, m)) {
            maps.add(new BpfMap(this, m));
        }
    }

    /** Opens (parses) a BPF object file; no kernel object is created. */
    public static BpfObject open(Path file) {
        return open(file, null);
    }

    /**
     * Opens a BPF object file whose CO-RE relocations read {@code coreBtf} (a minimised copy
     * of the running kernel's BTF: {@code build.CoreBtf}) instead of the kernel's whole BTF,
     * which libbpf would otherwise parse at every load; null: the kernel's.
     */
    public static BpfObject open(Path file, Path coreBtf) {
        if (!Files.isRegularFile(file)) {
            throw new BpfxException.NotFound("BPF object " + file + " not found");
        }
        LibbpfLog.install();
        io.bpfx.engine.libbpf.ProgHandlers.register(); // before open: libbpf types xdp/IFACE, perf_event/... by them
        LibbpfLog.reset();
        io.bpfx.engine.Timing.mark("opening object");
        Memory path = coreBtf == null ? null : io.bpfx.engine.libbpf.Jna.cString(coreBtf.toString());
        Pointer obj = LIB.bpf_object__open_file(file.toString(), path == null ? null : openOpts(path));
        java.lang.ref.Reference.reachabilityFence(path); // libbpf copies it during the open
        io.bpfx.engine.Timing.mark("libbpf opened");
        if (obj == null) {
            int err = Errno.last();
            throw new BpfxException.CorruptObject(file + " is not a valid BPF object: "
                    + lastLibbpfLine(LibbpfLog.captured(), Errno.describe(err)));
        }
        return new BpfObject(file.getFileName().toString(), obj, coreBtf);
    }

    /** struct bpf_object_open_opts (libbpf 1.1) with only btf_custom_path set. */
    private static Memory openOpts(Pointer btfCustomPath) {
        // sz, object_name, relaxed_maps, pin_root_path, (removed attach_prog_fd), kconfig, btf_custom_path, ...
        final int size = 80, btfCustomPathAt = 48;
        Memory opts = new Memory(size);
        opts.clear();
        opts.setLong(0, size);
        opts.setPointer(btfCustomPathAt, btfCustomPath);
        return opts;
    }

    /** Opens a BPF object from memory (e.g. a compiled object held in a cache). */
    public static BpfObject open(byte[] elf, String name) {
        LibbpfLog.install();
        io.bpfx.engine.libbpf.ProgHandlers.register();
        LibbpfLog.reset();
        Memory buf = new Memory(elf.length);
        buf.write(0, elf, 0, elf.length);
        // object_name would need the opts struct; libbpf derives one from the address otherwise
        Pointer obj = LIB.bpf_object__open_mem(buf, elf.length, null);
        if (obj == null) {
            int err = Errno.last();
            throw new BpfxException.CorruptObject(name + " is not a valid BPF object: "
                    + lastLibbpfLine(LibbpfLog.captured(), Errno.describe(err)));
        }
        return new BpfObject(name, obj, null);
    }

    private static Btf readBtf(Pointer obj) {
        Pointer btfPtr = LIB.bpf_object__btf(obj);
        if (btfPtr == null) {
            return null;
        }
        IntByReference size = new IntByReference();
        Pointer raw = LIB.btf__raw_data(btfPtr, size);
        if (raw == null) {
            return null;
        }
        return Btf.parse(raw.getByteArray(0, size.getValue()));
    }

    public String name() {
        return name;
    }

    /** The minimised BTF its CO-RE relocations read instead of the kernel's, if it was opened with one. */
    public java.util.Optional<Path> coreBtf() {
        return java.util.Optional.ofNullable(coreBtf);
    }

    /** The object's BTF, or null for objects compiled without -g. */
    public Btf btf() {
        return btf;
    }

    public Btf requireBtf(String why) {
        if (btf == null) {
            throw new BpfxException.CorruptObject(name + " has no BTF (compile with clang -g) — needed " + why);
        }
        return btf;
    }

    public List<BpfProgram> programs() {
        return Collections.unmodifiableList(programs);
    }

    public List<BpfMap> maps() {
        return Collections.unmodifiableList(maps);
    }

    public BpfProgram program(String programName) {
        for (BpfProgram p : programs) {
            if (p.name().equals(programName)) {
                return p;
            }
        }
        throw new BpfxException.NotFound("no program '" + programName + "' in " + name + " (programs: "
                + programs.stream().map(BpfProgram::name).collect(Collectors.joining(", ")) + ")");
    }

    public BpfMap map(String mapName) {
        for (BpfMap m : maps) {
            if (m.name().equals(mapName)) {
                return m;
            }
        }
        throw new BpfxException.NotFound("no map '" + mapName + "' in " + name + " (maps: "
                + userMaps().stream().map(BpfMap::name).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public List<String> programNames() {
        return programs.stream().map(BpfProgram::name).collect(Collectors.toList());
    }

    @Override
    public String describeProgram(String program) {
        return "program " + program + " (SEC \"" + program(program).section() + "\")";
    }

    @Override
    public java.util.Optional<AttachKind> defaultKind(String program) {
        return AttachKind.fromSection(program(program).section());
    }

    @Override
    public boolean holdsGlobals() {
        return true;
    }

    @Override
    public Link attach(String program, AttachTarget target) {
        return program(program).attach(target);
    }

    /** Programs without attach_to are attached by their SEC name ("basic"). */
    @Override
    public void attachRest(java.util.Set<String> placed, String target, java.util.function.Consumer<Link> attached) {
        for (BpfProgram p : programs) {
            if (placed.contains(p.name()) || !p.autoload()) continue;
            if (!p.canAutoAttach()) {
                throw new BpfxException.BadInput("target " + target + ": program " + p.name() + " (SEC \""
                        + p.section() + "\") names no place to attach: add attach_to(\"" + p.name() + "\", ...)");
            }
            attached.accept(p.attach(new AttachTarget.Auto()));
        }
    }

    @Override
    public io.bpfx.engine.btf.Layout.StructLayout eventLayout(String map, String type) {
        return io.bpfx.engine.session.EventTypes.resolve(this, map, type);
    }

    @Override
    public java.util.Optional<BpfMap> findMap(String mapName) {
        return maps.stream().filter(m -> m.name().equals(mapName)).findFirst();
    }

    /** Maps the user declared (not .rodata/.bss/.data/.kconfig and not bpfx's own). */
    public List<BpfMap> userMaps() {
        return maps.stream().filter(m -> !m.isInternal()).collect(Collectors.toList());
    }

    /** Names of the {@code const volatile} globals that can be set before load. */
    public List<String> globals() {
        if (btf == null) {
            return List.of();
        }
        return btf.datasecVars(".rodata").stream().map(DatasecVar::name).collect(Collectors.toList());
    }

    /**
     * Sets a {@code const volatile} global (in .rodata) before load, e.g. a pid
     * filter. The value is encoded through the variable's BTF type.
     */
    public void setGlobal(String var, Object value) {
        if (loaded) {
            throw new IllegalStateException("globals must be set before load()");
        }
        Btf b = requireBtf("to set global '" + var + "'");
        DatasecVar v = b.findVar(".rodata", var).orElseThrow(() -> new BpfxException.NotFound(
                "no const volatile global '" + var + "' in " + name + " (globals: "
                        + (globals().isEmpty() ? "none" : String.join(", ", globals())) + ")"));
        BpfMap rodata = maps.stream().filter(m -> m.name().endsWith(".rodata")).findFirst()
                .orElseThrow(() -> new BpfxException.CorruptObject(name + " has no .rodata map"));
        LongByReference size = new LongByReference();
        Pointer data = LIB.bpf_map__initial_value(rodata.handle(), size);
        if (data == null || v.offset() + v.size() > size.getValue()) {
            throw new BpfxException.CorruptObject(name + ": .rodata is smaller than global '" + var + "'");
        }
        Layout layout = b.layout(v.typeId());
        ByteBuffer buf = ByteBuffer.allocate(v.size()).order(ByteOrder.LITTLE_ENDIAN);
        try {
            LayoutEncoder.encode(layout, value, buf, 0);
        } catch (BpfxException e) {
            throw new BpfxException.BadInput("global '" + var + "': " + e.getMessage());
        }
        data.write(v.offset(), buf.array(), 0, v.size());
    }

    /** Loads every program (and creates maps) in the kernel. */
    public void load() {
        if (loaded) {
            return;
        }
        Capabilities.requireBpf();
        io.bpfx.engine.Timing.mark("capabilities checked");
        LibbpfLog.reset();
        java.util.function.Consumer<String> watcher = loadWatcher;
        loadWatcher = null;
        if (watcher != null) LibbpfLog.captureDebug();
        int err;
        String debug;
        try {
            err = LIB.bpf_object__load(obj);
        } finally {
            debug = watcher != null ? LibbpfLog.endDebug() : "";
        }
        if (err != 0) {
            throw LoadErrors.translate(this, -err, LibbpfLog.captured());
        }
        loaded = true;
        if (watcher != null) watcher.accept(debug);
    }

    /** {@code watcher} gets libbpf's DEBUG lines of the next successful {@link #load()}, once. */
    public void watchLoad(java.util.function.Consumer<String> watcher) {
        this.loadWatcher = watcher;
    }

    public boolean isLoaded() {
        return loaded;
    }

    Pointer handle() {
        if (obj == null) {
            throw new IllegalStateException(name + " is closed");
        }
        return obj;
    }

    synchronized void track(Link link) {
        links.add(link);
    }

    /** Links made through this object that are still attached. */
    public synchronized List<Link> links() {
        return links.stream().filter(l -> !l.isClosed()).collect(Collectors.toList());
    }

    /** Detaches every link of this object but keeps it loaded. */
    public synchronized void detachAll() {
        for (int i = links.size() - 1; i >= 0; i--) {
            links.get(i).close();
        }
        links.clear();
    }

    public boolean isClosed() {
        return obj == null;
    }

    @Override
    public synchronized void close() {
        if (obj == null) {
            return;
        }
        detachAll();
        for (BpfMap m : maps) {
            m.closeReaders();
        }
        LIB.bpf_object__close(obj);
        obj = null;
    }

    /** The last "libbpf: ..." line of a capture, for one-line errors. */
    static String lastLibbpfLine(String log, String fallback) {
        return LoadErrors.reason(log, fallback);
    }

    @Override
    public String toString() {
        return "BpfObject(" + name + (loaded ? ", loaded" : "") + ")";
    }
}
