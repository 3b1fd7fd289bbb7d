package io.bpfx.engine.bcc;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.bpfx.engine.AttachKind;
import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.Capabilities;
import io.bpfx.engine.Link;
import io.bpfx.engine.LoadedUnit;
import io.bpfx.engine.MapType;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A BCC C file compiled by libbcc (BCC's clang frontend and rewriter), as
 * BCC's Python {@code BPF(src_file=...)} does it. Compiling creates the
 * file's tables (maps) in the kernel; functions are loaded when they are
 * attached, with the program type their attach place needs (BCC's
 * convention: tracepoint, raw tracepoint, kprobe type for kprobes and
 * uprobes, perf_event). {@link #close()} detaches every link made through
 * the module, closes its program fds and destroys the module (and its tables).
 *
 * <p>Tables are {@link BpfMap}s typed from BCC's key/leaf descriptors, so
 * {@code entries()} decode to named fields. Event records of a
 * {@code BPF_PERF_OUTPUT} / {@code BPF_RINGBUF_OUTPUT} are typed by
 * {@link #eventLayout(String, String)}.
 */
public final class BccModule implements LoadedUnit {
    /** enum bpf_prog_type values BCC C functions are loaded as. */
    public enum ProgramType {
        KPROBE(2), TRACEPOINT(5), PERF_EVENT(7), RAW_TRACEPOINT(17);

        final int code;

        ProgramType(int code) {
            this.code = code;
        }
    }

    static final String TRACEPOINT_PREFIX = "tracepoint__", RAW_TRACEPOINT_PREFIX = "raw_tracepoint__",
            KPROBE_PREFIX = "kprobe__", KRETPROBE_PREFIX = "kretprobe__";
    private static final List<String> UNSUPPORTED_PREFIXES = List.of("kfunc__", "kretfunc__", "kmod_ret__", "lsm__", "bpf_iter__");
    private static final Pattern CLANG_DIAG = Pattern.compile("^(.+?):(\\d+):(\\d+): (?:fatal )?error: (.*)$");
    private static final String MAIN_FILE = "/virtual/main.c";
    private static final int LOG_SIZE = 1 << 20;
    private static final int TAIL_LINES = 3;

    private final Path source;
    private final String name;
    private final LibBcc lib;
    private Pointer module;
    private final List<String> functions;
    private final List<BpfMap> tables = new ArrayList<>();
    private final BccLayouts layouts = new BccLayouts();
    private final Map<String, Integer> programFds = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final String warnings;

    private BccModule(Path source, LibBcc lib, Pointer module, String warnings) {
        this.source = source;
        this.name = source.getFileName().toString();
        this.lib = lib;
        this.module = module;
        this.warnings = warnings;
        List<String> fns = new ArrayList<>();
        long n = lib.bpf_num_functions(module);
        for (long i = 0; i < n; i++) fns.add(lib.bpf_function_name(module, i));
        this.functions = Collections.unmodifiableList(fns);
        readTables();
    }

    /**
     * Compiles a BCC C file with {@code -D} defines and {@code -I} include
     * directories (the file's own directory is searched too) and creates its tables.
     *
     * @throws BpfxException.NotFound no file, no kernel headers, or no libbcc
     * @throws BpfxException.BadInput a compile error, as {@code file.c:LINE: message}
     */
    public static BccModule compile(Path source, List<String> defines, List<Path> includeDirs) {
        return compile(source, defines, includeDirs, System::getenv);
    }

    static BccModule compile(Path source, List<String> defines, List<Path> includeDirs, Function<String, String> env) {
        if (!Files.isRegularFile(source)) {
            throw new BpfxException.NotFound("BCC source " + source + " not found");
        }
        KernelHeaders.problem(env, KernelHeaders.release(), KernelHeaders.MODULES, KernelHeaders.KHEADERS)
                .ifPresent(msg -> {
                    throw new BpfxException.NotFound(source + ": " + msg);
                });
        Capabilities.requireBpf(); // compiling creates the tables in the kernel
        String text;
        try {
            text = new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BpfxException.NotFound("cannot read BCC source " + source + ": " + e.getMessage());
        }
        List<String> cflags = new ArrayList<>();
        for (String d : defines) cflags.add("-D" + d);
        for (Path p : includeDirs) cflags.add("-I" + p.toAbsolutePath().normalize());
        Path dir = source.toAbsolutePath().getParent();
        if (dir != null) cflags.add("-I" + dir);
        LibBcc lib = LibBcc.get();
        String[] flags = cflags.toArray(new String[0]);
        StderrCapture.Result<Pointer> r = StderrCapture.run(
                () -> lib.bpf_module_create_c_from_string(text, 0, flags, flags.length, true, null));
        if (r.value() == null) {
            throw new BpfxException.BadInput(firstError(r.stderr(), source));
        }
        try {
            return new BccModule(source, lib, r.value(), r.stderr());
        } catch (RuntimeException e) {
            lib.bpf_module_destroy(r.value());
            throw e;
        }
    }

    /** "file.c:LINE: message" from BCC's clang diagnostics (its main file is /virtual/main.c). */
    static String firstError(String stderr, Path shown) {
        String fallback = null;
        for (String line : stderr.split("\n")) {
            String l = line.strip();
            Matcher m = CLANG_DIAG.matcher(l);
            if (m.matches()) {
                String file = m.group(1).equals(MAIN_FILE) ? shown.toString() : m.group(1);
                return file + ":" + m.group(2) + ": " + m.group(4);
            }
            if (fallback == null && l.contains("error")) fallback = l;
        }
        if (fallback != null) return shown + ": " + fallback;
        String last = stderr.strip().lines().reduce((a, b) -> b).orElse("");
        return shown + ": BCC could not compile it" + (last.isEmpty() ? " (it printed no diagnostics)" : ": " + last);
    }

    private void readTables() {
        long n = lib.bpf_num_tables(module);
        for (long i = 0; i < n; i++) {
            String table = lib.bpf_table_name(module, i);
            int fd = lib.bpf_table_fd_id(module, i);
            if (table == null || fd < 0) continue; // an extern table another module owns
            int keySize = (int) lib.bpf_table_key_size_id(module, i);
            int leafSize = (int) lib.bpf_table_leaf_size_id(module, i);
            int maxEntries = (int) lib.bpf_table_max_entries_id(module, i);
            Layout key = layouts.fromDescriptor(lib.bpf_table_key_desc_id(module, i), keySize, "table " + table + "'s key");
            Layout leaf = layouts.fromDescriptor(lib.bpf_table_leaf_desc_id(module, i), leafSize, "table " + table + "'s leaf");
            tables.add(BpfMap.ofFd(table, MapType.of(lib.bpf_table_type_id(module, i)), fd, keySize, leafSize,
                    maxEntries, key, leaf));
        }
    }

    public Path source() {
        return source;
    }

    public String name() {
        return name;
    }

    /** What the compiler printed for a file that compiled (warnings), or "". */
    public String warnings() {
        return warnings;
    }

    /** The BPF functions of the file (candidate programs), in BCC's order. */
    public List<String> functions() {
        return functions;
    }

    @Override
    public List<String> programNames() {
        return functions;
    }

    @Override
    public String describeProgram(String program) {
        return "BCC function " + program;
    }

    @Override
    public Optional<AttachKind> defaultKind(String program) {
        return conventionKind(program);
    }

    @Override
    public List<BpfMap> userMaps() {
        return tables();
    }

    @Override
    public Optional<BpfMap> findMap(String name) {
        return findTable(name);
    }

    /** Nothing to do: BCC compiled the file, and loads a function when it attaches. */
    @Override
    public void load() {
    }

    @Override
    public void attachRest(Set<String> placed, String target, java.util.function.Consumer<Link> attached) {
        autoAttach(placed).forEach(attached);
        if (links().isEmpty()) {
            throw new BpfxException.BadInput("target " + target + ": nothing of " + source + " is attached: "
                    + "name functions as BCC does (TRACEPOINT_PROBE, RAW_TRACEPOINT_PROBE, kprobe__fn) or add "
                    + "attach_to(\"function\", ...) (functions: " + String.join(", ", functions) + ")");
        }
    }

    public boolean hasFunction(String function) {
        return functions.contains(function);
    }

    /** The file's tables (BPF_HASH, BPF_ARRAY, BPF_PERF_OUTPUT, ...) as maps known by fd. */
    public List<BpfMap> tables() {
        return Collections.unmodifiableList(tables);
    }

    public Optional<BpfMap> findTable(String table) {
        return tables.stream().filter(t -> t.name().equals(table)).findFirst();
    }

    public BpfMap table(String table) {
        return findTable(table).orElseThrow(() -> new BpfxException.NotFound("no table '" + table + "' in " + name
                + " (tables: " + tables.stream().map(BpfMap::name).collect(Collectors.joining(", ")) + ")"));
    }

    // --- loading and attaching -------------------------------------------------------

    /** The place a function's name gives by BCC's conventions (tracepoint__cat__name, kprobe__fn, ...). */
    public static Optional<AttachTarget> conventionTarget(String function) {
        if (function.startsWith(TRACEPOINT_PREFIX)) {
            String rest = function.substring(TRACEPOINT_PREFIX.length());
            int sep = rest.indexOf("__");
            if (sep <= 0 || sep + 2 >= rest.length()) return Optional.empty();
            return Optional.of(new AttachTarget.Tracepoint(rest.substring(0, sep), rest.substring(sep + 2)));
        }
        if (function.startsWith(RAW_TRACEPOINT_PREFIX) && function.length() > RAW_TRACEPOINT_PREFIX.length()) {
            return Optional.of(new AttachTarget.RawTracepoint(function.substring(RAW_TRACEPOINT_PREFIX.length())));
        }
        if (function.startsWith(KPROBE_PREFIX) && function.length() > KPROBE_PREFIX.length()) {
            return Optional.of(new AttachTarget.Kprobe(function.substring(KPROBE_PREFIX.length()), false));
        }
        if (function.startsWith(KRETPROBE_PREFIX) && function.length() > KRETPROBE_PREFIX.length()) {
            return Optional.of(new AttachTarget.Kprobe(function.substring(KRETPROBE_PREFIX.length()), true));
        }
        return Optional.empty();
    }

    /** The attach kind a function's name implies, for reading an attach_to place without set_kind. */
    public static Optional<AttachKind> conventionKind(String function) {
        if (function.startsWith(TRACEPOINT_PREFIX)) return Optional.of(AttachKind.TRACEPOINT);
        if (function.startsWith(RAW_TRACEPOINT_PREFIX)) return Optional.of(AttachKind.RAW_TRACEPOINT);
        if (function.startsWith(KPROBE_PREFIX)) return Optional.of(AttachKind.KPROBE);
        if (function.startsWith(KRETPROBE_PREFIX)) return Optional.of(AttachKind.KRETPROBE);
        return Optional.empty();
    }

    /** Whether the name asks to be attached automatically (including kinds bpfx cannot do for BCC). */
    public static boolean isAutoAttachName(String function) {
        return conventionKind(function).isPresent() || UNSUPPORTED_PREFIXES.stream().anyMatch(function::startsWith);
    }

    static ProgramType typeFor(AttachTarget target) {
        if (target instanceof AttachTarget.Tracepoint) return ProgramType.TRACEPOINT;
        if (target instanceof AttachTarget.RawTracepoint) return ProgramType.RAW_TRACEPOINT;
        if (target instanceof AttachTarget.PerfEvent) return ProgramType.PERF_EVENT;
        return ProgramType.KPROBE; // kprobes, uprobes (and USDT, which BccAttach refuses)
    }

    /**
     * Loads a function as a program of {@code type} (once per type) and returns its fd.
     *
     * @throws BpfxException.VerifierRejected with the verifier's log
     */
    public synchronized int load(String function, ProgramType type) {
        requireOpen();
        if (!functions.contains(function)) {
            throw new BpfxException.NotFound("no function '" + function + "' in " + name + " (functions: "
                    + String.join(", ", functions) + ")");
        }
        String key = function + "/" + type;
        Integer cached = programFds.get(key);
        if (cached != null) return cached;
        Capabilities.requireBpf();
        Pointer insns = lib.bpf_function_start(module, function);
        int size = (int) lib.bpf_function_size(module, function);
        String license = lib.bpf_module_license(module);
        int kernVersion = lib.bpf_module_kern_version(module);
        Memory log = new Memory(LOG_SIZE);
        log.setByte(0, (byte) 0);
        Pointer mod = module;
        // errno is read inside: restoring stderr makes more native calls
        StderrCapture.Result<int[]> r = StderrCapture.run(() -> {
            int fd = lib.bcc_func_load(mod, type.code, function, insns, size, license, kernVersion, 0, log, LOG_SIZE,
                    null, -1);
            return new int[] {fd, fd < 0 ? Native.getLastError() : 0};
        });
        int fd = r.value()[0];
        if (fd < 0) {
            throw loadError(function, type, r.value()[1], log.getString(0, "UTF-8"), r.stderr());
        }
        programFds.put(key, fd);
        return fd;
    }

    private BpfxException loadError(String function, ProgramType type, int errno, String log, String stderr) {
        String verifierLog = log.strip();
        if (!verifierLog.isEmpty()) {
            return new BpfxException.VerifierRejected(function, "verifier rejected program " + function + " of " + name
                    + ": " + String.join(" | ", tail(verifierLog)), verifierLog);
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            Capabilities.requireBpf();
        }
        String detail = stderr.strip().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(Errno.describe(errno));
        String what = "cannot load " + function + " of " + name + " as a " + type.name().toLowerCase() + " program: ";
        if (errno == Errno.EINVAL || errno == Errno.EOPNOTSUPP || errno == Errno.ENOTSUPP) {
            return new BpfxException.Unsupported(what + detail);
        }
        return new BpfxException(what + detail);
    }

    /** The last lines of a verifier log that say something (not "processed N insns" statistics). */
    static List<String> tail(String verifierLog) {
        String[] lines = verifierLog.split("\n");
        List<String> keep = new ArrayList<>();
        for (int i = lines.length - 1; i >= 0 && keep.size() < TAIL_LINES; i--) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("processed ") || l.startsWith("verification time")
                    || l.startsWith("stack depth")) {
                continue;
            }
            keep.add(0, l);
        }
        return keep;
    }

    /**
     * Loads a function as its place needs and attaches it there. {@link AttachTarget.Auto}
     * reads the place from the name (BCC's conventions). The link is also tracked
     * by the module, so {@link #close()} detaches it.
     */
    @Override
    public synchronized Link attach(String function, AttachTarget target) {
        requireOpen();
        if (target instanceof AttachTarget.Auto) {
            if (UNSUPPORTED_PREFIXES.stream().anyMatch(function::startsWith)) {
                throw new BpfxException.Unsupported(name + ": function " + function
                        + " is a kfunc/kretfunc/lsm/iterator program, which bpfx does not attach for BCC C "
                        + "(and this kernel may lack BPF trampolines); use a tracepoint or raw_tracepoint");
            }
            AttachTarget named = conventionTarget(function).orElseThrow(() -> new BpfxException.BadInput(name
                    + ": function " + function + " names no place to attach (BCC names: tracepoint__cat__name, "
                    + "raw_tracepoint__name, kprobe__fn, kretprobe__fn); attach it explicitly"));
            return attach(function, named);
        }
        if (target instanceof AttachTarget.Usdt) {
            throw BccAttach.usdtUnsupported(function, target);
        }
        if (target instanceof AttachTarget.Kprobe k) {
            BccAttach.requireKprobes(k);
        }
        int fd = load(function, typeFor(target));
        Link link = BccAttach.attach(fd, function, target);
        links.add(link);
        return link;
    }

    /**
     * Attaches every function whose name says where (BCC's auto-attach), except
     * those in {@code skip}; other functions are left alone (as BCC does: they may
     * be tail-call targets or be attached explicitly).
     */
    public synchronized List<Link> autoAttach(Set<String> skip) {
        List<Link> made = new ArrayList<>();
        for (String f : functions) {
            if (skip.contains(f) || !isAutoAttachName(f)) continue;
            made.add(attach(f, new AttachTarget.Auto()));
        }
        return made;
    }

    /** Links made through this module that are still attached. */
    public synchronized List<Link> links() {
        return links.stream().filter(l -> !l.isClosed()).collect(Collectors.toList());
    }

    // --- events ------------------------------------------------------------------------

    /** Fields ("name#type") BCC recorded for what the code sends through {@code table}. */
    public List<String> eventFields(String table) {
        requireOpen();
        List<String> out = new ArrayList<>();
        long n = lib.bpf_perf_event_fields(module, table);
        for (long i = 0; i < n; i++) out.add(lib.bpf_perf_event_field(module, table, i));
        return out;
    }

    /**
     * The record struct of a BPF_PERF_OUTPUT / BPF_RINGBUF_OUTPUT table. BCC
     * itself does not type these tables, so: the struct named {@code type} when a
     * table's key or leaf uses it (BCC describes only those); else the struct BCC
     * saw passed to {@code table.perf_submit()} / {@code ringbuf_output()} /
     * {@code ringbuf_reserve()} (BCC records its fields, not its name); else,
     * without {@code type}, a table struct named "event".
     */
    @Override
    public Layout.StructLayout eventLayout(String table, String type) {
        table(table);
        if (type != null) {
            Layout.StructLayout s = layouts.struct(type);
            if (s != null) return s;
        }
        List<String> fields = eventFields(table);
        if (!fields.isEmpty()) {
            return layouts.fromEventFields(type != null ? type : "", fields, name + ": events of table " + table);
        }
        if (type == null && layouts.struct("event") != null) return layouts.struct("event");
        String known = layouts.structNames().isEmpty() ? "none" : String.join(", ", layouts.structNames());
        throw new BpfxException.NotFound("cannot tell the record type of BCC table " + table + " in " + name + ": "
                + (type != null ? "no table uses struct '" + type + "', and " : "")
                + "BCC saw no " + table + ".perf_submit()/ringbuf_output()/ringbuf_reserve() to take it from"
                + " (structs BCC knows from tables: " + known + "); name one with on_event(..., { type = \"name\" }) "
                + "and let a table use it, e.g. BPF_PERCPU_ARRAY(tmp, struct name, 1)");
    }

    // --- lifetime ----------------------------------------------------------------------

    public synchronized boolean isClosed() {
        return module == null;
    }

    private void requireOpen() {
        if (module == null) throw new IllegalStateException(name + " is closed");
    }

    /** Detaches every link, closes the program fds and destroys the module and its tables. */
    @Override
    public synchronized void close() {
        if (module == null) return;
        for (int i = links.size() - 1; i >= 0; i--) {
            try {
                links.get(i).close();
            } catch (RuntimeException ignored) {
                // keep releasing the rest
            }
        }
        links.clear();
        for (int fd : programFds.values()) LibC.INSTANCE.close(fd);
        programFds.clear();
        lib.bpf_module_destroy(module);
        module = null;
    }

    @Override
    public String toString() {
        return "BccModule(" + name + (module == null ? ", closed" : "") + ")";
    }
}
