package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/**
 * {@code add_files(path, ...)}: the target's BPF sources, relative to the script. Only kinds
 * bpfx can build are accepted: {@code *.bpf.c} (clang, CO-RE), {@code *.bpf.o} (as is), other
 * {@code *.c} (BCC). Existence is checked before entry runs ({@link ScriptValidator}).
 */
final class AddFilesFunction extends DslFunction {

    AddFilesFunction(DslRuntime runtime) {
        super(runtime, "add_files", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        TargetSpec target = runtime.currentTarget(functionName());
        String[] files = args.strings("file");
        var where = runtime.callerLocation();
        for (String file : files) {
            if (!file.endsWith(".c") && !file.endsWith(".o")) {
                throw args.error("cannot build \"" + file + "\": expected a *.bpf.c, *.bpf.o or BCC *.c file");
            }
            target.addFile(DeclaredPath.resolve(runtime.baseDir(), file, where));
        }
        return NONE;
    }
}
