package io.bpfx.cli;

import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.stdlib.ToolCatalog;
import io.bpfx.stdlib.pkg.PackageArchive;
import io.bpfx.stdlib.pkg.PackageManifest;
import io.bpfx.stdlib.pkg.PackageSource;
import io.bpfx.stdlib.pkg.PackageStore;
import io.bpfx.stdlib.pkg.Packer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import io.bpfx.engine.ProbeSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** bpfx pack, install, list, remove: tool packages (io.bpfx.stdlib.pkg does the work). */
final class PackageCommands {
    private PackageCommands() {}

    /** The installed packages; a run checks its kernel features the cheap way (sysfs), attach says the rest. */
    static PackageStore store() {
        return new PackageStore(PackageStore.defaultRoot(), ProbeSupport.simple());
    }

    /** The note for a package that has a ready tool's name: the package wins. */
    static String shadows(String name) {
        return ToolCatalog.names().contains(name) ? "runs instead of the ready tool " + name : "";
    }

    @Command(name = "pack", mixinStandardHelpOptions = false, description = "Build one package file from a tool folder; its BPF C is compiled once to CO-RE objects.")
    static final class Pack implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the tool folder") Path dir;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "default NAME-VERSION.bpfx") Path out;
        @Option(names = "--version", paramLabel = "VERSION", description = "default ${DEFAULT-VALUE}", defaultValue = "1.0.0")
        String version;
        @Option(names = {"-h", "--help"}, usageHelp = true) boolean help;

        @Override
        public Integer call() {
            try {
                PackageArchive a = Packer.pack(dir, version, new BpfCompiler(BpfCompiler.defaultCacheDir()));
                PackageManifest m = a.manifest();
                Path file = out != null ? out : Path.of(m.name() + "-" + m.version() + ".bpfx");
                Files.write(file, a.toZip());
                System.out.println("packed " + m.name() + " " + m.version() + " into " + file + ": " + m.objects().size()
                        + " object(s), needs " + String.join(",", m.features()) + ", sha256 " + m.checksum());
                return ExitCodes.OK;
            } catch (IOException e) {
                System.err.println("bpfx: cannot write " + out + ": " + e.getMessage());
                return ExitCodes.ERROR;
            } catch (RuntimeException e) {
                return Runs.report(e, System.err);
            }
        }
    }

    @Command(name = "install", description = "Install a package (a .bpfx file, a tool folder, or an http(s) URL) "
            + "under $BPFX_HOME/packages, else /var/lib/bpfx/packages as root.")
    static final class Install implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE|DIR|URL") String where;
        @Option(names = "--force", description = "install over a newer installed version") boolean force;
        @Option(names = "--version", paramLabel = "VERSION", description = "for a DIR: as bpfx pack --version",
                defaultValue = "1.0.0") String version;
        @Option(names = {"-h", "--help"}, usageHelp = true) boolean help;

        @Override
        public Integer call() {
            try {
                // installing asks the real probes (bpfx doctor's): a package this kernel cannot run is refused
                PackageStore store = new PackageStore(PackageStore.defaultRoot(), ProbeSupport.probed());
                PackageArchive a = PackageSource.read(where, version, new BpfCompiler(BpfCompiler.defaultCacheDir()));
                PackageStore.Outcome o = store.install(a, force);
                String name = o.installed().name();
                String note = shadows(name);
                System.out.println("installed " + name + " " + o.installed().version() + " in " + store.root()
                        + o.replaced().map(v -> " (replaced " + v + ")").orElse("") + (note.isEmpty() ? "" : "; it " + note));
                return ExitCodes.OK;
            } catch (RuntimeException e) {
                return Runs.report(e, System.err);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the installed packages with their versions.")
    static final class ListPackages implements Callable<Integer> {
        @Override
        public Integer call() {
            PackageStore store = store();
            var rows = store.list();
            if (rows.isEmpty()) System.out.println("no packages installed in " + store.root());
            else System.out.printf("%-16s %-10s %s%n", "PACKAGE", "VERSION", "SHOWS");
            for (PackageStore.Listed l : rows) {
                if (l.manifest() == null) {
                    System.out.printf("%-16s %-10s %s%n", l.name(), "?", "cannot run: " + l.problem());
                    continue;
                }
                System.out.printf("%-16s %-10s %s%n", l.name(), l.manifest().version(), l.manifest().description());
            }
            for (PackageStore.Listed l : rows) { // notes under the table keep rows under 80 columns
                if (!shadows(l.name()).isEmpty()) System.out.println(l.name() + ": " + shadows(l.name()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an installed package.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            try {
                PackageStore store = store();
                store.remove(name);
                System.out.println("removed " + name + " from " + store.root());
                return ExitCodes.OK;
            } catch (RuntimeException e) {
                return Runs.report(e, System.err);
            }
        }
    }
}
