package io.bpfx.dsl;

/** Argument check shared by run/stop/map: the name of a declared target. */
final class KnownTargets {

    private KnownTargets() {
    }

    static String require(ScriptModel model, Args args, int index) {
        String name = args.string(index, "target name");
        if (model.target(name).isEmpty()) {
            throw args.error("unknown target \"" + name + "\" (declared: "
                    + (model.targetNames().isEmpty() ? "none" : String.join(", ", model.targetNames())) + ")");
        }
        return name;
    }
}
