package io.bpfx.dsl;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfProgram;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.btf.Btf;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.session.EventTypes;
import io.bpfx.engine.session.TargetFiles;
import io.bpfx.engine.session.TargetPlan;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bpfx run prog.bpf.c | prog.bpf.o | prog.c}: a BPF program with no script. It becomes
 * a synthetic script model — one target holding the file, an {@code on_event} per ring buffer /
 * perf event array printing each record, an {@code on_stop} printing every other map — that
 * the ordinary {@link ScriptRunner} and {@link EngineHost} run. Why a model and not a second
 * runner: every exit path (--duration, Ctrl-C, SIGTERM, errors), every error line and the
 * leak-free teardown are then the very ones scripts have, and {@code run_file()} gets the same
 * for free in the REPL and in scripts.
 *
 * <p>A libbpf file is opened (compiled through the cache if C) once before anything loads, to
 * check it (programs, attach points, record types, -c names) and to learn each record's field
 * order for the header; the session's own open hits the compile cache. BCC C cannot be
 * inspected without loading it, so its records are not printed (its maps are).
 */
public final class ProgramScript {
    /** Globals that conventionally filter by process, in the order they are looked for. */
    public static final List<String> PID_GLOBALS = List.of("targ_pid", "target_pid", "targ_tgid", "target_tgid",
            "pid_filter", "filter_pid", "tgid_filter", "filter_tgid", "pid_target", "my_pid");

    private ProgramScript() {}

