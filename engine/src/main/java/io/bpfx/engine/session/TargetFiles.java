package io.bpfx.engine.session;

import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.LoadedUnit;
import io.bpfx.engine.bcc.BccModule;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.CompileRequest;

import java.nio.file.Path;

/** What a target's file becomes, by its name and the target's toolchain: the one place that decides. */
public final class TargetFiles {
    private TargetFiles() {}

    /** The file compiled and opened: a BCC module (compiled and loaded by libbcc), or a libbpf object (not loaded). */
    static LoadedUnit open(BpfCompiler compiler, TargetPlan plan, Path file) {
        return isBcc(plan, file) ? BccModule.compile(file, plan.defines, plan.includeDirs) : openObject(compiler, plan, file);
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
        if (n.endsWith(".bpf.c")) {
            return BpfObject.open(compiler.compile(new CompileRequest(file, plan.defines, plan.includeDirs)).object());
        }
        if (n.endsWith(".o")) {
            return BpfObject.open(file);
        }
        throw new BpfxException.BadInput("target " + plan.name + ": don't know how to build " + file
                + " (expected *.bpf.c, *.bpf.o, or BCC *.c)");
    }
}
