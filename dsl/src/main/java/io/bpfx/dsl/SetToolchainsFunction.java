package io.bpfx.dsl;

import java.util.Set;
import org.luaj.vm2.Varargs;

/**
 * {@code set_toolchains("bcc")} (xmake's name): build the target's C with BCC instead of
 * clang/libbpf CO-RE, or {@code "clang"} to insist on the CO-RE path.
 */
final class SetToolchainsFunction extends DslFunction {
    private static final Set<String> KNOWN = Set.of("bcc", "clang");

    SetToolchainsFunction(DslRuntime runtime) {
        super(runtime, "set_toolchains", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        TargetSpec target = runtime.currentTarget(functionName());
        String toolchain = args.string(1, "toolchain");
        if (!KNOWN.contains(toolchain)) {
            throw args.error("unknown toolchain \"" + toolchain + "\" (expected bcc or clang)");
        }
        target.setToolchain(toolchain);
        return NONE;
    }
}
