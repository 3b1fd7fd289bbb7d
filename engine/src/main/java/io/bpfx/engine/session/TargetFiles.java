package io.bpfx.engine.session;

import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.LoadedUnit;
import io.bpfx.engine.bcc.BccModule;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.CompileRequest;
import io.bpfx.engine.build.CoreBtf;

import java.nio.file.Path;

/** What a target's file becomes, by its name and the target's toolchain: the one place that decides. */
public final class TargetFiles {
    private TargetFiles() {}

    /** The file compiled and opened: a BCC module (compiled and loaded by libbcc), or a libbpf object (not loaded). */
    static LoadedUnit open(BpfCompiler compiler, TargetPlan plan, Path file) {
        return isBcc(plan, file) ? BccModule.compile(file, bccDefines(plan), plan.includeDirs) : openObject(compiler, plan, file);
    }

    /** A target of BCC C only takes its set_values as -D defines (BCC C has no const volatile globals). */
    private static java.util.List<String> bccDefines(TargetPlan plan) {
        boolean allBcc = plan.files.stream().allMatch(f -> isBcc(plan, f));
        return allBcc ? io.bpfx.engine.bcc.BccDefines.of(plan.defines, plan.globals) : plan.defines;
    }

    /** BCC C: any *.c but *.bpf.c, or every *.c of a target with set_toolchains("bcc"). */
    public static boolean isBcc(TargetPlan plan, Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".c") && ("bcc".equals(plan.toolchain) || !n.endsWith(".bpf.c"));
    }

    /**
     * A libbpf file of the target, compiled if it is C ({@code *.bpf.c}) or read as is
     * ({@code *.o}), and opened: parsed, not loaded. The caller closes it.
     */
    public static BpfObject openObject(BpfCompiler compiler, TargetPlan plan, Path file) {
        String n = file.getFileName().toString();
        CoreBtf core = new CoreBtf(compiler.cacheDir());
        if (n.endsWith(".bpf.c")) {
            return core.open(compiler.compile(new CompileRequest(file, plan.defines, plan.includeDirs)).object());
        }
        if (n.endsWith(".o")) {
            return core.open(file);
        }
        throw new BpfxException.BadInput("target " + plan.name + ": don't know how to build " + file
                + " (expected *.bpf.c, *.bpf.o, or BCC *.c)");
    }
}
