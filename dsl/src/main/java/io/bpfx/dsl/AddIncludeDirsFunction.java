package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code add_includedirs(dir, ...)}: -I directories for the target's C, relative to the script. */
final class AddIncludeDirsFunction extends DslFunction {

    AddIncludeDirsFunction(DslRuntime runtime) {
        super(runtime, "add_includedirs", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        TargetSpec target = runtime.currentTarget(functionName());
        var where = runtime.callerLocation();
        for (String dir : args.strings("directory")) {
            target.addIncludeDir(DeclaredPath.resolve(runtime.baseDir(), dir, where));
        }
        return NONE;
    }
}
