package io.bpfx.dsl;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/** Puts the bpfx functions into a script's globals; the list here is the DSL's surface. */
final class DslLibrary {

    private DslLibrary() {
    }

    static void install(DslRuntime runtime) {
        Globals g = runtime.globals();
        // description scope
        g.set("target", new TargetFunction(runtime));
        g.set("target_end", new TargetEndFunction(runtime));
        g.set("set_kind", new SetKindFunction(runtime));
        g.set("add_files", new AddFilesFunction(runtime));
        g.set("add_defines", new AddDefinesFunction(runtime));
        g.set("add_includedirs", new AddIncludeDirsFunction(runtime));
        g.set("set_values", new SetValuesFunction(runtime));
        g.set("attach_to", new AttachToFunction(runtime));
        g.set("set_binary", new SetBinaryFunction(runtime));
        g.set("set_toolchains", new SetToolchainsFunction(runtime));
        g.set("on_event", new OnEventFunction(runtime));
        g.set("on_lost", new OnLostFunction(runtime));
        g.set("on_stop", new OnStopFunction(runtime));
        g.set("add_metric", new AddMetricFunction(runtime));
        g.set("entry", new EntryFunction(runtime));
        g.set("set_description", new SetDescriptionFunction(runtime));
        g.set("add_option", new AddOptionFunction(runtime));
        // script scope
        g.set("run", new RunFunction(runtime));
        g.set("stop", new StopFunction(runtime));
        g.set("sleep", new SleepFunction(runtime));
        g.set("every", new EveryFunction(runtime));
        g.set("exit", new ExitFunction(runtime, "exit"));
        g.set("map", new MapFunction(runtime));
        g.set("map_by_id", new MapByIdFunction(runtime));
        g.set("features", new FeaturesFunction(runtime));
        g.set("progs", new ProgsFunction(runtime));
        g.set("maps", new MapsFunction(runtime));
        g.set("attach", new AttachFunction(runtime));
        g.set("get_config", new GetConfigFunction(runtime));
        // either scope
        g.set("print", new PrintFunction(runtime, "print", "\t"));
        g.set("sort", new SortFunction(runtime));
        g.set("print_log2_hist", new PrintLog2HistFunction(runtime));
        g.set("u64", new Int64Function(runtime, "u64", true));
        g.set("s64", new Int64Function(runtime, "s64", false));
        g.set("ksym", new KsymFunction(runtime));
        g.set("usym", new UsymFunction(runtime));
        g.get("string").set("format", new StringFormatFunction());
        LuaValue os = g.get("os");
        os.set("print", new PrintFunction(runtime, "os.print", ""));
        os.set("exit", new ExitFunction(runtime, "os.exit"));
    }
}