    /** Whether {@code file} is a BPF program rather than a Lua script: by its name. */
    public static boolean isProgram(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".bpf.c") || n.endsWith(".o") || n.endsWith(".c");
    }

    /**
     * What the command line adds: -c globals as text, --pid (0: none), and for {@code bpfx export}
     * the metrics: given every map of the object (internal ones too), the add_metric tables to
     * declare (null: {@code bpfx run}, which prints records and maps instead).
     */
    public record Settings(Map<String, String> globals, int pid,
                           Function<List<BpfMap>, List<Map<String, Object>>> metrics) {
        public Settings {
            globals = Map.copyOf(globals);
        }

        public Settings(Map<String, String> globals, int pid) {
            this(globals, pid, null);
        }

        boolean exporting() {
            return metrics != null;
        }
    }

    /**
     * The program as a loaded (not yet run) script: checked, described, ready for {@link ScriptRunner}.
     *
     * @throws BpfxException one line naming the culprit: no such file, a compile error (file:line),
     *     no programs, a program with no attach point, an undecodable record, an unknown -c name
     */
    public static DslRuntime load(Path file, Settings settings, RunOptions options, BpfCompiler compiler) {
        if (!Files.isRegularFile(file)) {
            throw new BpfxException.NotFound("no such file: " + file);
        }
        String target = targetName(file);
        TargetPlan probe = new TargetPlan(target);
        if (settings.exporting() && TargetFiles.isBcc(probe, file)) {
            throw new BpfxException.BadInput(file + ": BCC C is exported from a script with add_metric{} (no BTF to derive metrics from)");
        }
        Inspection seen = TargetFiles.isBcc(probe, file) ? Inspection.bcc(settings)
                : inspect(TargetFiles.openObject(compiler, probe, file), file, settings, options.err());
        Path dir = file.toAbsolutePath().normalize().getParent();
        DslRuntime runtime = new DslRuntime(file.toString(), dir, options);
        SourceLocation where = new SourceLocation(file.toString(), 0);
        RunStats stats = new RunStats();
        runtime.describeWith(model -> {
            TargetSpec spec = model.openTarget(target, where);
            spec.addFile(new DeclaredPath(file.toString(), file.toAbsolutePath().normalize(), where));
            spec.setValues(seen.globals);
            if (settings.exporting()) {
                // headless: the exporter counts records and reads maps; nothing is printed
                seen.metrics.forEach(m -> spec.addMetric(new MetricTable(m, where)));
                return;
            }
            for (Map.Entry<String, Layout.StructLayout> e : seen.records.entrySet()) {
                spec.addEventHandler(new EventHandler(e.getKey(),
                        new RecordPrinter(runtime.output(), e.getValue()), e.getValue().name(), where));
            }
            spec.setLostHandler(new Callback(new OneArgFunction() {
                @Override
                public LuaValue call(LuaValue n) {
                    stats.lost += n.tolong();
                    return NIL;
                }
            }, where));
            spec.setStopHandler(new Callback(new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    printMaps(runtime, target, seen);
                    if (stats.lost > 0) options.err().println("bpfx: " + stats.lost + " records lost");
                    return NIL;
                }
            }, where));
        });
        return runtime;
    }

    /** The target is named after the file: opensnoop.bpf.c → opensnoop. */
    static String targetName(Path file) {
        String n = file.getFileName().toString();
        for (String ext : new String[] {".bpf.c", ".bpf.o", ".o", ".c"}) {
            if (n.endsWith(ext)) return n.substring(0, n.length() - ext.length());
        }
        return n;
    }

    /** What the file holds, learnt before anything loads. */
    private static final class Inspection {
        final Map<String, Object> globals = new LinkedHashMap<>();
        /** Event map → its record struct, in map order. */
        final Map<String, Layout.StructLayout> records = new LinkedHashMap<>();
        /** bpfx export: the add_metric tables of the file. */
        List<Map<String, Object>> metrics = List.of();
        /** Maps printed at exit, in the file's order; null: ask the live target (BCC). */
        List<String> printed = new ArrayList<>();

        static Inspection bcc(Settings settings) {
            if (!settings.globals().isEmpty()) {
                throw new BpfxException.BadInput("-c " + settings.globals().keySet().iterator().next()
                        + ": BCC C has no const volatile globals (use -D in the source)");
            }
            Inspection i = new Inspection();
            i.printed = null;
            return i;
        }
    }

    private static Inspection inspect(BpfObject obj, Path file, Settings settings, PrintStream err) {
        try (obj) {
            Inspection seen = new Inspection();
            List<BpfProgram> programs = obj.programs().stream().filter(BpfProgram::autoload).toList();
            if (programs.isEmpty()) {
                throw new BpfxException.BadInput(file + ": no BPF programs (no function in a SEC(\"...\") section)");
            }
            for (BpfProgram p : programs) {
                if (!p.canAutoAttach()) {
                    throw new BpfxException.BadInput(file + ": program " + p.name() + " (SEC \"" + p.section()
                            + "\") names no place to attach (e.g. SEC(\"tracepoint/syscalls/sys_enter_openat\"))");
                }
            }
            List<String> globals = obj.globals();
            for (Map.Entry<String, String> c : settings.globals().entrySet()) {
                if (!globals.contains(c.getKey())) {
                    throw new BpfxException.NotFound("-c " + c.getKey() + ": no const volatile global " + c.getKey()
                            + " in " + file + " (globals: " + (globals.isEmpty() ? "none" : String.join(", ", globals)) + ")");
                }
                seen.globals.put(c.getKey(), parseValue(c.getValue()));
            }
            if (settings.pid() > 0) {
                String filter = PID_GLOBALS.stream().filter(globals::contains).findFirst().orElse(null);
                if (filter != null) {
                    seen.globals.putIfAbsent(filter, (long) settings.pid());
                    err.println("bpfx: --pid " + settings.pid() + " sets " + filter);
                } else {
                    err.println("bpfx: --pid: " + file + " has no pid filter global (" + String.join(", ", PID_GLOBALS)
                            + "); it only limits uprobes and perf events");
                }
            }
            if (settings.exporting()) {
                seen.metrics = settings.metrics().apply(obj.maps());
                return seen;
            }
            for (BpfMap m : obj.userMaps()) {
                if (!m.type().isEventStream()) {
                    seen.printed.add(m.name());
                    continue;
                }
                Btf btf = obj.btf();
                String type = btf == null ? null : EventTypes.recordType(btf, m.name(), null).orElse(null);
                if (type == null) {
                    throw new BpfxException.NotFound(file + ": cannot decode the records of map " + m.name()
                            + ": no struct event nor BPFX_EVENT_TYPE(" + m.name() + ", type) in its BTF"
                            + (btf == null ? " (compile with -g)" : " (structs: " + String.join(", ", btf.structNames()) + ")"));
                }
                seen.records.put(m.name(), (Layout.StructLayout) btf.structLayout(type));
            }
            return seen;
        }
    }

    /** -c text as a global's value: an integer (decimal or 0x), true/false, a decimal, else a string. */
    static Object parseValue(String text) {
        String t = text.trim();
        if (t.equals("true") || t.equals("false")) return Boolean.parseBoolean(t);
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) return Long.parseUnsignedLong(t.substring(2), 16);
            return Long.parseLong(t);
        } catch (NumberFormatException notInteger) {
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException notNumber) {
                return text;
            }
        }
    }

    private static final class RunStats {
        long lost;
    }

    /** Every non-event map at exit, as {@code map(name):print()} prints it. */
    private static void printMaps(DslRuntime runtime, String target, Inspection seen) {
        List<String> names = seen.printed;
        if (names == null && runtime.host() instanceof EngineHost host) {
            names = host.session().target(target).map(t -> t.maps().stream()
                    .filter(m -> !m.type().isEventStream()).map(BpfMap::name).toList()).orElse(List.of());
        }
        if (names == null) return;
        for (String name : names) {
            MapPrinter.print(name, runtime.host().map(target, name), runtime.output());
        }
    }

    /**
     * Prints one record per line under a header of its field names (text), or one JSON object
     * with the fields in struct order (--json).
     */
    static final class RecordPrinter extends OneArgFunction {
        private final ScriptOutput output;
        private final List<String> fields = new ArrayList<>();
        private final List<Integer> widths = new ArrayList<>();
        private boolean headed;

        RecordPrinter(ScriptOutput output, Layout.StructLayout record) {
            this.output = output;
            for (Layout.Field f : record.fields()) {
                if (f.name() == null || f.name().isEmpty()) continue;
                fields.add(f.name());
                int natural = f.layout() instanceof Layout.CharArrayLayout c ? Math.min(c.size(), 16) : 7;
                widths.add(Math.max(natural, f.name().length()));
            }
        }

        @Override
        public LuaValue call(LuaValue event) {
            if (output.json()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String f : fields) row.put(f, LuaConversions.toDisplayJava(event.get(f)));
                output.line(JsonWriter.write(row));
                return NIL;
            }
            if (!headed) {
                headed = true;
                List<String> head = new ArrayList<>();
                for (String f : fields) head.add(f.toUpperCase(java.util.Locale.ROOT));
                output.line(row(head));
            }
            List<String> cells = new ArrayList<>();
            for (String f : fields) {
                LuaValue v = event.get(f);
                cells.add(v.isstring() && !v.isnumber() ? v.tojstring() : LuaValueFormatter.format(v));
            }
            output.line(row(cells));
            return NIL;
        }

        private String row(List<String> cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) b.append(' ');
                b.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths.get(i) + "s", cells.get(i)));
            }
            return b.toString().stripTrailing();
        }
    }
}
