package io.bpfx.stdlib.pkg;

import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.dsl.ScriptModel;
import io.bpfx.dsl.ScriptOption;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.CompileRequest;
import io.bpfx.engine.build.Prebuilt;
import io.bpfx.engine.session.TargetFiles;
import io.bpfx.engine.session.TargetPlan;
import io.bpfx.stdlib.ToolInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code bpfx pack DIR}: a tool folder ({@code NAME.lua} + its C and headers) becomes a
 * package. Every {@code *.bpf.c} a target adds is compiled here, once, into a CO-RE object
 * that ships beside its source; BCC C ships as source. Symlinks and files outside the folder
 * are refused, so the package holds exactly what the folder holds.
 */
public final class Packer {
    private Packer() {}

    public static PackageArchive pack(Path dir, String version, BpfCompiler compiler) {
        String shown = dir.toString();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new BpfxException.NotFound("tool folder " + dir + " not found (bpfx pack takes a folder with NAME.lua)");
        }
        Path root = dir.toAbsolutePath().normalize();
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") || n.endsWith(".o")) continue; // objects are built here, not copied
                if (Files.isSymbolicLink(p)) throw EntryPaths.bad(shown, n + " is a symlink (a package holds plain files)");
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                if (Files.size(p) > PackageArchive.MAX_ENTRY) throw EntryPaths.bad(shown, n + " is too large");
                files.put(EntryPaths.check(shown, n), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new BpfxException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        String script = script(root, files, shown);
        String name = script.substring(0, script.length() - 4);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ScriptModel model = ScriptLoader.load(root.resolve(script), new RunOptions(0, false, quiet, quiet, Map.of())).model();
        List<PackageManifest.BuiltObject> objects = new ArrayList<>();
        for (TargetPlan plan : EngineHost.plans(model)) {
            for (Path include : plan.includeDirs) inside(root, include, shown, "include folder");
            for (Path f : plan.files) {
                String source = inside(root, f, shown, "file");
                if (!source.endsWith(".bpf.c") || TargetFiles.isBcc(plan, f)) continue;
                String object = source.substring(0, source.length() - 2) + ".o";
                byte[] built;
                try {
                    built = Files.readAllBytes(compiler.compile(new CompileRequest(f, plan.defines, plan.includeDirs)).object());
                } catch (IOException e) {
                    throw new BpfxException("cannot read the object of " + f + ": " + e.getMessage(), e);
                }
                files.put(object, built);
                objects.add(new PackageManifest.BuiltObject(source, object, List.copyOf(plan.defines),
                        Prebuilt.key(files.get(source), plan.defines)));
            }
        }
        ToolInfo info = ToolInfo.of(name, root.resolve(script));
        List<PackageManifest.Option> options = model.options().stream().map(Packer::option).toList();
        PackageManifest m = new PackageManifest(PackageManifest.FORMAT, name, version, info.description(), script,
                options, info.kinds(), objects, null, null);
        PackageManifest sealed = PackageArchive.seal(m, files);
        return new PackageArchive(sealed.checked(shown), files);
    }

    /** NAME.lua for a folder NAME, else the folder's only .lua. */
    private static String script(Path root, Map<String, byte[]> files, String shown) {
        String own = root.getFileName() + ".lua";
        if (files.containsKey(own)) return own;
        List<String> lua = files.keySet().stream().filter(n -> n.endsWith(".lua")).toList();
        if (lua.size() != 1) {
            throw EntryPaths.bad(shown, lua.isEmpty() ? "no .lua script in the folder"
                    : "several scripts and none named " + own + ": " + String.join(", ", lua));
        }
        return lua.get(0);
    }

    /** The entry name of {@code p}, which must be a file of the folder itself. */
    private static String inside(Path root, Path p, String shown, String what) {
        Path abs = p.toAbsolutePath().normalize();
        if (!root.equals(abs.getParent()) && !(what.startsWith("include") && root.equals(abs))) {
            throw EntryPaths.bad(shown, what + " " + p + " is outside the tool folder (a package holds its folder only)");
        }
        return root.equals(abs) ? "." : abs.getFileName().toString();
    }

    private static PackageManifest.Option option(ScriptOption o) {
        String names = o.isPositional() ? o.positional()
                : String.join(", ", Stream.of(o.shortName(), o.longName()).filter(x -> x != null).toList());
        return new PackageManifest.Option(names, o.help() == null ? "" : o.help());
    }
}
