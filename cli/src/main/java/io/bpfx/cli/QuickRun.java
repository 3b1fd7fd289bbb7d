package io.bpfx.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bpfx run}'s usual command lines without picocli, whose annotation scan and model
 * building are the biggest part of start-up before the script loads (tens of milliseconds,
 * cold). RunCommand's picocli annotations stay the one declaration of run's options: the build
 * compiles them into an index class ({@link #main}), which this parser reads. It parses only what it
 * is sure picocli parses the same way (options by their exact names or {@code --name=value},
 * values that don't start with '-', each single-valued option once, unknown words as the
 * script's own) and returns null for anything else (errors, {@code --}, {@code @files},
 * clustered short options, ...): picocli then parses those as before.
 * {@code QuickRunTest} compares the two on many command lines.
 */
public final class QuickRun {
    static final String INDEX_CLASS = "io.bpfx.cli.RunOptionsIndex";

    private QuickRun() {}

    /**
     * One option or positional parameter: the field it sets (a path through mixins), and how.
     * (Not a record: a record's equals/hashCode bootstrap costs method-handle set-up at start.)
     */
    private static final class Arg {
        final String path;
        final String type;
        final List<String> names;
        final String index;

        Arg(String path, String type, List<String> names, String index) {
            this.path = path;
            this.type = type;
            this.names = names;
            this.index = index;
        }

        boolean takesValue() {
            return !type.equals("boolean");
        }
    }

    /** RunCommand with the fields picocli would set for {@code words} (after "run"), or null. */
    static RunCommand parse(String[] words) {
        List<Arg> declared = index();
        if (declared == null) return null;
        Map<String, Arg> byName = new LinkedHashMap<>();
        List<Arg> positionals = new ArrayList<>();
        for (Arg a : declared) {
            if (a.index == null) {
                for (String n : a.names) byName.put(n, a);
            } else {
                positionals.add(a);
            }
        }
        RunCommand run = new RunCommand();
        Set<Arg> seen = new HashSet<>();
        int position = 0;
        try {
            for (int i = 0; i < words.length; i++) {
                String w = words[i];
                if (w.startsWith("@") || w.equals("--") || mayBeCluster(w, byName)) return null;
                Arg opt = byName.get(w);
                String value = null;
                if (opt == null && w.indexOf('=') > 0) {
                    opt = byName.get(w.substring(0, w.indexOf('=')));
                    if (opt != null) {
                        if (!opt.takesValue()) return null;
                        value = w.substring(w.indexOf('=') + 1);
                    }
                }
                if (opt == null) { // a positional parameter, or an option of the script's own
                    Arg p = positional(positionals, position++);
                    if (p == null || !set(run, p, w)) return null;
                    continue;
                }
                if (!opt.type.equals("map") && !seen.add(opt)) return null; // picocli: "specified only once"
                if (opt.takesValue() && value == null) {
                    if (i + 1 >= words.length) return null;
                    value = words[++i];
                }
                if (value != null && (value.startsWith("-") || value.startsWith("@"))) return null;
                if (!set(run, opt, value)) return null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // picocli reports it
        }
        return run;
    }

    /** {@code -xyz} where {@code -x} is one of ours: picocli reads a cluster of short options. */
    private static boolean mayBeCluster(String w, Map<String, Arg> byName) {
        return w.length() > 2 && w.charAt(0) == '-' && w.charAt(1) != '-' && !byName.containsKey(w)
                && byName.containsKey(w.substring(0, 2));
    }

    private static Arg positional(List<Arg> positionals, int position) {
        for (Arg p : positionals) {
            int dots = p.index.indexOf("..");
            int from = Integer.parseInt(dots < 0 ? p.index : p.index.substring(0, dots));
            boolean open = dots >= 0 && p.index.endsWith("*");
            if (position == from || open && position > from) return p;
        }
        return null;
    }

    /** Converts {@code value} as picocli's built-in converters do and sets the field; false: leave it to picocli. */
    @SuppressWarnings("unchecked")
    private static boolean set(RunCommand run, Arg arg, String value) throws ReflectiveOperationException {
        Object owner = run;
        String[] path = arg.path.split("\\.");
        for (int i = 0; i < path.length - 1; i++) owner = field(owner, path[i]).get(owner);
        Field f = field(owner, path[path.length - 1]);
        switch (arg.type) {
            case "boolean" -> f.setBoolean(owner, true);
            case "int" -> f.setInt(owner, Integer.parseInt(value));
            case "double" -> f.setDouble(owner, Double.parseDouble(value));
            case "string" -> f.set(owner, value);
            case "path" -> {
                try {
                    f.set(owner, Path.of(value));
                } catch (InvalidPathException e) {
                    return false;
                }
            }
            case "list" -> ((List<String>) f.get(owner)).add(value);
            case "map" -> {
                int eq = value.indexOf('=');
                if (eq <= 0 || eq == value.length() - 1) return false;
                ((Map<String, String>) f.get(owner)).put(value.substring(0, eq), value.substring(eq + 1));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static Field field(Object owner, String name) throws NoSuchFieldException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** The index the build wrote, or null (e.g. classes compiled outside Maven): picocli then parses every run. */
    private static List<Arg> index() {
        String text;
        try { // a class, not a resource: the first resource read costs ~10 ms of URL and jar machinery
            text = (String) Class.forName(INDEX_CLASS).getDeclaredField("TEXT").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
        List<Arg> args = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] w = line.strip().split(" ");
            List<String> rest = List.of(w).subList(3, w.length);
            args.add(w[0].equals("option") ? new Arg(w[1], w[2], rest, null) : new Arg(w[1], w[2], List.of(), w[3]));
        }
        return args;
    }

    /**
     * Build step (exec-maven-plugin, process-classes): compiles RunCommand's options and
     * parameters, as its picocli annotations declare them, into the class {@value #INDEX_CLASS}
     * in the classes directory {@code args[0]}.
     */
    public static void main(String[] args) throws IOException {
        List<String> lines = new ArrayList<>();
        describe(RunCommand.class, "", lines);
        StringBuilder text = new StringBuilder();
        for (String l : lines) text.append("\n            + \"").append(l.replace("\\", "\\\\").replace("\"", "\\\"")).append("\\n\"");
        String simpleName = INDEX_CLASS.substring(INDEX_CLASS.lastIndexOf('.') + 1);
        Path dir = Files.createTempDirectory("quickrun");
        Path source = dir.resolve(simpleName + ".java");
        Files.writeString(source, "package io.bpfx.cli;\n\n"
                + "/** run's options, written by the build from RunCommand's picocli annotations (QuickRun.main). */\n"
                + "final class " + simpleName + " {\n    static final String TEXT = \"\"" + text + ";\n}\n");
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "--release", "17", "-d", args[0], source.toString());
        Files.delete(source);
        Files.delete(dir);
        if (rc != 0) throw new IllegalStateException("javac failed on " + simpleName);
    }

    private static void describe(Class<?> type, String prefix, List<String> lines) {
        for (Field f : type.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            Parameters p = f.getAnnotation(Parameters.class);
            if (f.getAnnotation(Mixin.class) != null) {
                describe(f.getType(), prefix + f.getName() + ".", lines);
            } else if (o != null) {
                if (o.arity().length() > 0 || o.split().length() > 0 || o.negatable() || o.required()) {
                    throw new IllegalStateException("QuickRun does not parse options like " + f + ": teach it, or leave it to picocli");
                }
                lines.add("option " + prefix + f.getName() + " " + typeName(f) + " " + String.join(" ", o.names()));
            } else if (p != null) {
                if (!p.index().matches("\\d+(\\.\\.\\*)?")) {
                    throw new IllegalStateException("QuickRun reads parameter indexes N and N..* only, not " + f + ": teach it");
                }
                lines.add("param " + prefix + f.getName() + " " + typeName(f) + " " + p.index());
            }
        }
    }

    private static String typeName(Field f) {
        Class<?> t = f.getType();
        String generic = f.getGenericType().getTypeName();
        if (t == List.class && generic.equals("java.util.List<java.lang.String>")) return "list";
        if (t == Map.class && generic.equals("java.util.Map<java.lang.String, java.lang.String>")) return "map";
        if (t == boolean.class) return "boolean";
        if (t == int.class) return "int";
        if (t == double.class) return "double";
        if (t == String.class) return "string";
        if (t == Path.class) return "path";
        throw new IllegalStateException("QuickRun does not convert " + f + ": teach it, or leave it to picocli");
    }
}
