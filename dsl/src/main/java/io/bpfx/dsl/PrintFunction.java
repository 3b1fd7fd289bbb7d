package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/**
 * {@code print(...)} and {@code os.print(...)}: tables print as {@code { comm = "lua", pid = 1234 }}
 * with keys sorted. {@code print} separates arguments with a tab as Lua does; {@code os.print}
 * writes them back to back, so {@code os.print("event: ", event)} reads as written. In --json
 * mode both write one NDJSON line. Allowed in both scopes: printing touches no kernel.
 */
final class PrintFunction extends DslFunction {
    private final String separator;

    PrintFunction(DslRuntime runtime, String name, String separator) {
        super(runtime, name, null);
        this.separator = separator;
    }

    @Override
    Varargs call(Args args) {
        runtime.output().print(args.all(), separator);
        return NONE;
    }
}
